package io.strongroom.awskms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A minimal EC2 instance metadata (IMDS) client: IMDSv2 (PUT a session token, then GET with it) and, unless
 * disabled, an IMDSv1 fallback (GET without a token), each request bounded by one short timeout.
 *
 * <p>Why not the SDK's {@code Ec2MetadataClient} / {@code InstanceProfileCredentialsProvider}: their endpoint can be
 * set on the builder, but "metadata disabled", "v1 fallback disabled" and the timeout are read only from process-wide
 * system properties and environment variables ({@code aws.disableEc2Metadata}, {@code AWS_EC2_METADATA_V1_DISABLED},
 * {@code AWS_METADATA_SERVICE_TIMEOUT} ...), which breaks the rule that all settings come from the env map given to
 * {@link KmsClientFactory}. They also cannot say <em>why</em> they failed per step ("timed out after 1 s (IMDSv2
 * token) and 1 s (IMDSv1)"). The protocol is three HTTP calls, so it is implemented here over the JDK client.
 *
 * <p>Timing (vault-compat, Vault PR #10133): with a metadata service that accepts connections and never answers, a
 * lookup costs one timeout for the token PUT plus one for the v1 GET: about 2 s with the default 1 s.
 * No proxy is ever used: the JDK client's default is a direct connection.
 *
 * <p>Thread-safe. The v2 token is cached until shortly before its TTL ends; a failed token is not cached, so a
 * later lookup tries IMDSv2 again (the SDK behaves the same way).
 */
final class ImdsClient {

    static final String DEFAULT_ENDPOINT = "http://169.254.169.254";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    private static final int TOKEN_TTL_SECONDS = 21_600;
    private static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    private static final String TIMED_OUT = "timed out after ";

    private final URI endpoint;
    private final boolean v1Disabled;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant tokenRefreshAt = Instant.MIN;

    ImdsClient(URI endpoint, boolean v1Disabled, Duration timeout, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.v1Disabled = v1Disabled;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with a metadata service
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    Duration timeout() {
        return timeout;
    }

    /** Opens a lookup: gets (or reuses) an IMDSv2 token, or records why not and falls back to v1 if allowed. */
    Session open() throws ImdsException {
        String why;
        synchronized (this) {
            if (token != null && clock.instant().isBefore(tokenRefreshAt)) {
                return new Session(token, null);
            }
        }
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(resolve("/latest/api/token"))
                    .header("X-aws-ec2-metadata-token-ttl-seconds", Integer.toString(TOKEN_TTL_SECONDS))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            if (r.statusCode() == 200 && !r.body().isBlank()) {
                synchronized (this) {
                    token = r.body().trim();
                    tokenRefreshAt = clock.instant().plusSeconds(TOKEN_TTL_SECONDS - 60);
                }
                return new Session(token, null);
            }
            why = "HTTP " + r.statusCode();
        } catch (IOException e) {
            why = describe(e);
        }
        if (v1Disabled) {
            throw new ImdsException(why + " (IMDSv2 token); IMDSv1 fallback disabled (AWS_EC2_METADATA_V1_DISABLED)");
        }
        return new Session(null, why);
    }

    /** One lookup's view: the token to send, or the reason IMDSv2 failed (then requests go without a token). */
    final class Session {
        private final String sessionToken;
        private final String tokenFailure;

        private Session(String sessionToken, String tokenFailure) {
            this.sessionToken = sessionToken;
            this.tokenFailure = tokenFailure;
        }

        /** "IMDSv2" when this lookup uses a session token, else "IMDSv1". */
        String version() {
            return sessionToken != null ? "IMDSv2" : "IMDSv1";
        }

        /** GETs a metadata path; a non-200 answer or an I/O failure is an {@link ImdsException} saying which step. */
        String get(String path) throws ImdsException {
            HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).GET();
            if (sessionToken != null) {
                b.header(TOKEN_HEADER, sessionToken);
            }
            String why;
            try {
                HttpResponse<String> r = send(b);
                if (r.statusCode() == 200) {
                    return r.body();
                }
                why = "HTTP " + r.statusCode() + " for GET " + path;
            } catch (IOException e) {
                why = describe(e);
            }
            if (sessionToken != null) {
                throw new ImdsException(why + " (IMDSv2)");
            }
            // "timed out after 1 s (IMDSv2 token) and 1 s (IMDSv1)": the two-timeout cost reads at a glance
            String v1 = why.equals(tokenFailure) && why.startsWith(TIMED_OUT) ? why.substring(TIMED_OUT.length()) : why;
            throw new ImdsException(tokenFailure + " (IMDSv2 token) and " + v1 + " (IMDSv1)");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
        try {
            return http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI resolve(String path) {
        String base = endpoint.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + Durations.format(timeout);
        }
        if (e instanceof HttpTimeoutException) {
            return TIMED_OUT + Durations.format(timeout);
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A metadata lookup failed; the message says which step and why. */
    static final class ImdsException extends Exception {
        ImdsException(String message) {
            super(message);
        }
    }
}
