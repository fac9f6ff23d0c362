package io.strongroom.server.http;

import io.strongroom.base.StrongroomException;

/**
 * The request body would not fit in the server-wide {@link BodyBudget}; {@link ErrorMapper} maps it to 503.
 *
 * <p>Why 503 and not 413: the request is within {@code max_request_size} and would be accepted a moment later;
 * what is short is the server's memory for bodies in transit, a temporary condition of the server. 413 would
 * tell the client to shrink a valid request, and clients do not retry 4xx; Vault's Go client (and the CLI)
 * retries 5xx other than 501 with back-off, so a legitimate client caught in a flood recovers by itself.
 */
final class ServerBusyException extends StrongroomException {
    ServerBusyException() {
        super("server busy: too many request bodies in transit; retry later");
    }
}
