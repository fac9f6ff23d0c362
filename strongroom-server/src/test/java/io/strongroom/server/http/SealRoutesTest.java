package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** sys/seal-status, sys/unseal and sys/seal. */
class SealRoutesTest {

    private static final String AUTO_UNSEALED = "{\"type\":\"awskms\",\"initialized\":true,\"sealed\":false,"
            + "\"t\":3,\"n\":5,\"progress\":0,\"nonce\":\"\",\"version\":\"0.1.0\","
            + "\"build_date\":\"2026-01-01T00:00:00Z\",\"migration\":false,"
            + "\"cluster_name\":\"strongroom-cluster\",\"cluster_id\":\"cluster-id-1\","
            + "\"recovery_seal\":true,\"recovery_seal_type\":\"shamir\",\"storage_type\":\"inmem\"}";

    // vault-compat: type is the barrier seal, recovery_seal_type shamir, t/n of the recovery config
    @Test
    void sealStatus_autoSealUnsealed_hasFullVaultFieldSet() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.get("/v1/sys/seal-status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body())).isEqualTo(json(AUTO_UNSEALED));
        }
    }

    // vault-compat: uninitialized is still 200; cluster_* and recovery_seal_type omitted when null
    @Test
    void sealStatus_shamirUninitialized_omitsNullFields() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.get("/v1/sys/seal-status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body())).isEqualTo(json("{\"type\":\"shamir\",\"initialized\":false,\"sealed\":true,"
                    + "\"t\":0,\"n\":0,\"progress\":0,\"nonce\":\"\",\"version\":\"0.1.0\","
                    + "\"build_date\":\"2026-01-01T00:00:00Z\",\"migration\":false,"
                    + "\"recovery_seal\":false,\"storage_type\":\"inmem\"}"));
        }
    }

    @Test
    void sealStatus_post_is405WithEmptyErrors() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.put("/v1/sys/seal-status", "{}");
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[]}"));
        }
    }

    @Test
    void unseal_hexThenBase64Shares_progressThenUnsealed() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            HttpResponse<String> r1 = f.put("/v1/sys/unseal",
                    "{\"key\":\"" + HexFormat.of().formatHex(FakeLifecycle.share(1)) + "\"}");
            assertThat(r1.statusCode()).isEqualTo(200);
            assertThat(json(r1.body())).isEqualTo(json("{\"type\":\"shamir\",\"initialized\":true,\"sealed\":true,"
                    + "\"t\":3,\"n\":5,\"progress\":1,\"nonce\":\"nonce-1\",\"version\":\"0.1.0\","
                    + "\"build_date\":\"2026-01-01T00:00:00Z\",\"migration\":false,"
                    + "\"recovery_seal\":false,\"storage_type\":\"inmem\"}"));
            assertThat(lc.submitted.get(0)).isEqualTo(FakeLifecycle.share(1));

            f.send("POST", "/v1/sys/unseal",
                    "{\"key\":\"" + Base64.getEncoder().encodeToString(FakeLifecycle.share(2)) + "\"}");
            assertThat(lc.submitted.get(1)).isEqualTo(FakeLifecycle.share(2));
            HttpResponse<String> r3 = f.put("/v1/sys/unseal",
                    "{\"key\":\"" + Base64.getEncoder().encodeToString(FakeLifecycle.share(3)) + "\"}");
            assertThat(json(r3.body()).get("sealed").asBoolean()).isFalse();
            assertThat(json(r3.body()).get("progress").asInt()).isZero();
        }
    }

    // vault-compat: hex decoding to fewer than 16 bytes is retried as base64
    @Test
    void decodeKey_shortValidHex_isReadAsBase64() {
        assertThat(SysRoutes.decodeKey("abcd")).isEqualTo(Base64.getDecoder().decode("abcd"));
        assertThat(SysRoutes.decodeKey("00".repeat(16))).hasSize(16);
        assertThat(SysRoutes.decodeKey("01".repeat(33))).isEqualTo(FakeLifecycle.share(1));
    }

    @Test
    void unseal_invalidKeyEncoding_is400() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{\"key\":\"not hex! nor base64\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"'key' must be a valid hex or base64 string\"]}"));
        }
    }

    @Test
    void unseal_neitherKeyNorReset_is400() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).get("errors").get(0).asText())
                    .isEqualTo("'key' must be specified in request body as JSON, or 'reset' set to true");
        }
    }

    @Test
    void unseal_resetWhileSealed_clearsProgress() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            f.put("/v1/sys/unseal", "{\"key\":\"" + HexFormat.of().formatHex(FakeLifecycle.share(1)) + "\"}");
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{\"reset\":true}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body()).get("progress").asInt()).isZero();
            assertThat(lc.submitted).isEmpty();
        }
    }

    // vault-compat: reset on an unsealed server is refused
    @Test
    void unseal_resetWhileUnsealed_is400() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir().unsealedWith5of3())) {
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{\"reset\":true}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"vault is unsealed\"]}"));
        }
    }

    @Test
    // vault-compat: Vault's text when migrate is set and no migration is configured
    void unseal_migrateWithoutMigration_is400NoMigrationSeal() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{\"key\":\"abcd\",\"migrate\":true}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json(
                    "{\"errors\":[\"can't perform a seal migration, no migration seal found\"]}"));
        }
    }

    @Test
    void unseal_resetAsNumber_is400NamingField() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            HttpResponse<String> r = f.put("/v1/sys/unseal", "{\"reset\":1}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).get("errors").get(0).asText())
                    .isEqualTo("failed to parse JSON input: \"reset\" must be a boolean");
        }
    }

    @Test
    void seal_rootToken_is204AndSeals() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.put("/v1/sys/seal", null, "X-Vault-Token", FakeLifecycle.ROOT_TOKEN);
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertThat(f.lifecycle.sealed).isTrue();
        }
    }

    // vault-compat: Authorization: Bearer is accepted like X-Vault-Token
    @Test
    void seal_bearerToken_is204() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            HttpResponse<String> r = f.send("POST", "/v1/sys/seal", null,
                    "Authorization", "Bearer " + FakeLifecycle.ROOT_TOKEN);
            assertThat(r.statusCode()).isEqualTo(204);
        }
    }
}
