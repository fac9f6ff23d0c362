package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The static-file route of the web UI: redirects, headers, and names that must not reach other resources. */
class UiRouteTest {

    private final UiRoute ui = UiRoute.fromClassPath();

    private static ApiResponse.Page page(ApiResponse answer) {
        assertThat(answer.body()).isInstanceOf(ApiResponse.Page.class);
        return (ApiResponse.Page) answer.body();
    }

    @Test
    void root_uiOn_redirectsToUi() {
        // vault-compat: Vault answers / with 307 to /ui/ when the UI is enabled
        ApiResponse answer = ui.handle("GET", "/");
        assertThat(answer.status()).isEqualTo(307);
        assertThat(page(answer).headers()).containsEntry("Location", "/ui/");
        assertThat(ui.handle("GET", "/ui").status()).isEqualTo(307);
    }

    @Test
    void index_get_servesHtmlWithStrictCsp() {
        ApiResponse answer = ui.handle("GET", "/ui/");
        assertThat(answer.status()).isEqualTo(200);
        ApiResponse.Page page = page(answer);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"js/app.js\">");
        assertThat(page.headers().get("Content-Security-Policy")).contains("default-src 'none'")
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
    }

    @Test
    void index_noInlineScriptOrStyle_inAnyHtmlFile() {
        String html = new String(page(ui.handle("GET", "/ui/index.html")).bytes(), StandardCharsets.UTF_8);
        // the CSP forbids them; a file that had one would break in the browser, so catch it here
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("<style")
                .doesNotContain(" style=").doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void module_get_servedAsJavaScript() {
        ApiResponse answer = ui.handle("GET", "/ui/js/app.js");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(page(answer).contentType()).startsWith("text/javascript");
    }

    @Test
    void traversalOrOddNames_notFound() {
        for (String path : new String[] {"/ui/../ui/index.html", "/ui/js/../app.css", "/ui/%2e%2e/x.js",
                "/ui/io/strongroom/server/StrongroomServer.class", "/ui/META-INF/MANIFEST.MF", "/ui/nope.js",
                "/ui//index.html", "/other"}) {
            assertThat(ui.handle("GET", path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void write_toUiFile_methodNotAllowed() {
        assertThat(ui.handle("POST", "/ui/index.html").status()).isEqualTo(405);
        assertThat(ui.handle("HEAD", "/ui/index.html").status()).isEqualTo(200);
    }
}
