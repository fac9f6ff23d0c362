package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many unauthenticated clients trickling large bodies at once (issue #6 item 8: 80 parallel 32 MiB bodies took
 * the heap from 0.6 to 3.7 GB and {@code sys/health} to 9.5 s). A real Jetty listener and real sockets, with
 * small limits so the test is quick: 4 MiB per request, 8 MiB for all bodies together.
 */
class BodyFloodTest {

    private static final long MAX_REQUEST = 4L * 1024 * 1024;
    private static final long BUDGET = 8L * 1024 * 1024;
    /** More clients than the server's 32 pool threads: blocking reads would leave none for sys/health. */
    private static final int CLIENTS = 48;
    private static final Duration TRICKLE = Duration.ofSeconds(4);

    private static ApiServer server(FakeLifecycle lifecycle) throws IOException {
        ApiServer server = new ApiServer(lifecycle, Clock.systemUTC(), List.of(ListenerSettings.plain("127.0.0.1:0")),
                Duration.ZERO, new RequestLimits(MAX_REQUEST, BUDGET));
        server.start();
        return server;
    }

    @Test
    void slowLargeBodies_healthAnswersAndBudgetHolds_excessRejected503() throws Exception {
        try (ApiServer server = server(FakeLifecycle.awsKms())) {
            int port = server.port(0);
            BodyBudget budget = server.bodyBudget();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong maxSampled = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            try {
                Future<?> sampler = pool.submit(() -> {
                    while (!stop.get()) {
                        maxSampled.accumulateAndGet(budget.inUse(), Math::max);
                        Thread.sleep(5);
                    }
                    return null;
                });
                List<Future<String>> clients = new ArrayList<>();
                long until = System.nanoTime() + TRICKLE.toNanos();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(pool.submit(() -> trickle(port, until)));
                }

                // while the bodies are in flight, sys/health answers promptly, every time
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                Thread.sleep(500);
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/v1/sys/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(health.statusCode()).isEqualTo(501); // the fake is not initialized
                    assertThat(took).as("sys/health under load").isLessThan(Duration.ofSeconds(2));
                    Thread.sleep(400);
                }

                List<String> answers = new ArrayList<>();
                for (Future<String> client : clients) {
                    answers.add(client.get(30, TimeUnit.SECONDS));
                }
                stop.set(true);
                sampler.get(5, TimeUnit.SECONDS);

                // the budget admitted exactly two 4 MiB bodies and refused the rest at once, with Vault's error shape
                long busy = answers.stream().filter(a -> RawHttp.status(a) == 503).count();
                assertThat(busy).as("answers: %s", answers).isEqualTo(CLIENTS - BUDGET / MAX_REQUEST);
                answers.stream().filter(a -> RawHttp.status(a) == 503).forEach(a -> assertThat(json(RawHttp.body(a)))
                        .isEqualTo(json("{\"errors\":[\"server busy: too many request bodies in transit; retry later\"]}")));
                assertThat(budget.peak()).isEqualTo(BUDGET).isLessThanOrEqualTo(budget.capacity());
                assertThat(maxSampled.get()).isLessThanOrEqualTo(BUDGET);
            } finally {
                stop.set(true);
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            // the admitted bodies were abandoned half-way: their reservations come back
            awaitZero(budget);
        }
    }

    /**
     * One slow client: declares a full-size body and sends 16 KiB every 100 ms until {@code until} (or until the
     * server stops reading), then half-closes, leaving the body short. Returns the raw answer.
     */
    private static String trickle(int port, long until) throws IOException, InterruptedException {
        try (Socket socket = RawHttp.connect(port, 3_000)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.head("PUT", "/v1/sys/unseal", "Content-Type: application/json",
                    "Content-Length: " + MAX_REQUEST));
            byte[] piece = new byte[16 * 1024];
            java.util.Arrays.fill(piece, (byte) ' ');
            piece[0] = '{';
            try {
                out.write(piece, 0, 1);
                while (System.nanoTime() < until) {
                    out.write(piece, 1, piece.length - 1);
                    out.flush();
                    Thread.sleep(100);
                }
                socket.shutdownOutput();
            } catch (IOException serverClosed) {
                // a refused client may see its connection closed while it still sends: read the answer
            }
            return RawHttp.readAll(socket.getInputStream());
        }
    }

    private static void awaitZero(BodyBudget budget) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (budget.inUse() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(budget.inUse()).as("bytes still reserved after every client left").isZero();
    }

    @Test
    void chunkedBody_withinLimit_isReadWhole() throws Exception {
        try (ApiServer server = server(FakeLifecycle.awsKms().unsealedWith5of3())) {
            String json = "{\"reset\": true" + " ".repeat(100_000) + "}";
            String answer = RawHttp.exchange(server.port(0), chunked("/v1/sys/unseal", json, 1000));
            // the body arrived whole and parsed: reset on an unsealed server is Vault's 400 "vault is unsealed"
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
            assertThat(answer).contains("vault is unsealed");
            assertThat(server.bodyBudget().peak()).isPositive().isLessThanOrEqualTo(BUDGET);
            awaitZero(server.bodyBudget());
        }
    }

    @Test
    void chunkedBody_overMaxRequestSize_is413() throws Exception {
        try (ApiServer server = server(FakeLifecycle.awsKms())) {
            String json = "{\"key\":\"" + "a".repeat((int) MAX_REQUEST) + "\"}";
            String answer = RawHttp.exchange(server.port(0), chunked("/v1/sys/unseal", json, 64 * 1024));
            assertThat(RawHttp.status(answer)).as(answer.substring(0, Math.min(200, answer.length()))).isEqualTo(413);
            assertThat(answer).contains("{\"errors\":[\"http: request body too large\"]}");
            awaitZero(server.bodyBudget());
        }
    }

    private static byte[] chunked(String path, String body, int chunkSize) {
        StringBuilder sb = new StringBuilder(new String(RawHttp.head("PUT", path, "Content-Type: application/json",
                "Transfer-Encoding: chunked"), StandardCharsets.US_ASCII));
        for (int i = 0; i < body.length(); i += chunkSize) {
            String piece = body.substring(i, Math.min(body.length(), i + chunkSize));
            sb.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        return sb.append("0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
