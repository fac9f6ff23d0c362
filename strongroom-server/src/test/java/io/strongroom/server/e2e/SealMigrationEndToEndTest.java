package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.server.cli.CliContext;
import io.strongroom.server.cli.StrongroomCli;
import io.strongroom.storage.FileStorage;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seal migration in every direction with the server as operators run it (issue 10): a real process, a config file,
 * awskms against moto_server through the real AWS SDK, two moto keys standing for the old and the new KMS key (or
 * account), and the fault proxy refusing the old key afterwards. Each direction writes KV secrets (one mount with
 * {@code seal_wrap = true}) before and reads them after the migration, after a restart with the new seal alone,
 * and with the old key refused.
 */
class SealMigrationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private Path config;
    private Path data;
    private URI address;
    private Path log;
    private int port;
    private String keyA;
    private String keyB;

    @BeforeEach
    void setUp() {
        MotoServer moto = MotoServer.shared();
        keyA = moto.createKey();
        keyB = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("server.log");
        config = dir.resolve("server.hcl");
        data = dir.resolve("data");
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private String awskms(String key, String name, boolean disabled) {
        return """
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDE2ETEST"
                  secret_key = "e2e-secret-key-never-logged"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                %s%s}
                """.formatted(key, proxy.endpoint(), name == null ? "" : "  name       = \"" + name + "\"\n",
                disabled ? "  disabled   = \"true\"\n" : "");
    }

    private ServerProcess start(String seals) throws Exception {
        Files.writeString(config, """
                storage "file" {
                  path = "%s"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                %s
                """.formatted(data, port, seals));
        Files.deleteIfExists(log);
        return ServerProcess.start(config, log, address, Map.of());
    }

    private JsonNode call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    /** Mounts kv "plain" and kv "wrapped" (seal_wrap) and writes one secret into each. */
    private void writeSecrets(String token) throws Exception {
        assertThat(call("POST", "/v1/sys/mounts/plain", "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}", token)
                .get("_status").asInt()).isEqualTo(204);
        assertThat(call("POST", "/v1/sys/mounts/wrapped", "{\"type\":\"kv\",\"seal_wrap\":true}", token)
                .get("_status").asInt()).isEqualTo(204);
        assertThat(call("PUT", "/v1/plain/data/app", "{\"data\":{\"password\":\"p1\"}}", token).get("_status")
                .asInt()).isEqualTo(200);
        assertThat(call("PUT", "/v1/wrapped/db", "{\"password\":\"w1\"}", token).get("_status").asInt())
                .isEqualTo(204);
    }

    private void assertSecrets(String token) throws Exception {
        JsonNode plain = call("GET", "/v1/plain/data/app", null, token);
        assertThat(plain.get("_status").asInt()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.get("data").get("data").get("password").asText()).isEqualTo("p1");
        JsonNode wrapped = call("GET", "/v1/wrapped/db", null, token);
        assertThat(wrapped.get("_status").asInt()).as(wrapped.toString()).isEqualTo(200);
        assertThat(wrapped.get("data").get("password").asText()).isEqualTo("w1");
    }

    private JsonNode unseal(String share, boolean migrate) throws Exception {
        return call("PUT", "/v1/sys/unseal", migrate ? "{\"key\":\"" + share + "\",\"migrate\":true}"
                : "{\"key\":\"" + share + "\"}", null);
    }

    /** {@code strongroom operator unseal -migrate KEY}, the CLI in this JVM against the server. */
    private String cliUnsealMigrate(String share) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(Map.of("VAULT_ADDR", address.toString(), "HOME", dir.toString()),
                new PrintWriter(out), new PrintWriter(err), prompt -> null, new java.io.ByteArrayInputStream(
                new byte[0]), false);
        int code = StrongroomCli.execute(ctx, null, null, "operator", "unseal", "-migrate", share);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private JsonNode awaitRewrapDone(String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = call("GET", "/v1/sys/sealwrap/rewrap", null, token);
            JsonNode d = s.get("data");
            if (d != null && !d.get("is_running").asBoolean() && d.get("fully_wrapped").asBoolean()) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rewrap not finished in 90 s: " + s);
    }

    private List<String> storedKeyIds(String path) {
        try (FileStorage storage = new FileStorage(data)) {
            byte[] raw = storage.get(path);
            return raw == null ? null : MultiWrapValue.parseFrom(raw).keyIds();
        }
    }

    private String storedSealType() throws IOException {
        try (FileStorage storage = new FileStorage(data)) {
            return JSON.readTree(storage.get(CorePaths.SEAL_CONFIG)).get("type").asText();
        }
    }

    /** Every file of the data folder with its SHA-256: "storage unchanged" means this map is equal. */
    private Map<String, String> dataDigest() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".lock"))
                    .toList()) {
                out.put(data.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    // vault-compat: vault-seal-spec 6.1-6.3, shamir -> awskms (no disabled block needed)
    @Test
    void shamirToAwskms_unsealMigrateWithUnsealShares_migratesAndNewSealAloneUnseals() throws Exception {
        JsonNode init;
        try (ServerProcess server = start("")) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            init = call("PUT", "/v1/sys/init", "{\"secret_shares\":3,\"secret_threshold\":2}", null);
            assertThat(init.get("_status").asInt()).as(init.toString()).isEqualTo(200);
            unseal(init.get("keys").get(0).asText(), false);
            unseal(init.get("keys").get(1).asText(), false);
            server.awaitHealth(200, Duration.ofSeconds(30));
            writeSecrets(init.get("root_token").asText());
            server.stop();
        }
        String token = init.get("root_token").asText();
        try (ServerProcess server = start(awskms(keyB, null, false))) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            JsonNode st = call("GET", "/v1/sys/seal-status", null, null);
            assertThat(st.get("migration").asBoolean()).as(st.toString()).isTrue();
            assertThat(st.get("type").asText()).isEqualTo("shamir");
            assertThat(st.get("t").asInt()).isEqualTo(2);
            assertThat(st.get("n").asInt()).isEqualTo(3);
            JsonNode noFlag = unseal(init.get("keys").get(0).asText(), false);
            assertThat(noFlag.get("_status").asInt()).isEqualTo(400);
            assertThat(noFlag.get("errors").get(0).asText())
                    .startsWith("migrate option not provided and seal migration is pending");
            assertThat(cliUnsealMigrate(init.get("keys").get(0).asText())).containsPattern("Seal Migration in Progress\\s+true");
            assertThat(cliUnsealMigrate(init.get("keys").get(2).asText())).containsPattern("Sealed\\s+false");
            server.awaitHealth(200, Duration.ofSeconds(30));
            st = call("GET", "/v1/sys/seal-status", null, null);
            assertThat(st.get("migration").asBoolean()).isFalse();
            assertThat(st.get("type").asText()).isEqualTo("awskms");
            assertThat(st.get("recovery_seal").asBoolean()).isTrue();
            assertSecrets(token);
            awaitRewrapDone(token);
            server.stop();
            assertThat(server.log()).contains("entering seal migration mode")
                    .contains("seal migration from shamir to awskms completed")
                    .doesNotContain("e2e-secret-key-never-logged");
        }
        assertThat(storedSealType()).isEqualTo("awskms");
        assertThat(storedKeyIds(CorePaths.BARRIER_UNSEAL_KEYS)).singleElement().asString().endsWith(keyId(keyB));
        try (ServerProcess server = start(awskms(keyB, null, false))) {
            server.awaitHealth(200, Duration.ofSeconds(60)); // auto-unseal with the new seal alone
            assertSecrets(token);
            // the former unseal shares are the recovery shares now
            assertThat(call("PUT", "/v1/sys/seal", null, token).get("_status").asInt()).isEqualTo(204);
            unseal(init.get("keys").get(1).asText(), false);
            assertThat(unseal(init.get("keys").get(2).asText(), false).get("sealed").asBoolean()).isFalse();
            server.stop();
        }
    }

    // vault-compat: vault-seal-spec 6.1-6.3, awskms -> shamir (only the disabled block), pain point #10 and #15
    @Test
    void awskmsToShamir_onlyDisabledBlock_migratesAndOldKeyRefusedAfterwardsStillUnseals() throws Exception {
        JsonNode init;
        try (ServerProcess server = start(awskms(keyA, null, false))) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
            assertThat(init.get("_status").asInt()).as(init.toString()).isEqualTo(200);
            server.awaitHealth(200, Duration.ofSeconds(30));
            writeSecrets(init.get("root_token").asText());
            awaitRewrapDone(init.get("root_token").asText());
            server.stop();
        }
        String token = init.get("root_token").asText();
        List<String> recovery = List.of(init.get("recovery_keys").get(0).asText(),
                init.get("recovery_keys").get(1).asText());
        try (ServerProcess server = start(awskms(keyA, null, true))) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            JsonNode st = call("GET", "/v1/sys/seal-status", null, null);
            assertThat(st.get("migration").asBoolean()).as(st.toString()).isTrue();
            assertThat(st.get("type").asText()).isEqualTo("awskms");
            assertThat(st.get("recovery_seal").asBoolean()).isTrue();
            assertThat(st.get("t").asInt()).isEqualTo(2);
            unseal(recovery.get(0), true);
            JsonNode done = unseal(recovery.get(1), true);
            assertThat(done.get("_status").asInt()).as(done.toString()).isEqualTo(200);
            assertThat(done.get("sealed").asBoolean()).isFalse();
            assertThat(done.get("type").asText()).isEqualTo("shamir");
            assertSecrets(token);
            server.stop();
        }
        assertThat(storedSealType()).isEqualTo("shamir");
        proxy.resetCounts();
        proxy.denyKey(keyA);
        try (ServerProcess server = start("")) { // the disabled block removed; KMS refuses the old key anyway
            server.awaitHealth(503, Duration.ofSeconds(60));
            unseal(recovery.get(0), false);
            assertThat(unseal(recovery.get(1), false).get("sealed").asBoolean()).isFalse();
            assertSecrets(token);
            server.stop();
        }
        assertThat(proxy.totalCount()).as("nothing under shamir calls KMS").isZero();
    }

    // vault-compat: vault-seal-spec 6.1 awskms -> awskms with distinct names; 6.3 and pain point #9 (key ids)
    @Test
    void awskmsToAwskms_otherKey_migratesRewrapsAndOldKeyRefusedAfterwardsStillUnseals() throws Exception {
        JsonNode init;
        try (ServerProcess server = start(awskms(keyA, null, false))) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
            server.awaitHealth(200, Duration.ofSeconds(30));
            writeSecrets(init.get("root_token").asText());
            awaitRewrapDone(init.get("root_token").asText());
            server.stop();
        }
        String token = init.get("root_token").asText();
        String both = awskms(keyA, "old-account", true) + awskms(keyB, "new-account", false);
        try (ServerProcess server = start(both)) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            assertThat(call("GET", "/v1/sys/seal-status", null, null).get("migration").asBoolean()).isTrue();
            unseal(init.get("recovery_keys").get(2).asText(), true);
            assertThat(unseal(init.get("recovery_keys").get(0).asText(), true).get("sealed").asBoolean()).isFalse();
            assertSecrets(token);
            JsonNode rewrap = awaitRewrapDone(token);
            assertThat(rewrap.get("fully_wrapped").asBoolean()).isTrue();
            server.stop();
        }
        assertThat(storedKeyIds(CorePaths.BARRIER_UNSEAL_KEYS)).singleElement().asString().endsWith(keyId(keyB));
        assertThat(storedKeyIds(CorePaths.RECOVERY_KEY)).singleElement().asString().endsWith(keyId(keyB));
        try (ServerProcess server = start(both)) { // the old block still there: a normal start
            server.awaitHealth(200, Duration.ofSeconds(60));
            server.stop();
            assertThat(server.log()).contains("can be removed");
        }
        proxy.refuse(true); // KMS down at start with the disabled block still there: a clear refusal, not a guess
        try (ServerProcess server = start(both)) {
            assertThat(server.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
            assertThat(server.log()).contains("the KMS key of the enabled seal could not be reached at start");
        }
        proxy.refuse(false);
        proxy.denyKey(keyA);
        try (ServerProcess server = start(awskms(keyB, "new-account", false))) {
            server.awaitHealth(200, Duration.ofSeconds(60));
            assertSecrets(token);
            server.stop();
        }
        assertThat(proxy.deniedCount()).as("nothing asked for the old key").isZero();
    }

    @Test
    void awskmsStore_configuredShamirWithoutDisabledBlock_startRefusedNamingBlockAndStorageUnchanged()
            throws Exception {
        try (ServerProcess server = start(awskms(keyA, null, false))) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
            server.awaitHealth(200, Duration.ofSeconds(30));
            server.stop();
        }
        Map<String, String> before = dataDigest();
        try (ServerProcess server = start("seal \"shamir\" {}\n")) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log()).contains("cannot seal migrate from awskms to Shamir, no disabled seal in "
                    + "configuration").contains("seal \"shamir\" at " + config);
        }
        assertThat(dataDigest()).isEqualTo(before);
    }

    @Test
    void shamirStore_disabledAwskmsBlock_startRefusedNamingTheBlockAndStorageUnchanged() throws Exception {
        try (ServerProcess server = start("")) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            call("PUT", "/v1/sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}", null);
            server.stop();
        }
        Map<String, String> before = dataDigest();
        try (ServerProcess server = start(awskms(keyA, null, true) + awskms(keyB, null, false))) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log()).contains("seal \"awskms\" (disabled, name \"awskms-disabled\") at " + config)
                    .contains(": the disabled seal is \"awskms\" but this store is sealed by shamir");
        }
        assertThat(dataDigest()).isEqualTo(before);
    }

    private static String keyId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
