package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SysInitRouteTest {

    @Test
    void getInit_uninitialized_returnsInitializedFalse() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.get("/v1/sys/init");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(json(r.body())).isEqualTo(json("{\"initialized\":false}"));
        }
    }

    // vault-compat: auto seal answers keys:[] and keys_base64:[] (arrays, not null) plus recovery keys
    @Test
    void putInit_autoSeal_returnsEmptyKeysAndRecoveryKeys() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"recovery_shares\":2,\"recovery_threshold\":2}");
            assertThat(r.statusCode()).isEqualTo(200);
            String h1 = HexFormat.of().formatHex(FakeLifecycle.share(1));
            String h2 = HexFormat.of().formatHex(FakeLifecycle.share(2));
            String b1 = Base64.getEncoder().encodeToString(FakeLifecycle.share(1));
            String b2 = Base64.getEncoder().encodeToString(FakeLifecycle.share(2));
            assertThat(json(r.body())).isEqualTo(json("{\"keys\":[],\"keys_base64\":[],"
                    + "\"recovery_keys\":[\"" + h1 + "\",\"" + h2 + "\"],"
                    + "\"recovery_keys_base64\":[\"" + b1 + "\",\"" + b2 + "\"],"
                    + "\"root_token\":\"" + FakeLifecycle.ROOT_TOKEN + "\"}"));
            assertThat(f.lifecycle.lastInit.recoveryShares()).isEqualTo(2);
            assertThat(f.lifecycle.lastInit.secretShares()).isNull();
            assertThat(f.lifecycle.lastInit.pgpKeys()).isEmpty();
        }
    }

    // vault-compat: shamir answers keys and omits recovery_keys*
    @Test
    void postInit_shamir_returnsKeysAndOmitsRecoveryKeys() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.send("POST", "/v1/sys/init",
                    "{\"secret_shares\":1,\"secret_threshold\":1,\"stored_shares\":1,\"unknown_field\":true}");
            assertThat(r.statusCode()).isEqualTo(200);
            String h1 = HexFormat.of().formatHex(FakeLifecycle.share(1));
            String b1 = Base64.getEncoder().encodeToString(FakeLifecycle.share(1));
            assertThat(json(r.body())).isEqualTo(json("{\"keys\":[\"" + h1 + "\"],\"keys_base64\":[\"" + b1 + "\"],"
                    + "\"root_token\":\"" + FakeLifecycle.ROOT_TOKEN + "\"}"));
        }
    }

    @Test
    void putInit_allFields_reachInitRequest() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            f.put("/v1/sys/init", "{\"secret_shares\":0,\"secret_threshold\":0,\"pgp_keys\":[],"
                    + "\"recovery_shares\":3,\"recovery_threshold\":2,\"recovery_pgp_keys\":[\"a\"],"
                    + "\"root_token_pgp_key\":\"k\"}");
            var req = f.lifecycle.lastInit;
            assertThat(req.secretShares()).isZero();
            assertThat(req.secretThreshold()).isZero();
            assertThat(req.recoveryShares()).isEqualTo(3);
            assertThat(req.recoveryThreshold()).isEqualTo(2);
            assertThat(req.recoveryPgpKeys()).containsExactly("a");
            assertThat(req.rootTokenPgpKey()).isEqualTo("k");
        }
    }

    @Test
    void putInit_invalidRequest_is400WithMessage() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"secret_shares\":5,\"recovery_shares\":5,\"recovery_threshold\":3}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json(
                    "{\"errors\":[\"parameters secret_shares,secret_threshold not applicable to seal type awskms\"]}"));
        }
    }

    @Test
    void putInit_stringForNumber_is400NamingField() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"recovery_shares\":\"5\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json(
                    "{\"errors\":[\"failed to parse JSON input: \\\"recovery_shares\\\" must be a number\"]}"));
            assertThat(f.lifecycle.lastInit).isNull();
        }
    }

    @Test
    void putInit_wrongElementType_is400NamingElement() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"pgp_keys\":[1]}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).get("errors").get(0).asText())
                    .isEqualTo("failed to parse JSON input: \"pgp_keys[0]\" must be a string");
        }
    }

    @Test
    void putInit_malformedJson_is400WithoutEchoingBody() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"recovery_shares\": SECRETSTUFF");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"failed to parse JSON input: malformed JSON\"]}"));
            assertThat(r.body()).doesNotContain("SECRETSTUFF");
        }
    }

    @Test
    void putInit_nonObjectBody_is400() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "[1,2]");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).get("errors").get(0).asText())
                    .isEqualTo("failed to parse JSON input: the body must be a JSON object");
        }
    }

    // vault-compat: vault/init.go refuses fewer than one recovery share under an auto seal; an empty body used to
    // initialize with none (issue #6 item 9a)
    @Test
    void putInit_autoSealEmptyBody_is400AndNotInitialized() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            for (String body : new String[] {null, "", "{}", "{\"recovery_threshold\":3}", "{\"recovery_shares\":null}"}) {
                HttpResponse<String> r = f.put("/v1/sys/init", body);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(json(r.body())).isEqualTo(json(
                        "{\"errors\":[\"recovery configuration must specify a positive number of shares\"]}"));
            }
            assertThat(f.lifecycle.initialized).isFalse();
            assertThat(f.lifecycle.lastInit).isNull();
        }
    }

    // vault-compat: Vault refuses the wrong seal type's parameters before it looks at recovery_shares
    @Test
    void putInit_autoSealSecretSharesOnly_isRefusedForSecretShares() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"secret_shares\":5,\"secret_threshold\":3}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).get("errors").get(0).asText()).contains("not applicable to seal type awskms");
            assertThat(f.lifecycle.initialized).isFalse();
        }
    }

    @Test
    void putInit_autoSealExplicitZeroRecoveryShares_initializesWithWarning() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"recovery_shares\":0,\"recovery_threshold\":0}");
            assertThat(r.statusCode()).isEqualTo(200);
            var body = json(r.body());
            assertThat(body.has("recovery_keys")).isFalse();
            assertThat(body.get("keys").size()).isZero();
            assertThat(body.get("warnings").size()).isEqualTo(1);
            assertThat(body.get("warnings").get(0).asText()).isEqualTo(SysRoutes.ZERO_RECOVERY_SHARES_WARNING)
                    .startsWith("recovery_shares is 0");
            assertThat(f.lifecycle.initialized).isTrue();
            assertThat(f.lifecycle.lastInit.recoveryShares()).isZero();
        }
    }

    @Test
    void putInit_autoSealWithRecoveryShares_hasNoWarnings() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body()).has("warnings")).isFalse();
        }
    }

    // the check is for auto seals only: shamir has no recovery shares, and its own parameters are the core's
    @Test
    void putInit_shamirWithoutRecoveryShares_isNotRefusedForThem() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.put("/v1/sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body()).has("warnings")).isFalse();
        }
    }
}
