package io.strongroom.server.http;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.router.RequestPipeline;
import io.strongroom.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/sys/metrics} (vault-compat: {@code http/sys_metrics.go}): the server's metrics, as Prometheus text
 * with {@code ?format=prometheus}, as Vault's JSON document otherwise ({@link ServerMetrics#json()}).
 *
 * <p>Access: a token with {@code read} on {@code sys/metrics}, unless the listener the request arrived on has
 * {@code telemetry { unauthenticated_metrics_access = true }}; then no token is needed, even while sealed.
 */
final class MetricsRoute {

    static final String PATH = "/v1/sys/metrics";
    /** vault-compat: the content type of Vault's Prometheus answer. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** vault-compat: metricsutil's text when {@code prometheus_retention_time} is 0. */
    static final String PROMETHEUS_DISABLED = "prometheus is not enabled";

    private final ServerMetrics metrics;
    private final RequestPipeline pipeline;

    /**
     * @param pipeline authorizes {@code read} on {@code sys/metrics}; null (seal-only test servers): metrics need
     *     unauthenticated access
     */
    MetricsRoute(ServerMetrics metrics, RequestPipeline pipeline) {
        this.metrics = metrics;
        this.pipeline = pipeline;
    }

    ServerMetrics metrics() {
        return metrics;
    }

    ApiResponse handle(ApiRequest request, boolean unauthenticated) {
        if (!unauthenticated) {
            if (pipeline == null) {
                throw new io.strongroom.base.PermissionDeniedException();
            }
            pipeline.authorize(Operation.READ, "sys/metrics", request.token(), request.remoteAddress());
        }
        String format = request.query().getOrDefault("format", "");
        if (format.equals("prometheus")) {
            if (!metrics.config().prometheusEnabled()) {
                return ErrorMapper.error(400, PROMETHEUS_DISABLED);
            }
            return ApiResponse.ok(new ApiResponse.Raw(PROMETHEUS_CONTENT_TYPE,
                    metrics.prometheusText().getBytes(StandardCharsets.UTF_8)));
        }
        if (!format.isEmpty()) {
            // the value is not echoed: query text is the caller's, and answers are logged by proxies
            throw new InvalidRequestException("metric response format unknown; use format=prometheus, or none for JSON");
        }
        return ApiResponse.ok(metrics.json());
    }
}
