package io.strongroom.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strongroom.awskms.KmsCallObserver;
import io.strongroom.server.config.TelemetryConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The server's metrics, in one Micrometer {@link PrometheusMeterRegistry}; {@code GET /v1/sys/metrics} shows them.
 *
 * <p>Names (vault-compat: Vault's where Vault has one, dotted in JSON, Prometheus-style with {@code _} in the
 * Prometheus text; Micrometer adds {@code _seconds} to timers and {@code _total} to counters):
 * <ul>
 *   <li>{@code vault.core.unsealed} gauge, 1 unsealed, 0 sealed; {@code vault.core.active} gauge, 1 when this node
 *       serves requests (unsealed and active; a single node is active whenever it is unsealed);</li>
 *   <li>{@code vault.route} timer by {@code operation} and {@code mount} (the mount path with {@code /} as
 *       {@code -}, as Vault spells its {@code vault.route.<operation>.<mount>} metrics): every routed request;</li>
 *   <li>{@code vault.token.count} gauge: tokens in the store (recounted at most once a minute, NaN while sealed);</li>
 *   <li>{@code vault.audit.log_request_failure} and {@code vault.audit.log_response_failure} counters: entries no
 *       audit device could write (each refused a request);</li>
 *   <li>{@code vault.core.handle_request} timer, every {@code /v1/} request; {@code vault.http.requests} counter
 *       by {@code method} and {@code code} (the HTTP status);</li>
 *   <li>{@code vault.barrier.get|put|list|delete} timers, every barrier operation of the data plane;</li>
 *   <li>{@code vault.seal.kms.call} timer by {@code operation} (Encrypt, Decrypt, DescribeKey) and {@code outcome}
 *       (success, error), retries included; {@code vault.seal.kms.errors} counter by {@code operation} and
 *       {@code kind}; {@code vault.seal.kms.last_success_age} gauge, seconds since the last successful KMS call
 *       (NaN before the first);</li>
 *   <li>{@code vault.core.unseal.attempts} counter by {@code outcome} (success, failure): auto-unseal tries.</li>
 * </ul>
 * Labels never carry request paths, tokens or messages (a mount path is the operator's, and there are few).
 * Thread-safe.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TelemetryConfig config;
    private final Clock clock;
    private final Timer handleRequest;
    private final Map<String, Timer> barrier = new LinkedHashMap<>();
    // every request records one of these: found by a map lookup, not built and registered again each time
    private final Map<String, Timer> routes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong lastKmsSuccessMillis = new AtomicLong(-1);

    public ServerMetrics(TelemetryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        if (!config.disableHostname()) {
            registry.config().commonTags("host", hostName());
        }
        handleRequest = Timer.builder("vault.core.handle_request").description("every /v1/ request")
                .register(registry);
        for (String op : List.of("get", "put", "list", "delete")) {
            barrier.put(op, Timer.builder("vault.barrier." + op).register(registry));
        }
        // Supplier gauges: Micrometer holds an object gauge's state weakly, a supplier strongly
        Gauge.builder("vault.seal.kms.last_success_age", this::kmsSuccessAgeSeconds)
                .description("seconds since the last successful AWS KMS call; NaN before the first")
                .baseUnit("seconds").register(registry);
    }

    /**
     * Metrics for an HTTP server built without a configuration (tests, seal-only servers): the default retention,
     * no host label. A configured server passes its {@code telemetry} stanza to the constructor instead.
     */
    public static ServerMetrics defaults() {
        return new ServerMetrics(new TelemetryConfig(TelemetryConfig.DEFAULT.prometheusRetentionTime(), true),
                Clock.systemUTC());
    }

    private static String hostName() {
        return HostName.NAME;
    }

    /** Looked up once per process, and only when a host label is wanted (the lookup may wait for DNS). */
    private static final class HostName {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public TelemetryConfig config() {
        return config;
    }

    /** Registers {@code vault.core.unsealed}, read from {@code unsealed} at every scrape. */
    /**
     * The seal health check's gauges: {@code vault.seal.unreachable.time}, milliseconds since the last successful
     * probe while the seal is unhealthy and 0 while healthy (vault-compat: vault-seal-spec 3.8), and
     * {@code vault.seal.health.last_success_age}, seconds since the last successful probe in any state.
     */
    public void sealHealthGauges(io.strongroom.core.lifecycle.KmsHealthCheck health) {
        sealHealthGauges(health, null);
    }

    /**
     * As {@link #sealHealthGauges(io.strongroom.core.lifecycle.KmsHealthCheck)}, tagged {@code seal=<name>} (Seal HA,
     * issue 10: one series per seal; every series of a name then carries the tag, as Prometheus requires).
     *
     * @param sealName the seal's name, or null for the untagged single-seal gauges
     */
    public void sealHealthGauges(io.strongroom.core.lifecycle.KmsHealthCheck health, String sealName) {
        io.micrometer.core.instrument.Tags tags = sealName == null ? io.micrometer.core.instrument.Tags.empty()
                : io.micrometer.core.instrument.Tags.of("seal", sealName);
        Gauge.builder("vault.seal.unreachable.time", health::unreachableMillis)
                .description("milliseconds since the last successful seal health probe while unhealthy; 0 when healthy")
                .tags(tags).register(registry);
        Gauge.builder("vault.seal.health.last_success_age",
                () -> java.time.Duration.between(health.status().lastSuccess(), clock.instant()).toMillis() / 1000.0)
                .description("seconds since the last successful seal health probe")
                .tags(tags).register(registry);
    }

    public void unsealedGauge(BooleanSupplier unsealed) {
        Gauge.builder("vault.core.unsealed", () -> unsealed.getAsBoolean() ? 1 : 0)
                .description("1 when unsealed, 0 when sealed").register(registry);
    }

    /** Registers {@code vault.core.active}, read from {@code active} at every scrape. */
    public void activeGauge(BooleanSupplier active) {
        Gauge.builder("vault.core.active", () -> active.getAsBoolean() ? 1 : 0)
                .description("1 when this node is active").register(registry);
    }

    /** One routed request: its operation ({@code read}, {@code create}...) and mount path ({@code secret/}). */
    public void route(String operation, String mountPoint, long nanos) {
        routes.computeIfAbsent(operation + ' ' + mountPoint, k -> Timer.builder("vault.route")
                .tag("operation", operation).tag("mount", mountPoint.replace('/', '-')).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Registers {@code vault.token.count}. Counting reads the token store, so a scrape recounts at most once a
     * minute (vault-compat: Vault gathers its usage gauges periodically too, every 10 minutes by default).
     *
     * @param count the number of tokens; may throw when sealed (the gauge is NaN then)
     */
    public void tokenCountGauge(java.util.function.LongSupplier count) {
        AtomicLong at = new AtomicLong(Long.MIN_VALUE);
        java.util.concurrent.atomic.AtomicReference<Double> last =
                new java.util.concurrent.atomic.AtomicReference<>(Double.NaN);
        Gauge.builder("vault.token.count", () -> {
            long now = clock.millis();
            if (now - at.get() >= 60_000 || last.get().isNaN()) {
                try {
                    last.set((double) count.getAsLong());
                    at.set(now);
                } catch (RuntimeException sealed) {
                    last.set(Double.NaN);
                }
            }
            return last.get();
        }).description("tokens in the token store").register(registry);
    }

    /**
     * Registers the audit failure counters, read from the broker's own counts at every scrape. (Micrometer holds
     * a function counter's object weakly: it must be the long-lived broker, not a lambda that could be collected.)
     */
    public void auditFailures(io.strongroom.audit.AuditBroker broker) {
        FunctionCounter.builder("vault.audit.log_request_failure", broker, b -> b.requestFailures())
                .description("request entries no audit device could write").register(registry);
        FunctionCounter.builder("vault.audit.log_response_failure", broker, b -> b.responseFailures())
                .description("response entries no audit device could write").register(registry);
    }

    /** One answered {@code /v1/} request. */
    public void request(String method, int status, long nanos) {
        handleRequest.record(nanos, TimeUnit.NANOSECONDS);
        requests.computeIfAbsent(method + ' ' + status, k -> Counter.builder("vault.http.requests")
                .tag("method", method).tag("code", Integer.toString(status)).register(registry)).increment();
    }

    /** The timer of one barrier operation: {@code get}, {@code put}, {@code list} or {@code delete}. */
    Timer barrierTimer(String operation) {
        return barrier.get(operation);
    }

    /** Told about every KMS operation of the awskms seal. */
    public KmsCallObserver kmsObserver() {
        return (operation, nanos, errorKind) -> {
            Timer.builder("vault.seal.kms.call").tag("operation", operation)
                    .tag("outcome", errorKind == null ? "success" : "error").register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
            if (errorKind == null) {
                lastKmsSuccessMillis.set(clock.millis());
            } else {
                Counter.builder("vault.seal.kms.errors").tag("operation", operation).tag("kind", errorKind)
                        .register(registry).increment();
            }
        };
    }

    /** One auto-unseal try and whether it unsealed. */
    public void unsealAttempt(boolean unsealed) {
        Counter.builder("vault.core.unseal.attempts").tag("outcome", unsealed ? "success" : "failure")
                .register(registry).increment();
    }

    private double kmsSuccessAgeSeconds() {
        long last = lastKmsSuccessMillis.get();
        return last < 0 ? Double.NaN : Math.max(0, clock.millis() - last) / 1000.0;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String prometheusText() {
        return registry.scrape();
    }

    /**
     * Vault's JSON shape of {@code sys/metrics} (vault-compat: go-metrics' in-memory sink, simplified):
     * {@code {"Timestamp", "Gauges": [{"Name","Value","Labels"}], "Counters": [{"Name","Count","Labels"}],
     * "Samples": [{"Name","Count","Sum","Max","Mean","Labels"}]}}; times in milliseconds as in Vault.
     */
    public Map<String, Object> json() {
        List<Map<String, Object>> gauges = new ArrayList<>();
        List<Map<String, Object>> counters = new ArrayList<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Name", m.getId().getName());
            if (m instanceof Gauge g) {
                double v = g.value();
                row.put("Value", Double.isNaN(v) ? null : v);
                row.put("Labels", labels(m));
                gauges.add(row);
            } else if (m instanceof Counter c) {
                row.put("Count", (long) c.count());
                row.put("Labels", labels(m));
                counters.add(row);
            } else if (m instanceof FunctionCounter c) {
                row.put("Count", (long) c.count());
                row.put("Labels", labels(m));
                counters.add(row);
            } else if (m instanceof Timer t) {
                row.put("Count", t.count());
                row.put("Sum", t.totalTime(TimeUnit.MILLISECONDS));
                row.put("Max", t.max(TimeUnit.MILLISECONDS));
                row.put("Mean", t.mean(TimeUnit.MILLISECONDS));
                row.put("Labels", labels(m));
                samples.add(row);
            }
        }
        java.util.Comparator<Map<String, Object>> byName = java.util.Comparator.comparing(r -> (String) r.get("Name"));
        gauges.sort(byName);
        counters.sort(byName);
        samples.sort(byName);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Timestamp", Instant.ofEpochMilli(clock.millis()).toString());
        out.put("Gauges", gauges);
        out.put("Counters", counters);
        out.put("Samples", samples);
        return out;
    }

    private static Map<String, String> labels(Meter m) {
        Map<String, String> l = new TreeMap<>();
        for (Tag t : m.getId().getTags()) {
            l.put(t.getKey(), t.getValue());
        }
        return l;
    }
}
