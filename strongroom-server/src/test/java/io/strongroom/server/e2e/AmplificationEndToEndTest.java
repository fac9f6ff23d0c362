package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unauthenticated amplification against a real server process ({@code server -dev}), with real concurrent clients,
 * bounded in count and time: bodies that never arrive cost no log lines, and many large bodies at once neither blow
 * up the server's memory nor slow {@code sys/health} down. Before the fix, 200 truncated bodies logged 422 KB of
 * stack traces and 80 parallel 32 MiB bodies took the heap to 3.7 GB and health to 9.5 s.
 */
class AmplificationEndToEndTest {

    @TempDir
    static Path dir;
    private static DevServer server;
    private static int port;
    private static Path log;

    @BeforeAll
    static void startServer() throws Exception {
        server = DevServer.start(dir, "dev-root");
        port = URI.create(server.addr).getPort();
        log = server.log;
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static int health() {
        return server.health();
    }

    @Test
    void truncatedBodies_200Requests_addNoLogLinesAtTheDefaultLevel() throws Exception {
        Thread.sleep(300); // let the start-up banner finish
        long before = Files.size(log);
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                out.write(("PUT /v1/sys/unseal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"key\":\"ab").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } // closed with 990 bytes missing
        }
        assertThat(health()).isEqualTo(200);
        Thread.sleep(300);
        String added = Files.readString(log).substring((int) before);
        assertThat(added).as("log lines added by 200 truncated bodies").doesNotContain("\tat ")
                .doesNotContain("ERROR").doesNotContain("WARN");
        assertThat(added.length()).isLessThan(2_000);
    }

    @Test
    void fortyParallel32MiBBodies_healthStaysFast_andTheServerHoldsNoGigabytes() throws Exception {
        int clients = 40;
        int declared = 32 * 1024 * 1024;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> senders = new ArrayList<>();
        long peakRssKb = 0;
        List<Long> healthMillis = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'a');
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                        s.setSoTimeout(2000);
                        OutputStream out = s.getOutputStream();
                        out.write(("PUT /v1/sys/unseal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + declared + "\r\n\r\n{\"key\":\"").getBytes(StandardCharsets.US_ASCII));
                        long sent = 0;
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                        while (!stop.get() && sent < declared - chunk.length && System.nanoTime() < until) {
                            out.write(chunk);
                            sent += chunk.length;
                        }
                    } catch (IOException refused) {
                        // a body over the budget is answered 503 and the connection closed: expected for most
                    }
                    return null;
                }));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                assertThat(health()).isEqualTo(200);
                healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                peakRssKb = Math.max(peakRssKb, rssKb(server.pid()));
                Thread.sleep(500);
            }
        } finally {
            stop.set(true);
            for (Future<?> f : senders) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    f.cancel(true);
                }
            }
            pool.shutdownNow();
        }
        // a correctness bound, not a benchmark: 9.5 s before the fix
        assertThat(healthMillis).as("sys/health latency under load, ms").allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
        // 40 x 32 MiB = 1.25 GiB would be buffered without a budget; the budget is 64 MiB
        assertThat(peakRssKb).as("server resident memory, KiB").isLessThan(1024 * 1024);
        assertThat(health()).isEqualTo(200);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
