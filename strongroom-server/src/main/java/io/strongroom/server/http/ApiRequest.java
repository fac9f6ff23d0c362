package io.strongroom.server.http;

import java.util.Map;

/**
 * One parsed request, as routes see it. The token and body are secrets: this record's toString hides them.
 *
 * @param method upper-case HTTP method
 * @param path the path, e.g. {@code /v1/sys/health}
 * @param query first value of each query parameter; a parameter without value maps to ""
 * @param body the raw body, at most {@link RequestLimits#maxRequestBytes()}; zeroed after the route returns
 * @param token the client token from {@code X-Vault-Token} or {@code Authorization: Bearer}, null when none
 * @param contentType the {@code Content-Type} header, or null
 * @param remoteAddress the client's IP address (audit {@code remote_address}), or null when unknown
 */
record ApiRequest(String method, String path, Map<String, String> query, byte[] body, String token,
        String contentType, String remoteAddress) {

    ApiRequest {
        query = Map.copyOf(query);
    }

    /** Without a known client address (tests). */
    ApiRequest(String method, String path, Map<String, String> query, byte[] body, String token,
            String contentType) {
        this(method, path, query, body, token, contentType, null);
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + path + "]";
    }
}
