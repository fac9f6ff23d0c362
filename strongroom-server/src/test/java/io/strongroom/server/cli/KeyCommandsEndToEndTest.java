package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.server.StrongroomServer;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's key operations as an operator runs them: the CLI against a real server whose awskms seal talks to
 * moto_server through the real AWS SDK (and the fault proxy, which counts KMS calls). Rotation, key status,
 * root-key rotation across a restart, generate-root with recovery shares and the OTP, and the recovery rekey.
 */
class KeyCommandsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private ServerConfig config;
    private String address;
    private StrongroomServer server;
    private String rootToken;
    private List<String> recovery;

    @BeforeEach
    void setUp() throws Exception {
        MotoServer moto = MotoServer.shared();
        String key = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        int port = FreePorts.pick();
        address = "http://127.0.0.1:" + port;
        config = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("server.hcl", """
                storage "file" { path = "%s" }
                listener "tcp" {
                  address = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region = "us-east-1"
                  access_key = "a"
                  secret_key = "b"
                  kms_key_id = "%s"
                  endpoint = "%s"
                }
                """.formatted(dir.resolve("data"), port, key, proxy.endpoint()))), false);
        server = start();
        JsonNode init = http("PUT", "/v1/sys/init", "{\"recovery_shares\":3,\"recovery_threshold\":2}", null);
        rootToken = init.get("root_token").asText();
        recovery = new ArrayList<>();
        init.get("recovery_keys_base64").forEach(k -> recovery.add(k.asText()));
        await(() -> http("GET", "/v1/sys/seal-status", null, null).get("sealed").asBoolean() == false);
        http("POST", "/v1/sys/mounts/secret", "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}", rootToken);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        proxy.close();
    }

    private StrongroomServer start() {
        return StrongroomServer.start(config, Map.of("AWS_EC2_METADATA_DISABLED", "true"), null);
    }

    private void restart() throws Exception {
        server.close();
        server = start();
        await(() -> !server.lifecycle().isSealed());
    }

    private CliRunner cli() {
        CliRunner c = new CliRunner(address);
        c.env.put("VAULT_TOKEN", rootToken);
        return c;
    }

    private JsonNode http(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(30))
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

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private String read(String path) throws Exception {
        return http("GET", "/v1/secret/data/" + path, null, rootToken).path("data").path("data").path("v").asText();
    }

    private void write(String path, String value) throws Exception {
        assertThat(http("POST", "/v1/secret/data/" + path, "{\"data\":{\"v\":\"" + value + "\"}}", rootToken)
                .get("_status").asInt()).isEqualTo(200);
    }

    @Test
    void rotate_keyStatusShowsNewTerm_oldAndNewSecretsReadable_noKmsCall() throws Exception {
        write("old", "before");
        CliRunner.Result status = cli().run("operator", "key-status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("Key Term\\s+1").contains("Install Time", "Encryption Count");
        proxy.resetCounts();
        CliRunner.Result rotated = cli().run("operator", "rotate");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.out()).startsWith("Success! Rotated key").containsPattern("Key Term\\s+2");
        // the keyring, its root-key copy and the upgrade entry are seal-wrapped critical entries (issue 9 item 2):
        // one Encrypt each, and nothing else (no Decrypt: the plaintext is in hand)
        assertThat(proxy.count("Encrypt")).as("one Encrypt per seal-wrapped entry the rotation writes").isEqualTo(3);
        assertThat(proxy.totalCount()).as("and no other KMS call").isEqualTo(3);
        write("new", "after");
        assertThat(read("old")).isEqualTo("before");
        assertThat(read("new")).isEqualTo("after");
        restart();
        assertThat(read("old")).isEqualTo("before");
        assertThat(read("new")).isEqualTo("after");
        // vault-compat: the config endpoint's defaults and bounds
        JsonNode rc = http("GET", "/v1/sys/rotate/config", null, rootToken).get("data");
        assertThat(rc.get("max_operations").asLong()).isEqualTo(3_865_470_566L);
        assertThat(rc.get("interval").asText()).isEqualTo("0s");
        assertThat(rc.get("enabled").asBoolean()).isTrue();
        JsonNode tooLow = http("POST", "/v1/sys/rotate/config", "{\"max_operations\":10}", rootToken);
        assertThat(tooLow.get("_status").asInt()).isEqualTo(400);
        assertThat(http("POST", "/v1/sys/rotate/config", "{\"max_operations\":2000000,\"interval\":\"48h\"}",
                rootToken).get("_status").asInt()).isEqualTo(204);
        assertThat(http("GET", "/v1/sys/rotate/config", null, rootToken).get("data").get("interval").asText())
                .isEqualTo("48h0m0s");
    }

    @Test
    void rotateRoot_restartUnsealsWithNewRootKey_secretsKept() throws Exception {
        write("kept", "yes");
        proxy.resetCounts();
        assertThat(http("POST", "/v1/sys/rotate/root", null, rootToken).get("_status").asInt()).isEqualTo(204);
        // the new root key is wrapped by KMS (1), and the keyring and its root-key copy, re-encrypted under it, are
        // seal-wrapped critical entries (1 each)
        assertThat(proxy.count("Encrypt")).as("the new root key, the keyring and the root-key copy").isEqualTo(3);
        restart();
        assertThat(read("kept")).isEqualTo("yes");
        // without a token: 403, as every sudo path
        assertThat(http("POST", "/v1/sys/rotate/root", null, null).get("_status").asInt()).isEqualTo(403);
    }

    @Test
    void rekeyBarrier_cli_recoverySharesRotateRootKey() throws Exception {
        write("kept", "yes");
        CliRunner.Result init = cli().run("operator", "rekey", "-init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(cli().run("operator", "rekey", recovery.get(0)).code()).isZero();
        CliRunner.Result done = cli().run("operator", "rekey", recovery.get(2));
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(done.out()).contains("Rotated the root key");
        restart();
        assertThat(read("kept")).isEqualTo("yes");
    }

    @Test
    void generateRoot_cli_recoveryShares_otpDecodesToWorkingRootToken() throws Exception {
        CliRunner.Result init = cli().run("operator", "generate-root", "-init");
        assertThat(init.code()).as(init.err()).isZero();
        Matcher otp = Pattern.compile("OTP\\s+(\\S{28})\\n").matcher(init.out());
        assertThat(otp.find()).as(init.out()).isTrue();
        CliRunner.Result first = cli().run("operator", "generate-root", recovery.get(1));
        assertThat(first.out()).containsPattern("Progress\\s+1/2");
        // the same share twice: refused with Vault's text, progress unchanged
        CliRunner.Result dup = cli().run("operator", "generate-root", recovery.get(1));
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).contains("given key has already been provided during this root generation operation");
        assertThat(cli().run("operator", "generate-root", "-status").out()).containsPattern("Progress\\s+1/2");
        CliRunner.Result done = cli().run("operator", "generate-root", recovery.get(0));
        assertThat(done.code()).as(done.err()).isZero();
        Matcher encoded = Pattern.compile("Encoded Token\\s+(\\S+)").matcher(done.out());
        assertThat(encoded.find()).as(done.out()).isTrue();
        CliRunner.Result decoded = cli().run("operator", "generate-root", "-decode=" + encoded.group(1),
                "-otp=" + otp.group(1));
        assertThat(decoded.code()).as(decoded.err()).isZero();
        String newRoot = decoded.out().trim();
        assertThat(newRoot).startsWith("hvs.").isNotEqualTo(rootToken);
        JsonNode self = http("GET", "/v1/auth/token/lookup-self", null, newRoot);
        assertThat(self.get("_status").asInt()).isEqualTo(200);
        assertThat(self.get("data").get("policies").toString()).contains("root");
    }

    @Test
    void generateRoot_http_wrongNonceAndTooFewShares_refused_progressRight() throws Exception {
        JsonNode started = http("PUT", "/v1/sys/generate-root/attempt", "{}", null);
        String nonce = started.get("nonce").asText();
        assertThat(started.get("otp_length").asInt()).isEqualTo(28);
        assertThat(started.get("required").asInt()).isEqualTo(2);
        JsonNode wrongNonce = http("PUT", "/v1/sys/generate-root/update",
                "{\"key\":\"" + recovery.get(0) + "\",\"nonce\":\"x\"}", null);
        assertThat(wrongNonce.get("_status").asInt()).isEqualTo(400);
        assertThat(wrongNonce.get("errors").get(0).asText()).startsWith("incorrect nonce supplied");
        JsonNode one = http("PUT", "/v1/sys/generate-root/update",
                "{\"key\":\"" + recovery.get(0) + "\",\"nonce\":\"" + nonce + "\"}", null);
        assertThat(one.get("progress").asInt()).isEqualTo(1);
        assertThat(one.get("complete").asBoolean()).isFalse();
        assertThat(one.get("encoded_token").asText()).isEmpty();
        JsonNode noKey = http("PUT", "/v1/sys/generate-root/update", "{\"nonce\":\"" + nonce + "\"}", null);
        assertThat(noKey.get("errors").get(0).asText()).isEqualTo("'key' must be specified in request body as JSON");
        assertThat(http("GET", "/v1/sys/generate-root/attempt", null, null).get("progress").asInt()).isEqualTo(1);
        assertThat(http("DELETE", "/v1/sys/generate-root/attempt", null, null).get("_status").asInt()).isEqualTo(204);
        assertThat(http("GET", "/v1/sys/generate-root/attempt", null, null).get("started").asBoolean()).isFalse();
    }

    @Test
    void rekeyRecovery_cli_oldSharesStopWorking_newOnesUnsealAfterManualSeal() throws Exception {
        CliRunner.Result init = cli().run("operator", "rekey", "-target=recovery", "-init", "-key-shares=4",
                "-key-threshold=3");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(cli().run("operator", "rekey", "-target=recovery", recovery.get(2)).code()).isZero();
        CliRunner.Result done = cli().run("operator", "rekey", "-target=recovery", recovery.get(1));
        assertThat(done.code()).as(done.err()).isZero();
        List<String> fresh = new ArrayList<>();
        Matcher m = Pattern.compile("Key \\d: (\\S+)").matcher(done.out());
        while (m.find()) {
            fresh.add(m.group(1));
        }
        assertThat(fresh).hasSize(4);
        JsonNode status = http("GET", "/v1/sys/seal-status", null, null);
        assertThat(status.get("t").asInt()).isEqualTo(3);
        assertThat(status.get("n").asInt()).isEqualTo(4);

        assertThat(http("PUT", "/v1/sys/seal", null, rootToken).get("_status").asInt()).isEqualTo(204);
        http("PUT", "/v1/sys/unseal", "{\"key\":\"" + recovery.get(0) + "\"}", null);
        http("PUT", "/v1/sys/unseal", "{\"key\":\"" + recovery.get(1) + "\"}", null);
        JsonNode old = http("PUT", "/v1/sys/unseal", "{\"key\":\"" + recovery.get(2) + "\"}", null);
        assertThat(old.get("_status").asInt()).isEqualTo(400);
        assertThat(http("GET", "/v1/sys/seal-status", null, null).get("sealed").asBoolean()).isTrue();
        http("PUT", "/v1/sys/unseal", "{\"key\":\"" + fresh.get(3) + "\"}", null);
        http("PUT", "/v1/sys/unseal", "{\"key\":\"" + fresh.get(0) + "\"}", null);
        JsonNode opened = http("PUT", "/v1/sys/unseal", "{\"key\":\"" + fresh.get(2) + "\"}", null);
        assertThat(opened.get("sealed").asBoolean()).as(opened.toString()).isFalse();
    }

    @Test
    void rotate_tokenWithoutSudo_refused403_withSudo_allowed() throws Exception {
        // vault-compat: sys/rotate is a root-protected path (dataplane spec 3.8), sys/rotate/root too (OpenBao)
        http("PUT", "/v1/sys/policy/rotator", "{\"policy\":\"path \\\"sys/rotate\\\" { capabilities = "
                + "[\\\"update\\\"] }\\npath \\\"sys/key-status\\\" { capabilities = [\\\"read\\\"] }\"}",
                rootToken);
        http("PUT", "/v1/sys/policy/rotator-sudo", "{\"policy\":\"path \\\"sys/rotate\\\" { capabilities = "
                + "[\\\"update\\\", \\\"sudo\\\"] }\"}", rootToken);
        String plain = http("POST", "/v1/auth/token/create", "{\"policies\":[\"rotator\"]}", rootToken)
                .get("auth").get("client_token").asText();
        String sudo = http("POST", "/v1/auth/token/create", "{\"policies\":[\"rotator-sudo\"]}", rootToken)
                .get("auth").get("client_token").asText();
        assertThat(http("POST", "/v1/sys/rotate", null, plain).get("_status").asInt()).isEqualTo(403);
        assertThat(http("GET", "/v1/sys/key-status", null, plain).get("data").get("term").asInt()).isEqualTo(1);
        assertThat(http("POST", "/v1/sys/rotate", null, sudo).get("_status").asInt()).isEqualTo(204);
        assertThat(http("POST", "/v1/sys/rotate/root", null, sudo).get("_status").asInt()).isEqualTo(403);
        assertThat(http("GET", "/v1/sys/key-status", null, rootToken).get("data").get("term").asInt()).isEqualTo(2);
    }
}
