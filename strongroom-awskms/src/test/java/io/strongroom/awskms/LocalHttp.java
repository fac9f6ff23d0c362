package io.strongroom.awskms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP server on 127.0.0.1 for tests: records every request and answers through a handler. A thread pool
 * lets a deliberately hanging handler not block the next request.
 */
final class LocalHttp implements AutoCloseable {

    /** A recorded request. Header names are lower-cased. */
    record Req(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer; {@code delayMillis} > 0 makes the handler sleep first (a hanging service). */
    record Resp(int status, String contentType, String body, long delayMillis) {
        static Resp ok(String contentType, String body) {
            return new Resp(200, contentType, body, 0);
        }

        static Resp status(int status) {
            return new Resp(status, "text/plain", "", 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final List<Req> requests = new CopyOnWriteArrayList<>();

    LocalHttp(Function<Req, Resp> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> handle(ex, handler));
        server.start();
    }

    private void handle(HttpExchange ex, Function<Req, Resp> handler) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Req req = new Req(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(req);
            Resp r = handler.apply(req);
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
