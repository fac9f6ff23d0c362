package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.server.http.FakeLifecycle;
import io.strongroom.server.http.HttpFixture;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** operator init, unseal and seal, run in-process against a real ApiServer. */
class OperatorCommandsTest {

    private static String b64(int i) {
        return Base64.getEncoder().encodeToString(FakeLifecycle.share(i));
    }

    // vault-compat: auto seal sends only recovery_* and prints "Recovery Key N"
    @Test
    void init_autoSeal_sendsRecoveryDefaultsAndPrintsRecoveryKeys() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "init");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(f.lifecycle.lastInit.recoveryShares()).isEqualTo(5);
            assertThat(f.lifecycle.lastInit.recoveryThreshold()).isEqualTo(3);
            assertThat(f.lifecycle.lastInit.secretShares()).isNull();
            assertThat(f.lifecycle.lastInit.secretThreshold()).isNull();
            String[] lines = r.out().split("\n");
            for (int i = 1; i <= 5; i++) {
                assertThat(lines[i - 1]).isEqualTo("Recovery Key " + i + ": " + b64(i));
            }
            assertThat(lines[5]).isEmpty();
            assertThat(lines[6]).isEqualTo("Initial Root Token: " + FakeLifecycle.ROOT_TOKEN);
            assertThat(r.out()).contains("Success! Vault is initialized")
                    .contains("Recovery key initialized with 5 key shares and a key threshold of 3")
                    .doesNotContain("Unseal Key");
        }
    }

    // vault-compat: shamir sends only secret_* and prints "Unseal Key N"
    @Test
    void init_shamirWithFlags_sendsKeySharesAndPrintsUnsealKeys() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "init", "-key-shares=3",
                    "-key-threshold", "2", "-recovery-shares=9");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(f.lifecycle.lastInit.secretShares()).isEqualTo(3);
            assertThat(f.lifecycle.lastInit.secretThreshold()).isEqualTo(2);
            assertThat(f.lifecycle.lastInit.recoveryShares()).isNull();
            assertThat(r.out()).startsWith("Unseal Key 1: " + b64(1) + "\nUnseal Key 2: " + b64(2)
                    + "\nUnseal Key 3: " + b64(3) + "\n\nInitial Root Token: " + FakeLifecycle.ROOT_TOKEN + "\n");
            assertThat(r.out()).contains("Vault initialized with 3 key shares and a key threshold of 2")
                    .doesNotContain("Recovery Key");
        }
    }

    // vault-compat: operator init -format=json prints the Vault CLI's document, not the raw sys/init answer
    @Test
    void init_formatJsonAutoSeal_printsVaultCliFieldNames() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "init", "-format=json",
                    "-recovery-shares=1", "-recovery-threshold=1");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.fieldNames()).toIterable().containsExactly("unseal_keys_b64", "unseal_keys_hex",
                    "unseal_shares", "unseal_threshold", "recovery_keys_b64", "recovery_keys_hex",
                    "recovery_keys_shares", "recovery_keys_threshold", "root_token");
            assertThat(json.get("unseal_keys_b64").isArray()).isTrue();
            assertThat(json.get("unseal_keys_b64")).isEmpty();
            assertThat(json.get("unseal_keys_hex")).isEmpty();
            assertThat(json.get("unseal_shares").asInt()).isEqualTo(1);
            assertThat(json.get("unseal_threshold").asInt()).isEqualTo(1);
            assertThat(json.get("recovery_keys_b64").get(0).asText()).isEqualTo(b64(1));
            assertThat(json.get("recovery_keys_hex").get(0).asText())
                    .isEqualTo(HexFormat.of().formatHex(FakeLifecycle.share(1)));
            assertThat(json.get("recovery_keys_shares").asInt()).isEqualTo(1);
            assertThat(json.get("recovery_keys_threshold").asInt()).isEqualTo(1);
            assertThat(json.get("root_token").asText()).isEqualTo(FakeLifecycle.ROOT_TOKEN);
            assertThat(r.out()).contains("\"root_token\": \"").contains("\"unseal_keys_b64\": []");
        }
    }

    @Test
    void init_formatJsonShamir_unsealKeysAndRequestedShares() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.shamir())) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "init", "-format=json",
                    "-key-shares=2", "-key-threshold=2");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.get("unseal_keys_b64")).hasSize(2);
            assertThat(json.get("unseal_keys_b64").get(1).asText()).isEqualTo(b64(2));
            assertThat(json.get("unseal_keys_hex").get(0).asText())
                    .isEqualTo(HexFormat.of().formatHex(FakeLifecycle.share(1)));
            assertThat(json.get("unseal_shares").asInt()).isEqualTo(2);
            assertThat(json.get("unseal_threshold").asInt()).isEqualTo(2);
            assertThat(json.get("recovery_keys_b64")).isEmpty();
            assertThat(json.get("root_token").asText()).isEqualTo(FakeLifecycle.ROOT_TOKEN);
        }
    }

    @Test
    void init_alreadyInitialized_exit2WithServerError() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "init");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("Error initializing: Error making API request.")
                    .contains("Code: 400. Errors:").contains("* Vault is already initialized");
        }
    }

    @Test
    void init_statusFlag_exit2WhenNotInitialized() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            assertThat(new CliRunner(f.address).run("operator", "init", "-status").code()).isEqualTo(2);
            assertThat(f.lifecycle.lastInit).isNull();
        }
    }

    @Test
    void unseal_sharesShowProgressThenUnsealed() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            CliRunner cli = new CliRunner(f.address);
            CliRunner.Result r1 = cli.run("operator", "unseal", b64(1));
            assertThat(r1.code()).as(r1.err()).isZero();
            assertThat(r1.out()).containsPattern("Sealed\\s+true").containsPattern("Unseal Progress\\s+1/3")
                    .containsPattern("Unseal Nonce\\s+nonce-1").containsPattern("Total Shares\\s+5");

            cli.promptAnswer = HexFormat.of().formatHex(FakeLifecycle.share(2));
            CliRunner.Result r2 = cli.run("operator", "unseal");
            assertThat(r2.out()).containsPattern("Unseal Progress\\s+2/3");
            assertThat(lc.submitted.get(1)).isEqualTo(FakeLifecycle.share(2));

            CliRunner.Result r3 = cli.run("operator", "unseal", "-format=json", b64(3));
            JsonNode json = new ObjectMapper().readTree(r3.out());
            assertThat(json.get("sealed").asBoolean()).isFalse();
        }
    }

    @Test
    void unseal_reset_clearsProgress() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            CliRunner cli = new CliRunner(f.address);
            cli.run("operator", "unseal", b64(1));
            CliRunner.Result r = cli.run("operator", "unseal", "-reset");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("Unseal Progress\\s+0/3");
            assertThat(lc.submitted).isEmpty();
        }
    }

    @Test
    void unseal_badKey_exit2WithServerMessage() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            CliRunner.Result r = new CliRunner(f.address).run("operator", "unseal", "!!!");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("* 'key' must be a valid hex or base64 string");
        }
    }

    @Test
    void seal_withRootTokenFromEnv_seals() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner cli = new CliRunner(f.address);
            cli.env.put("VAULT_TOKEN", FakeLifecycle.ROOT_TOKEN);
            CliRunner.Result r = cli.run("operator", "seal");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Success! Vault is sealed.\n");
            assertThat(f.lifecycle.sealed).isTrue();
        }
    }

    @Test
    void seal_tokenFlagOverridesEnv_andBadTokenIsDenied() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner cli = new CliRunner(f.address);
            cli.env.put("VAULT_TOKEN", FakeLifecycle.ROOT_TOKEN);
            CliRunner.Result r = cli.run("operator", "seal", "-token=hvs.wrong");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("Code: 403").contains("* permission denied").doesNotContain("hvs.wrong");
            assertThat(f.lifecycle.sealed).isFalse();
        }
    }
}
