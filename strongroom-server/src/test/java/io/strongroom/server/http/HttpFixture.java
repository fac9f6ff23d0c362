package io.strongroom.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real {@link ApiServer} on 127.0.0.1 and an ephemeral port, with a JDK HTTP client pointed at it. */
public final class HttpFixture implements AutoCloseable {

    public final FakeLifecycle lifecycle;
    public final ApiServer server;
    public final String address;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    public HttpFixture(FakeLifecycle lifecycle) throws Exception {
        this.lifecycle = lifecycle;
        this.server = new ApiServer(lifecycle, Clock.systemUTC(), List.of(ListenerSettings.plain("127.0.0.1:0")),
                Duration.ZERO);
        server.start();
        this.address = "http://127.0.0.1:" + server.port(0);
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    public HttpResponse<String> put(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send("PUT", path, body, headers);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
