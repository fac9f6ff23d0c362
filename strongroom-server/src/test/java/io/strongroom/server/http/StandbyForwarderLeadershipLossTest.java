package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.server.DataPlane;
import io.strongroom.server.metrics.ServerMetrics;
import io.strongroom.storage.InmemStorage;
import io.strongroom.token.TokenStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HA: a request that reached a node while it was active and waited, unread, in the connection's socket buffer while
 * the node was paused past its lease must not be forwarded to the next active node once the node resumes as a
 * standby (the PostgresHaEndToEndTest SIGSTOP case: the forwarded write landed after later acknowledged ones and
 * rolled a counter back). The paused-then-resumed node is modelled by a cluster view whose leadership-loss count
 * grows between two requests on one keep-alive connection; the next active node is a recording HTTP server.
 */
class StandbyForwarderLeadershipLossTest {

    private HttpServer nextActive;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private volatile boolean standby;
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong noticed = new AtomicLong(-1); // -1: as losses
    private ApiServer node;
    private int port;

    @BeforeEach
    void start() throws Exception {
        nextActive = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        nextActive.createContext("/", ex -> {
            forwarded.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        nextActive.start();
        String activeAddr = "http://127.0.0.1:" + nextActive.getAddress().getPort();
        StandbyForwarder forwarder = new StandbyForwarder(new StandbyForwarder.Cluster() {
            @Override
            public boolean isStandby() {
                return standby;
            }

            @Override
            public Optional<String> activeApiAddr() {
                return Optional.of(activeAddr);
            }

            @Override
            public long leadershipLosses() {
                return losses.get();
            }

            @Override
            public long leadershipLossesNoticed() {
                long n = noticed.get();
                return n < 0 ? losses.get() : n;
            }
        }, Duration.ofSeconds(10));
        SecureRandom random = new SecureRandom();
        AesGcmBarrier barrier = new AesGcmBarrier(new InmemStorage(), random, Clock.systemUTC());
        byte[] root = new byte[32];
        barrier.initialize(root);
        barrier.unseal(root);
        DataPlane plane = new DataPlane(barrier, new TokenStore(new BarrierView(barrier, CoreLifecycle.TOKEN_VIEW),
                random, Clock.systemUTC()), Clock.systemUTC(), random, "test");
        node = new ApiServer(FakeLifecycle.awsKms().unsealedWith5of3(), plane.pipeline(), "test", Clock.systemUTC(),
                List.of(ListenerSettings.plain("127.0.0.1:0")), Duration.ZERO, RequestLimits.defaults(),
                ServerMetrics.defaults(), false, forwarder);
        node.start();
        port = node.port(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        nextActive.stop(0);
    }

    @Test
    void connectionOpenedWhileActive_leadershipLostSince_requestRefusedNotForwarded_freshConnectionForwarded()
            throws Exception {
        standby = false; // active: the client opens its keep-alive connection to this node
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            assertThat(exchange(s, "GET", "/v1/sys/health", null).status).isEqualTo(200);
            // paused past the lease, resumed: another node is active, this one is a standby now
            losses.incrementAndGet();
            standby = true;
            Answer late = exchange(s, "PUT", "/v1/secret/counter", "{\"v\":\"23\"}");
            assertThat(late.status).isEqualTo(503);
            assertThat(late.body).contains(StandbyForwarder.REFUSED_AFTER_LOSS).startsWith("{\"errors\":[");
            assertThat(late.head.toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(s.getInputStream().read()).as("the connection is closed after the refusal").isEqualTo(-1);
        }
        assertThat(forwarded).as("nothing reached the next active node").isEmpty();

        // the client's retry, on a new connection: forwarded as usual
        HttpResponse<String> retry = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/secret/counter")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"v\":\"24\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(204);
        assertThat(forwarded).containsExactly("PUT /v1/secret/counter {\"v\":\"24\"}");
    }

    @Test
    void connectionOpenedAfterResumeBeforeTheLossIsNoticed_requestRefusedNotForwarded() throws Exception {
        // resumed from a pause: the lease ran out, the election thread has not demoted yet; the kernel accepted this
        // connection during the pause and the node opens it now
        standby = true;
        losses.set(1);
        noticed.set(0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            assertThat(exchange(s, "PUT", "/v1/secret/counter", "{\"v\":\"23\"}").status).isEqualTo(503);
        }
        assertThat(forwarded).isEmpty();
    }

    @Test
    void connectionOpenedWhileStandby_noLeadershipLostSince_everyRequestForwarded() throws Exception {
        standby = true;
        losses.set(3); // losses before the connection opened do not matter
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            assertThat(exchange(s, "PUT", "/v1/secret/a", "{\"v\":\"1\"}").status).isEqualTo(204);
            assertThat(exchange(s, "PUT", "/v1/secret/b", "{\"v\":\"2\"}").status).isEqualTo(204);
        }
        assertThat(forwarded).containsExactly("PUT /v1/secret/a {\"v\":\"1\"}", "PUT /v1/secret/b {\"v\":\"2\"}");
    }

    private record Answer(int status, String head, String body) {
    }

    /** One HTTP/1.1 request on a kept-alive socket; reads exactly one answer (by its Content-Length). */
    private static Answer exchange(Socket s, String method, String path, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Vault-Token: t\r\nContent-Length: "
                + b.length + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        while (!h.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before an answer: " + h);
            }
            h.write(c);
        }
        String headText = h.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] content = in.readNBytes(length);
        int status = Integer.parseInt(headText.substring(9, 12));
        return new Answer(status, headText, new String(content, StandardCharsets.UTF_8));
    }
}
