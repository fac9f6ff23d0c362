package io.strongroom.server.http;

/**
 * What a route answers: a status and a body that {@link Json} serializes, or null for no body (204, HEAD).
 */
record ApiResponse(int status, Object body) {

    /** A body sent as these bytes with this content type, not as JSON (the Prometheus text of sys/metrics). */
    record Raw(String contentType, byte[] bytes) {
    }

    /**
     * A body sent as these bytes with this content type and these extra headers (the web UI's files, its
     * redirects).
     */
    record Page(String contentType, byte[] bytes, java.util.Map<String, String> headers) {
        Page {
            headers = java.util.Map.copyOf(headers);
        }
    }

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}
