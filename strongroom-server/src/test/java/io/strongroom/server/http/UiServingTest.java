package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.StrongroomServer;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The config's {@code ui} switch on a real listener: off by default (as in Vault), on with {@code ui = true}. */
class UiServingTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static StrongroomServer start(Boolean ui) {
        ServerConfig config = new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), List.of(), null,
                null, null, null, null, null, null, ui, false, null, List.of());
        return StrongroomServer.start(config, Map.of(), List.of(ListenerSettings.plain("127.0.0.1:0")));
    }

    private static HttpResponse<String> get(StrongroomServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port(0) + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uiUnset_rootAndUi_notFound() throws Exception {
        // vault-compat: without ui = true, Vault answers every non-/v1/ path 404 {"errors":[]}
        try (StrongroomServer server = start(null)) {
            assertThat(get(server, "/").statusCode()).isEqualTo(404);
            HttpResponse<String> ui = get(server, "/ui/");
            assertThat(ui.statusCode()).isEqualTo(404);
            assertThat(ui.body()).isEqualTo("{\"errors\":[]}");
        }
    }

    @Test
    void uiTrue_rootRedirects_pageHasCspAndFrameDenial_apiAnswersToo() throws Exception {
        try (StrongroomServer server = start(true)) {
            HttpResponse<String> root = get(server, "/");
            assertThat(root.statusCode()).isEqualTo(307);
            assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
            HttpResponse<String> page = get(server, "/ui/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(UiRoute.CSP);
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            HttpResponse<String> api = get(server, "/v1/sys/seal-status");
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(get(server, "/v1/nothing/here").statusCode()).isNotEqualTo(200);
        }
    }
}
