package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.config.ListenerLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #8, request limits: one server with two listeners, Vault's default limits on the first and small ones on
 * the second, so each limit is shown on its own listener and the defaults are shown to hold (per listener, as
 * Vault's keys are). Clients are raw sockets: a Java HTTP client would not trickle bytes or lie about lengths.
 */
class RequestLimitsTest {

    private static final ListenerLimits SMALL = new ListenerLimits(1024, Duration.ofMillis(1500),
            Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofMillis(800));

    private static FakeLifecycle lifecycle;
    private static ApiServer server;
    private static int defaultPort;
    private static int smallPort;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = FakeLifecycle.awsKms();
        server = new ApiServer(lifecycle, Clock.systemUTC(), List.of(ListenerSettings.plain("127.0.0.1:0"),
                ListenerSettings.plain("127.0.0.1:0").withLimits(SMALL)), Duration.ZERO);
        server.start();
        defaultPort = server.port(0);
        smallPort = server.port(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void body33MiB_declaredLength_is413BeforeTheBodyIsSent() throws Exception {
        long length = 33L * 1024 * 1024;
        try (Socket socket = RawHttp.connect(defaultPort, 5_000)) {
            socket.getOutputStream().write(RawHttp.head("PUT", "/v1/sys/unseal",
                    "Content-Type: application/json", "Content-Length: " + length));
            socket.getOutputStream().flush();
            // not one body byte sent: the answer can only come from the declared length
            long t0 = System.nanoTime();
            String answer = RawHttp.readAll(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(RawHttp.status(answer)).isEqualTo(413);
            assertThat(RawHttp.body(answer)).contains("http: request body too large");
            assertThat(took).as("413 without waiting for the body").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void body33MiB_streamed_is413AndNotReadWhole() throws Exception {
        // a client that sends what it declared: the server answers once the limit is passed and stops reading
        long length = 33L * 1024 * 1024;
        try (Socket socket = RawHttp.connect(defaultPort, 10_000)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.head("PUT", "/v1/sys/unseal", "Transfer-Encoding: chunked"));
            byte[] chunk = new byte[1024 * 1024];
            long sent = 0;
            try {
                while (sent < length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByServer) {
                // expected once the server has answered and closed
            }
            String answer = RawHttp.readAll(socket.getInputStream());
            assertThat(RawHttp.status(answer)).isEqualTo(413);
        }
        assertThat(awaitBudgetEmpty()).as("nothing kept reserved").isZero();
    }

    @Test
    void maxRequestSize_perListener_smallListenerRefusesWhatDefaultAccepts() throws Exception {
        String body = "{\"key\":\"" + "a".repeat(2000) + "\"}";
        byte[] request = (new String(RawHttp.head("PUT", "/v1/sys/unseal", "Content-Type: application/json",
                "Content-Length: " + body.length()), StandardCharsets.US_ASCII) + body).getBytes(StandardCharsets.US_ASCII);
        assertThat(RawHttp.status(RawHttp.exchange(smallPort, request))).isEqualTo(413);
        // the same body is within the default listener's 32 MiB: it reaches the route (which refuses the key)
        assertThat(RawHttp.status(RawHttp.exchange(defaultPort, request))).isEqualTo(400);
    }

    @Test
    void slowClients200_holdingConnections_normalClientAnsweredUnderOneSecond() throws Exception {
        List<Socket> slow = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = RawHttp.connect(defaultPort, 5_000);
                if (i % 2 == 0) {
                    // slowloris: part of a request head, never finished
                    s.getOutputStream().write("GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    // slow body: a whole head, then 10 of 1000 declared bytes
                    s.getOutputStream().write(RawHttp.head("PUT", "/v1/sys/unseal", "Content-Length: 1000"));
                    s.getOutputStream().write("{\"key\":\"ab".getBytes(StandardCharsets.US_ASCII));
                }
                s.getOutputStream().flush();
                slow.add(s);
            }
            // a blocked server would answer only once the slow clients time out (10 s for heads, 30 s for bodies);
            // the best of 5 tries must be under a second, and none may wait for those timeouts (on a shared,
            // loaded machine a single try can be slow for reasons of its own)
            List<Duration> times = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + defaultPort + "/v1/sys/seal-status"))
                        .timeout(Duration.ofSeconds(9)).build(), HttpResponse.BodyHandlers.ofString());
                times.add(Duration.ofNanos(System.nanoTime() - t0));
                assertThat(r.statusCode()).isEqualTo(200);
            }
            assertThat(times.stream().min(Duration::compareTo).orElseThrow())
                    .as("a normal client's best answer time while 200 clients misbehave, of " + times)
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(times).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(9)));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void readHeaderTimeout_headNeverFinished_connectionClosed() throws Exception {
        try (Socket s = RawHttp.connect(smallPort, 5_000)) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            // trickle a byte every 200 ms: never idle, never done (the idle timeout alone would not end it)
            InputStream in = s.getInputStream();
            boolean closed = false;
            for (int i = 0; i < 20 && !closed; i++) {
                try {
                    out.write(i == 0 ? "GET /v1/sys/health HTTP/1.1\r\nX-A: ".getBytes(StandardCharsets.US_ASCII)
                            : new byte[] {'a'});
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                s.setSoTimeout(200);
                try {
                    closed = in.read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // next byte
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(closed).as("closed by http_read_header_timeout").isTrue();
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void readTimeout_bodyNeverFinished_is408() throws Exception {
        try (Socket s = RawHttp.connect(smallPort, 5_000)) {
            s.getOutputStream().write(RawHttp.head("PUT", "/v1/sys/unseal", "Content-Length: 100"));
            s.getOutputStream().write("{\"key\":".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = RawHttp.readAll(s.getInputStream());
            assertThat(RawHttp.status(answer)).isEqualTo(408);
            assertThat(RawHttp.body(answer)).contains("http_read_timeout");
        }
        assertThat(awaitBudgetEmpty()).as("the 100 reserved bytes released").isZero();
    }

    @Test
    void maxRequestDuration_slowRoute_is503WithVaultsText() throws Exception {
        lifecycle.statusDelay = Duration.ofMillis(2500);
        try {
            String answer = RawHttp.exchange(smallPort, RawHttp.head("GET", "/v1/sys/seal-status"));
            assertThat(RawHttp.status(answer)).isEqualTo(503);
            assertThat(RawHttp.body(answer)).contains("context deadline exceeded").contains("max_request_duration");
        } finally {
            lifecycle.statusDelay = null;
        }
    }

    /** The bytes still reserved once releases settle (they happen on Jetty's threads), waiting at most 5 s. */
    private static long awaitBudgetEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.bodyBudget().inUse() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return server.bodyBudget().inUse();
    }

    @Test
    void forListeners_largerOrUnlimitedListener_capAndBudgetFitIt() {
        ListenerSettings big = ListenerSettings.plain("127.0.0.1:0").withLimits(
                ListenerLimits.DEFAULTS.withMaxRequestSize(100L * 1024 * 1024));
        ListenerSettings unlimited = ListenerSettings.plain("127.0.0.1:0").withLimits(
                ListenerLimits.DEFAULTS.withMaxRequestSize(-1));
        assertThat(RequestLimits.forListeners(List.of(ListenerSettings.plain("127.0.0.1:0"))))
                .isEqualTo(RequestLimits.defaults());
        assertThat(RequestLimits.forListeners(List.of(ListenerSettings.plain("127.0.0.1:0"), big)))
                .isEqualTo(new RequestLimits(100L * 1024 * 1024, 100L * 1024 * 1024));
        assertThat(RequestLimits.forListeners(List.of(unlimited)))
                .isEqualTo(new RequestLimits(64L * 1024 * 1024, 64L * 1024 * 1024));
    }

    @Test
    void headers_overLimit_is431AndUri_overLimit_is414() throws Exception {
        String big = "X-Big: " + "b".repeat(ApiServer.MAX_REQUEST_HEAD_BYTES);
        assertThat(RawHttp.status(RawHttp.exchange(defaultPort, RawHttp.head("GET", "/v1/sys/health", big))))
                .isEqualTo(431);
        String longPath = "/v1/secret/" + "p".repeat(ApiServer.MAX_REQUEST_HEAD_BYTES);
        int status = RawHttp.status(RawHttp.exchange(defaultPort, RawHttp.head("GET", longPath)));
        assertThat(status).isIn(414, 431);
        // a head within the limit still works
        assertThat(RawHttp.status(RawHttp.exchange(defaultPort, RawHttp.head("GET", "/v1/sys/seal-status",
                "X-Ok: " + "c".repeat(8000))))).isEqualTo(200);
    }
}
