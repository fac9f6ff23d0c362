package io.strongroom.logical;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request as a backend sees it.
 *
 * @param id a new UUID per request ({@code request_id} in the answer, the audit entry's id)
 * @param operation what to do
 * @param path the full logical path without {@code /v1/}, e.g. {@code secret/data/app}; list paths end in {@code /}
 * @param mountPoint the mount that serves it, with its trailing slash ({@code secret/}); empty before routing
 * @param data the body (writes) or query parameters (reads, lists, deletes); never null, unmodifiable
 * @param caller the resolved token; null on unauthenticated paths
 * @param sudo whether the caller's policies grant {@code sudo} on this path (some handlers need it, e.g. a token
 *     with a chosen id)
 * @param remoteAddress the client's address, for audit
 */
public record Request(String id, Operation operation, String path, String mountPoint, Map<String, Object> data,
        Caller caller, boolean sudo, String remoteAddress) {

    public Request {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(path, "path");
        mountPoint = mountPoint == null ? "" : mountPoint;
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The path below the mount point ({@code data/app} for {@code secret/data/app} on {@code secret/}). */
    public String relativePath() {
        return path.startsWith(mountPoint) ? path.substring(mountPoint.length()) : path;
    }

    /** The same request routed to {@code mount}. */
    public Request routedTo(String mount) {
        return new Request(id, operation, path, mount, data, caller, sudo, remoteAddress);
    }

    /** The same request with another operation (update becomes create after the existence check). */
    public Request withOperation(Operation op) {
        return new Request(id, op, path, mountPoint, data, caller, sudo, remoteAddress);
    }

    /** The same request with the caller's sudo right on this path decided. */
    public Request withSudo(boolean hasSudo) {
        return new Request(id, operation, path, mountPoint, data, caller, hasSudo, remoteAddress);
    }

    /** Data values are secrets: the string form names the keys only. */
    @Override
    public String toString() {
        return "Request[" + operation + " " + path + ", data keys=" + data.keySet() + ", caller=" + caller + "]";
    }
}
