package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.Fault;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as operators run it: a real process with a config file, the awskms seal against moto_server through
 * the real AWS SDK, a fault proxy in between (to count KMS calls and to cut KMS off), stopped with SIGTERM.
 */
class AwsKmsServerEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private Path config;
    private URI address;
    private Path log;
    private String alias;
    private String firstKey;

    @BeforeEach
    void setUp() throws Exception {
        MotoServer moto = MotoServer.shared();
        String keyArn = moto.createKey();
        alias = "alias/e2e-" + System.nanoTime();
        firstKey = keyArn;
        moto.createAlias(alias, keyArn);
        proxy = new KmsFaultProxy(moto.endpoint());
        int port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("server.log");
        config = dir.resolve("server.hcl");
        Files.writeString(config, """
                storage "file" {
                  path = "%s"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDE2ETEST"
                  secret_key = "e2e-secret-key-never-logged"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                }
                cluster_name = "e2e"
                """.formatted(dir.resolve("data"), port, alias, proxy.endpoint()));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private ServerProcess start() throws Exception {
        return ServerProcess.start(config, log, address, Map.of());
    }

    private JsonNode call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    @Test
    void initThenRestart_unsealsWithoutAnyKey_fiveKmsCallsPerStart_noSecretsInLog() throws Exception {
        JsonNode init;
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60)); // up, not initialized
            assertThat(call("GET", "/v1/sys/seal-status", null, null).get("type").asText()).isEqualTo("awskms");
            init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":5,\"recovery_threshold\":3}", null);
            assertThat(init.get("_status").asInt()).as(init.toString()).isEqualTo(200);
            assertThat(init.get("keys")).isEmpty();
            assertThat(init.get("recovery_keys")).hasSize(5);
            server.awaitHealth(200, Duration.ofSeconds(10));
            assertThat(server.stop()).isZero();
            assertThat(server.log()).contains("shutdown");
        }

        proxy.resetCounts();
        try (ServerProcess server = start()) {
            Duration toUnsealed = server.awaitHealth(200, Duration.ofSeconds(60));
            JsonNode status = call("GET", "/v1/sys/seal-status", null, null);
            assertThat(status.get("sealed").asBoolean()).isFalse();
            assertThat(status.get("initialized").asBoolean()).isTrue();
            assertThat(status.get("recovery_seal_type").asText()).isEqualTo("shamir");
            assertThat(status.get("t").asInt()).isEqualTo(3);
            assertThat(status.get("n").asInt()).isEqualTo(5);
            // the keyring still opens: the root token written behind the barrier at init is found
            assertThat(call("PUT", "/v1/sys/seal", null, init.get("root_token").asText()).get("_status").asInt()).isEqualTo(204);
            assertThat(server.health()).isEqualTo(503);
            // a start costs exactly one DescribeKey and four Decrypts: the root key, the recovery key (every
            // stored key is checked at unseal, so damage shows at start, not at the first recovery operation), and
            // the two seal-wrapped entries the barrier reads at unseal, the keyring and the root-key copy
            assertThat(proxy.count("DescribeKey")).isEqualTo(1);
            assertThat(proxy.count("Decrypt")).isEqualTo(4);
            assertThat(proxy.count("Encrypt")).isZero();
            assertThat(toUnsealed).isLessThan(Duration.ofSeconds(60));
            server.stop();

            String logText = server.log();
            assertThat(logText).doesNotContain(init.get("root_token").asText()).doesNotContain("e2e-secret-key-never-logged");
            for (JsonNode k : init.get("recovery_keys")) {
                assertThat(logText).doesNotContain(k.asText());
            }
            for (JsonNode k : init.get("recovery_keys_base64")) {
                assertThat(logText).doesNotContain(k.asText());
            }
            assertThat(logText).contains("Seal Type: awskms").contains("AWS KMS KeyID: arn:aws:kms:us-east-1:");
        }
    }

    @Test
    void aliasMovedToNewKey_restartRewrapsStoredKeys_recoveryKeysStillWork() throws Exception {
        JsonNode init;
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
            server.awaitHealth(200, Duration.ofSeconds(10));
            server.stop();
        }
        assertThat(storedKeyId("core/hsm/barrier-unseal-keys")).isEqualTo(firstKey);

        String secondKey = MotoServer.shared().createKey();
        MotoServer.shared().updateAlias(alias, secondKey); // an operator's manual rotation
        proxy.resetCounts();
        try (ServerProcess server = start()) {
            server.awaitHealth(200, Duration.ofSeconds(60));
            // the old blob still opened (Decrypt names no key), and both stored keys get re-wrapped under the new
            // key right after the unseal (like Vault's post-unseal UpgradeKeys)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // the log file holds the earlier runs too: wait for this run's line, which names the new key
            while (!server.log().contains("seal re-wrap completed: processed=4 succeeded=4 failed=0 key=" + secondKey)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // the two stored keys, then the background rewrap: the seal-wrapped keyring and root-key copy
            assertThat(proxy.count("Encrypt")).isEqualTo(4);
            server.stop();
            assertThat(server.log()).contains("stored root key re-wrapped from key " + firstKey + " to " + secondKey)
                    .contains("recovery key re-wrapped from key " + firstKey + " to " + secondKey);
        }
        assertThat(storedKeyId("core/hsm/barrier-unseal-keys")).isEqualTo(secondKey);
        assertThat(storedKeyId("core/recovery-key")).isEqualTo(secondKey);

        proxy.resetCounts();
        try (ServerProcess server = start()) {
            server.awaitHealth(200, Duration.ofSeconds(60));
            assertThat(proxy.count("Encrypt")).isZero(); // nothing left to re-wrap
            // the recovery keys from the first init still authorize an unseal after a manual seal
            call("PUT", "/v1/sys/seal", null, init.get("root_token").asText());
            call("PUT", "/v1/sys/unseal", "{\"key\":\"" + init.get("recovery_keys").get(0).asText() + "\"}", null);
            JsonNode unsealed = call("PUT", "/v1/sys/unseal",
                    "{\"key\":\"" + init.get("recovery_keys_base64").get(2).asText() + "\"}", null);
            assertThat(unsealed.get("sealed").asBoolean()).as(unsealed.toString()).isFalse();
            server.stop();
        }
    }

    /** The key ARN recorded in a stored seal blob, read from the data folder with the server stopped. */
    private String storedKeyId(String path) {
        // closed at once: an open FileStorage holds the folder's lock, and the next server start needs it
        try (io.strongroom.storage.FileStorage storage = new io.strongroom.storage.FileStorage(dir.resolve("data"))) {
            return io.strongroom.seal.BlobInfo.parseFrom(storage.get(path)).keyInfo().keyId();
        }
    }

    @Test
    void kmsUnreachableAtStart_staysUpSealed503_thenUnsealsByItselfWhenKmsReturns() throws Exception {
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            assertThat(call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null)
                    .get("_status").asInt()).isEqualTo(200);
            server.stop();
        }
        proxy.refuse(true);
        try (ServerProcess server = start()) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            Thread.sleep(1500);
            assertThat(server.health()).isEqualTo(503);
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).contains("retrying").contains(proxy.endpoint().getHost());
            proxy.refuse(false);
            Duration back = server.awaitHealth(200, Duration.ofSeconds(30));
            assertThat(back).isLessThan(Duration.ofSeconds(30));
            server.stop();
        }
    }

    @Test
    void traceLoggingInJson_initUnsealSealAndRecoveryUnseal_noSecretInAnyLogLine() throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Files.writeString(config, Files.readString(config) + "log_level = \"trace\"\nlog_format = \"json\"\n"
                + "pid_file = \"" + pidFile + "\"\nui = true\n");
        JsonNode init;
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(server.pid()));
            init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
            server.awaitHealth(200, Duration.ofSeconds(10));
            String token = init.get("root_token").asText();
            call("PUT", "/v1/sys/seal", null, token);
            call("PUT", "/v1/sys/unseal", "{\"key\":\"" + init.get("recovery_keys").get(0).asText() + "\"}", null);
            call("PUT", "/v1/sys/unseal", "{\"key\":\"" + init.get("recovery_keys_base64").get(1).asText() + "\"}", null);
            server.awaitHealth(200, Duration.ofSeconds(10));
            call("PUT", "/v1/sys/seal", null, "hvs.wrong-token-is-not-logged-either");
            server.stop();
            assertThat(pidFile).doesNotExist();
            // ui = true serves the web UI now: no note that it has no effect
            assertThat(server.log()).doesNotContain("ui is accepted");

            String logText = server.log();
            assertThat(logText).contains("\"@level\":\"debug\"").contains("\"@message\"");
            assertThat(logText).doesNotContain(token).doesNotContain("e2e-secret-key-never-logged")
                    .doesNotContain("hvs.wrong-token-is-not-logged-either");
            for (String field : new String[] {"recovery_keys", "recovery_keys_base64"}) {
                for (JsonNode k : init.get(field)) {
                    assertThat(logText).doesNotContain(k.asText());
                }
            }
        }
    }

    @Test
    void envOnlyActivation_noSealBlock_awskmsFromVaultSealType() throws Exception {
        String keyArn = MotoServer.shared().createKey();
        Path envConfig = dir.resolve("env-only.hcl");
        Files.writeString(envConfig, """
                storage "file" { path = "%s" }
                listener "tcp" {
                  address     = "%s:%d"
                  tls_disable = true
                }
                """.formatted(dir.resolve("data-env"), address.getHost(), address.getPort()));
        Map<String, String> env = Map.of("VAULT_SEAL_TYPE", "awskms", "VAULT_AWSKMS_SEAL_KEY_ID", keyArn,
                "AWS_KMS_ENDPOINT", proxy.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "env-secret-never-logged");
        try (ServerProcess server = ServerProcess.start(envConfig, log, address, env)) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            assertThat(call("GET", "/v1/sys/seal-status", null, null).get("type").asText()).isEqualTo("awskms");
            assertThat(call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null)
                    .get("_status").asInt()).isEqualTo(200);
            server.awaitHealth(200, Duration.ofSeconds(10));
            server.stop();
            assertThat(server.log()).contains("VAULT_SEAL_TYPE=awskms").contains("env VAULT_AWSKMS_SEAL_KEY_ID")
                    .doesNotContain("env-secret-never-logged");
        }
    }

    @Test
    void kmsAccessDeniedAtStart_exitsWithActionableMessage() throws Exception {
        proxy.inject(Fault.accessDenied().on("DescribeKey"));
        try (ServerProcess server = start()) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log()).contains("Error parsing Seal configuration").contains("kms:DescribeKey");
        }
    }

    @Test
    void kmsDecryptFailsAfterStart_sealedUntilKmsAnswers_thenUnsealed() throws Exception {
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
            server.stop();
        }
        proxy.inject(Fault.internalFailure().on("Decrypt").times(8)); // two unseal attempts' worth of retries
        try (ServerProcess server = start()) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            server.awaitHealth(200, Duration.ofSeconds(30));
            assertThat(proxy.count("Decrypt")).isGreaterThan(4);
            server.stop();
        }
    }

    @Test
    void secondServerOnTheSameDataFolder_exitsNamingTheFirstOnesPid_firstKeepsServing() throws Exception {
        int otherPort = FreePorts.pick();
        Path otherConfig = dir.resolve("second.hcl");
        Files.writeString(otherConfig, Files.readString(config).replace(":" + address.getPort() + "\"",
                ":" + otherPort + "\""));
        URI otherAddress = URI.create("http://127.0.0.1:" + otherPort);
        try (ServerProcess first = start()) {
            first.awaitHealth(501, Duration.ofSeconds(60));
            try (ServerProcess second = ServerProcess.start(otherConfig, dir.resolve("second.log"), otherAddress,
                    Map.of())) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(second.log()).contains("Error starting the server: storage folder "
                        + dir.resolve("data") + " is in use by another Strongroom process (pid " + first.pid() + ")");
            }
            assertThat(first.health()).isEqualTo(501);
            first.stop();
        }
    }

    @Test
    void dataFolderOpenToOtherUsers_startRefusedWithTheChmodThatFixesIt() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerProcess server = start()) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log()).contains("storage folder " + data + " has mode 0755")
                    .contains("Run `chmod 700 " + data + "`");
        }
        assertThat(proxy.totalCount()).as("refused before any KMS call").isZero();
    }

    @Test
    void kmsHangsDuringInit_initAnswersWithTheTimeoutErrorWithinTheBound() throws Exception {
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60)); // DescribeKey answered: the key check passed
            proxy.inject(Fault.hang().on("Encrypt").forever());
            long t0 = System.nanoTime();
            JsonNode init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // one KMS operation may take 15 s in all (KmsTimeouts.DEFAULT); it took about a minute before
            assertThat(took).as(init.toString()).isLessThan(Duration.ofSeconds(15 + 5));
            assertThat(init.get("_status").asInt()).as(init.toString()).isGreaterThanOrEqualTo(500);
            assertThat(init.get("errors").toString()).contains("timed out: Encrypt").contains("within the 15 s limit")
                    .contains("KMS or the network path to it is hanging");
            proxy.clearFaults();
            assertThat(server.health()).isEqualTo(501); // not initialized: the failed init left nothing behind
            server.stop();
        }
    }

    @Test
    void kmsDecryptRefusedRightAfterInit_answerCarriesKeysWithWarning_thenUnsealsByItself() throws Exception {
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            proxy.inject(Fault.accessDenied().on("Decrypt").times(1));
            JsonNode init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
            assertThat(init.get("_status").asInt()).as(init.toString()).isEqualTo(200);
            assertThat(init.get("root_token").asText()).startsWith("hvs.");
            assertThat(init.get("recovery_keys")).hasSize(3);
            assertThat(init.get("warnings").get(0).asText()).contains("auto-unseal failed and is pending")
                    .contains("kms:Decrypt");
            // the auto-unseal loop retries by itself, and the root token handed out above is the way in
            server.awaitHealth(200, Duration.ofSeconds(30));
            assertThat(call("PUT", "/v1/sys/seal", null, init.get("root_token").asText()).get("_status").asInt())
                    .isEqualTo(204);
            server.stop();
        }
    }

    @Test
    // vault-compat: only a disabled awskms block = a migration to Shamir (issue 10; implicit shamir, pain point #15)
    void onlySealStanzaDisabled_onAnAwskmsStore_startsInMigrationModeSealed() throws Exception {
        try (ServerProcess server = start()) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
            server.stop();
        }
        Files.writeString(config, Files.readString(config).replace("seal \"awskms\" {", "seal \"awskms\" {\n  disabled = \"true\""));
        try (ServerProcess server = start()) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            JsonNode status = call("GET", "/v1/sys/seal-status", null, null);
            assertThat(status.get("migration").asBoolean()).as(status.toString()).isTrue();
            assertThat(status.get("type").asText()).isEqualTo("awskms");
            server.stop();
            assertThat(server.log()).contains("entering seal migration mode");
        }
    }
}
