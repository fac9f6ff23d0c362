package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.base.SealedException;
import io.strongroom.seal.SealAccessException;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AuthAndErrorsTest {

    @Test
    void seal_noToken_is403() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.put("/v1/sys/seal", null);
            assertThat(r.statusCode()).isEqualTo(403);
            // vault-compat: 1.17 and later name the invalid token too (Agent and Proxy re-authenticate on it)
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"2 errors occurred:\\n\\t* permission denied"
                    + "\\n\\t* invalid token\\n\\n\"]}"));
            assertThat(f.lifecycle.sealed).isFalse();
        }
    }

    @Test
    void seal_unknownToken_is403() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.put("/v1/sys/seal", null, "X-Vault-Token", "hvs.nope");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).doesNotContain("hvs.nope");
        }
    }

    @Test
    void seal_nonRootToken_is403() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.put("/v1/sys/seal", null, "X-Vault-Token", FakeLifecycle.USER_TOKEN);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(f.lifecycle.sealed).isFalse();
        }
    }

    // vault-compat: sealed beats the token check
    @Test
    void seal_whileSealed_is503WithOrWithoutToken() throws Exception {
        FakeLifecycle lc = FakeLifecycle.awsKms().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            for (HttpResponse<String> r : java.util.List.of(
                    f.put("/v1/sys/seal", null), f.put("/v1/sys/seal", null, "X-Vault-Token", FakeLifecycle.ROOT_TOKEN))) {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"Vault is sealed\"]}"));
            }
        }
    }

    // vault-compat: unknown paths 404 and wrong methods 405, both with an empty error list
    @Test
    void unknownPath_is404EmptyErrors() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            for (String path : new String[] {"/v1/sys/nope", "/v1/secret/data/x", "/"}) {
                HttpResponse<String> r = f.get(path);
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(json(r.body())).isEqualTo(json("{\"errors\":[]}"));
            }
        }
    }

    @Test
    void wrongMethod_is405EmptyErrors() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            for (String[] mp : new String[][] {{"DELETE", "/v1/sys/init"}, {"GET", "/v1/sys/unseal"},
                    {"GET", "/v1/sys/seal"}, {"POST", "/v1/sys/health"}, {"PUT", "/v1/sys/leader"}}) {
                HttpResponse<String> r = f.send(mp[0], mp[1], null);
                assertThat(r.statusCode()).as(mp[0] + " " + mp[1]).isEqualTo(405);
                assertThat(json(r.body())).isEqualTo(json("{\"errors\":[]}"));
            }
        }
    }

    private static HttpResponse<String> sealStatusFailingWith(Supplier<RuntimeException> error) throws Exception {
        FakeLifecycle lc = FakeLifecycle.awsKms();
        lc.failWith = error;
        try (HttpFixture f = new HttpFixture(lc)) {
            return f.get("/v1/sys/seal-status");
        }
    }

    @Test
    void errorMapper_mapsByType() throws Exception {
        HttpResponse<String> r = sealStatusFailingWith(() -> new InvalidRequestException("bad thing"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"bad thing\"]}"));

        r = sealStatusFailingWith(PermissionDeniedException::new);
        assertThat(r.statusCode()).isEqualTo(403);

        r = sealStatusFailingWith(SealedException::new);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"Vault is sealed\"]}"));

        r = sealStatusFailingWith(() -> new SealAccessException(SealAccessException.Reason.ACCESS_DENIED,
                "kms:Decrypt denied on key arn:aws:kms:eu-west-1:1:key/k; grant it to the server role", null));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r.body())).isEqualTo(json(
                "{\"errors\":[\"kms:Decrypt denied on key arn:aws:kms:eu-west-1:1:key/k; grant it to the server role\"]}"));
    }

    @Test
    void errorMapper_unexpectedException_is500Generic() throws Exception {
        HttpResponse<String> r = sealStatusFailingWith(() -> new IllegalStateException("/var/lib/secret-path details"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"" + ErrorMapper.INTERNAL + "\"]}"));
    }

    /**
     * A raw socket announces an oversized body and sends none of it: the server must answer 413 from the
     * declared length alone (a real client would otherwise upload 32 MiB first, and the answer races the upload).
     */
    @Test
    void body_declaredOverLimit_is413WithoutReading() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms());
                java.net.Socket socket = new java.net.Socket("127.0.0.1", f.server.port(0))) {
            socket.setSoTimeout(10_000);
            String head = "PUT /v1/sys/init HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (RequestLimits.DEFAULT_MAX_REQUEST_BYTES + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // skip headers
            }
            char[] body = new char[128];
            int n = in.read(body);
            assertThat(json(new String(body, 0, n))).isEqualTo(json("{\"errors\":[\"http: request body too large\"]}"));
            assertThat(f.lifecycle.lastInit).isNull();
        }
    }

    /** Errors Jetty raises before routing (here an illegal URI) still answer in the {"errors": [...]} shape. */
    @Test
    void jettyLevelError_badUri_isJsonErrorBody() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms());
                java.net.Socket socket = new java.net.Socket("127.0.0.1", f.server.port(0))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v1/sys/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
            assertThat(json(answer.substring(answer.indexOf("\r\n\r\n") + 4)))
                    .isEqualTo(json("{\"errors\":[\"Bad Request\"]}"));
        }
    }
}
