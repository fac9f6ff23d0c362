package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path parameters ({@code ;...}) must not reach a route: Jetty strips them, so {@code /v1/sys/health;x=1} used to
 * be served as {@code sys/health} (issue #6 item 9b). Raw sockets, because Java HTTP clients may normalise the
 * path. vault-compat: no Vault route matches such a path; Strongroom answers it like any unknown path.
 */
class PathParametersTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/sys/health;x=1", "/v1/sys/health;", "/v1/sys;x=1/health", "/v1/sys/health%3Bx=1",
            "/v1/sys/health%3b", "/v1;/sys/seal-status", "/v1/sys/seal-status;jsessionid=1?standbyok=true"})
    void get_pathWithParameter_is404EmptyErrors(String target) throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            String answer = RawHttp.exchange(f.server.port(0), RawHttp.head("GET", target));
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(404);
            assertThat(json(RawHttp.body(answer))).isEqualTo(json("{\"errors\":[]}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/sys/seal;x=1", "/v1/sys/unseal;a"})
    void put_pathWithParameter_is404AndNothingHappens(String target) throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            String answer = RawHttp.exchange(f.server.port(0), RawHttp.head("PUT", target,
                    "X-Vault-Token: " + FakeLifecycle.ROOT_TOKEN, "Content-Length: 0"));
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(404);
            assertThat(f.lifecycle.sealed).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/sys/health", "/v1/sys/health?standbyok=true"})
    void get_plainPath_stillServed(String target) throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            String answer = RawHttp.exchange(f.server.port(0), RawHttp.head("GET", target));
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
        }
    }
}
