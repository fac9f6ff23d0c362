package io.strongroom.server.http;

import io.strongroom.base.ConfigException;

/**
 * How much request body the HTTP layer holds in memory: per request and for all requests at once.
 *
 * <p>A body is buffered whole before its route runs (the sys/ documents are small JSON objects), so without a
 * server-wide bound anyone who can open connections could make the server hold {@code connections x
 * maxRequestBytes} (issue #6: 80 bodies of 32 MiB took the heap from 0.6 to 3.7 GB). The budget bounds that sum;
 * see {@link BodyBudget} for what happens beyond it.
 *
 * @param maxRequestBytes the largest body any request may send, whatever its listener's {@code max_request_size}
 *     says (each listener's own limit applies below it); over it: 413 (vault-compat: Vault's default 32 MiB,
 *     {@code http/handler.go DefaultMaxRequestSize})
 * @param bodyBudgetBytes the bytes all bodies in transit may hold together; at least {@code maxRequestBytes}, or a
 *     body of the maximum size could never be read
 */
public record RequestLimits(long maxRequestBytes, long bodyBudgetBytes) {

    /** vault-compat: Vault's default {@code max_request_size}, 32 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    /** Two bodies of the maximum size, or very many small ones; far below the 256 MiB heap of a small server. */
    public static final long DEFAULT_BODY_BUDGET_BYTES = 64L * 1024 * 1024;

    /** The array a body is read into is a Java array: it cannot exceed this. */
    static final long ARRAY_LIMIT = Integer.MAX_VALUE - 16;

    public RequestLimits {
        if (maxRequestBytes <= 0 || maxRequestBytes > ARRAY_LIMIT) {
            throw new ConfigException("max request size must be between 1 and " + ARRAY_LIMIT + " bytes, not "
                    + maxRequestBytes);
        }
        if (bodyBudgetBytes < maxRequestBytes) {
            throw new ConfigException("the request body budget (" + bodyBudgetBytes
                    + " bytes) must be at least the max request size (" + maxRequestBytes + " bytes)");
        }
    }

    /**
     * The server-wide limits that fit these listeners: no request above the largest {@code max_request_size} (a
     * negative one counts as the default budget), and a budget of 64 MiB or that size, whichever is larger (a
     * body the listener accepts must fit the budget).
     */
    public static RequestLimits forListeners(java.util.List<ListenerSettings> listeners) {
        long largest = DEFAULT_MAX_REQUEST_BYTES;
        for (ListenerSettings l : listeners) {
            long size = l.limits().maxRequestSize() < 0 ? DEFAULT_BODY_BUDGET_BYTES : l.limits().maxRequestSize();
            largest = Math.max(largest, Math.min(size, ARRAY_LIMIT));
        }
        return new RequestLimits(largest, Math.max(DEFAULT_BODY_BUDGET_BYTES, largest));
    }

    /** 32 MiB per request, 64 MiB for all. */
    public static RequestLimits defaults() {
        return new RequestLimits(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_BODY_BUDGET_BYTES);
    }
}
