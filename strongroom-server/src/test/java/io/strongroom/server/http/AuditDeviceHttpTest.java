package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.server.http.LiveServer.Reply;
import io.strongroom.server.metrics.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File audit devices over real HTTP against an in-process server (vault-compat: dataplane spec 6): the sys/audit
 * endpoints and their errors, one entry per request and response in Vault's format with tokens and secret values
 * hashed, sys/audit-hash agreeing with the file, the table surviving seal and unseal, and the fail-closed rule.
 */
class AuditDeviceHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

    @TempDir
    Path dir;
    private LiveServer srv;
    private String root;

    @BeforeEach
    void start() {
        srv = LiveServer.start();
        root = srv.rootToken;
    }

    @AfterEach
    void stop() {
        srv.close();
    }

    private void enableFile(String name, Path file) {
        Reply r = srv.post("sys/audit/" + name, root,
                LiveServer.json(Map.of("type", "file", "options", Map.of("file_path", file.toString()))));
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    private static List<JsonNode> entries(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> forPath(List<JsonNode> entries, String path) {
        return entries.stream().filter(e -> e.path("request").path("path").asText().equals(path)).toList();
    }

    @Test
    void scriptedRun_fileDevice_logsEveryRequestAndResponseWithSecretsHashed() throws IOException {
        Path log = dir.resolve("audit.log");
        enableFile("file", log);
        srv.policy("reader", "path \"secret/data/other\" { capabilities = [\"read\"] }");
        String limited = srv.token("reader");
        Reply w = srv.post("secret/data/app", root, "{\"data\":{\"password\":\"hunter2-secret\",\"n\":7}}");
        assertThat(w.status()).as(w.toString()).isEqualTo(200);
        Reply r = srv.get("secret/data/app", root);
        assertThat(r.status()).isEqualTo(200);
        Reply refused = srv.get("secret/data/app", limited);
        assertThat(refused.status()).isEqualTo(403);
        Reply badToken = srv.get("secret/data/app", "hvs.not-a-token");
        assertThat(badToken.status()).isEqualTo(403);

        String text = Files.readString(log);
        assertThat(text).doesNotContain("hunter2-secret", root, limited, "hvs.not-a-token");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<JsonNode> all = entries(log);
        List<JsonNode> app = forPath(all, "secret/data/app");
        // write: request + response; read: request + response; refused: request; bad token: request
        assertThat(app).extracting(e -> e.path("type").asText() + " " + e.path("request").path("operation").asText())
                .containsExactly("request create", "response create", "request read", "response read",
                        "request read", "request read");
        JsonNode writeReq = app.get(0);
        assertThat(writeReq.fieldNames().next()).isEqualTo("time");
        assertThat(writeReq.path("request").path("mount_point").asText()).isEqualTo("secret/");
        assertThat(writeReq.path("request").path("mount_type").asText()).isEqualTo("kv");
        assertThat(writeReq.path("request").path("id").asText()).isNotEmpty();
        assertThat(writeReq.path("request").path("remote_address").asText()).isEqualTo("127.0.0.1");
        assertThat(writeReq.path("request").path("client_token").asText()).startsWith("hmac-sha256:");
        assertThat(writeReq.path("auth").path("client_token").asText()).startsWith("hmac-sha256:");
        assertThat(writeReq.path("auth").path("accessor").asText()).startsWith("hmac-sha256:");
        assertThat(writeReq.path("auth").path("token_ttl").isNumber()).isTrue(); // the root token: 0, no expiry
        assertThat(java.time.Instant.parse(writeReq.path("auth").path("token_issue_time").asText()))
                .isBefore(java.time.Instant.now().plusSeconds(1));
        assertThat(writeReq.has("error")).isFalse();
        JsonNode sent = writeReq.path("request").path("data").path("data");
        assertThat(sent.path("n").asInt()).isEqualTo(7); // numbers stay clear
        assertThat(app.get(3).path("response").path("data").path("data").path("password").asText())
                .isEqualTo(sent.path("password").asText());
        assertThat(app.get(3).path("response").path("data").path("metadata").path("version").asInt()).isEqualTo(1);
        assertThat(app.get(4).path("error").asText()).isEqualTo(DENIED);
        assertThat(app.get(4).path("auth").path("policy_results").path("allowed").asBoolean()).isFalse();
        assertThat(app.get(5).path("error").asText()).contains("invalid token");
        assertThat(app.get(5).has("auth")).isFalse();

        Reply hash = srv.post("sys/audit-hash/file", root, "{\"input\":\"hunter2-secret\"}");
        assertThat(hash.status()).as(hash.toString()).isEqualTo(200);
        assertThat(hash.json().path("data").path("hash").asText()).isEqualTo(sent.path("password").asText());
        assertThat(hash.json().path("hash").asText()).isEqualTo(sent.path("password").asText()); // injected
        Reply tokenHash = srv.post("sys/audit-hash/file", root, LiveServer.json(Map.of("input", root)));
        assertThat(tokenHash.json().path("hash").asText())
                .isEqualTo(writeReq.path("request").path("client_token").asText());
    }

    @Test
    void specialHandlers_uiMountsMetricsAndSeal_areAuditedRefusedOrNot() throws IOException {
        Path log = dir.resolve("audit.log");
        enableFile("file", log);
        assertThat(srv.get("sys/internal/ui/mounts/secret/app", root).status()).isEqualTo(200);
        assertThat(srv.get("sys/internal/ui/mounts/secret/app", "hvs.not-a-token").status()).isEqualTo(403);
        assertThat(srv.get("sys/metrics?format=prometheus", root).status()).isEqualTo(200);
        assertThat(srv.post("sys/seal", "hvs.not-a-token", "").status()).isEqualTo(403);
        assertThat(srv.post("sys/seal", root, "").status()).isEqualTo(204);

        List<JsonNode> all = entries(log);
        List<JsonNode> ui = forPath(all, "sys/internal/ui/mounts/secret/app");
        assertThat(ui).extracting(e -> e.path("type").asText()).containsExactly("request", "response", "request");
        assertThat(ui.get(1).path("response").path("data").path("path").asText()).startsWith("hmac-sha256:");
        assertThat(ui.get(2).path("error").asText()).contains("invalid token");
        assertThat(forPath(all, "sys/metrics")).hasSize(1);
        List<JsonNode> seal = forPath(all, "sys/seal");
        assertThat(seal).extracting(e -> e.path("type").asText()).containsExactly("request", "request");
        assertThat(seal.get(0).path("error").asText()).contains("invalid token");
        assertThat(seal.get(1).has("error")).isFalse();
        assertThat(seal.get(1).path("request").path("operation").asText()).isEqualTo("update");
        assertThat(seal.get(1).path("request").path("remote_address").asText()).isEqualTo("127.0.0.1");
        assertThat(seal.get(1).path("request").path("client_token").asText()).startsWith("hmac-sha256:");
        assertThat(Files.readString(log)).doesNotContain(root);
    }

    @Test
    void sysAudit_listEnableDisable_vaultShapesAndErrors() throws IOException {
        Path log = dir.resolve("a.log");
        enableFile("one", log);
        Reply list = srv.get("sys/audit", root);
        assertThat(list.status()).isEqualTo(200);
        JsonNode one = list.json().path("one/");
        assertThat(one.path("type").asText()).isEqualTo("file");
        assertThat(one.path("path").asText()).isEqualTo("one/");
        assertThat(one.path("options").path("file_path").asText()).isEqualTo(log.toString());
        assertThat(one.path("local").asBoolean()).isFalse();
        assertThat(list.json().path("data").path("one/").path("type").asText()).isEqualTo("file");

        Reply again = srv.post("sys/audit/one", root, "{\"type\":\"file\",\"options\":{\"file_path\":\"discard\"}}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).isEqualTo("path already in use");
        Reply noPath = srv.post("sys/audit/two", root, "{\"type\":\"file\"}");
        assertThat(noPath.status()).isEqualTo(400);
        assertThat(noPath.error()).isEqualTo("\"file_path\" is required");
        Path regular = Files.writeString(dir.resolve("plain"), "x");
        Reply badParent = srv.post("sys/audit/three", root, LiveServer.json(Map.of("type", "file",
                "options", Map.of("file_path", regular.resolve("audit.log").toString()))));
        assertThat(badParent.status()).isEqualTo(400);
        assertThat(badParent.error()).startsWith("sanity check failed");
        Reply emptyInput = srv.post("sys/audit-hash/one", root, "{\"input\":\"\"}");
        assertThat(emptyInput.error()).isEqualTo("the \"input\" parameter is empty");
        Reply unknown = srv.post("sys/audit-hash/nope", root, "{\"input\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown audit backend \"nope\"");
        srv.policy("all", "path \"sys/*\" { capabilities = [\"read\", \"update\"] }");
        assertThat(srv.get("sys/audit", srv.token("all")).status()).isEqualTo(403); // sudo needed

        assertThat(srv.send("DELETE", "sys/audit/one", root, null).status()).isEqualTo(204);
        assertThat(srv.send("DELETE", "sys/audit/one", root, null).status()).isEqualTo(204);
        assertThat(srv.get("sys/audit", root).json().path("data").size()).isZero();
        long lines = Files.readAllLines(log).size();
        assertThat(srv.get("secret/data/none", root).status()).isEqualTo(404);
        assertThat(Files.readAllLines(log)).hasSize((int) lines);
    }

    @Test
    void auditTable_sealAndUnseal_deviceAndSaltKept() throws IOException {
        Path log = dir.resolve("kept.log");
        enableFile("kept", log);
        String before = srv.post("sys/audit-hash/kept", root, "{\"input\":\"v\"}").json().path("hash").asText();
        srv.server.lifecycle().seal();
        srv.server.lifecycle().submitKeyShare(srv.unsealKey);
        assertThat(srv.post("sys/audit-hash/kept", root, "{\"input\":\"v\"}").json().path("hash").asText())
                .isEqualTo(before);
        assertThat(srv.get("sys/audit", root).json().path("kept/").path("type").asText()).isEqualTo("file");
        int lines = Files.readAllLines(log).size();
        srv.get("secret/data/x", root);
        assertThat(Files.readAllLines(log)).hasSize(lines + 2);
    }

    @Test
    void write_auditFolderDeleted_is500AndTheValueIsUnchanged() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("logs"));
        enableFile("broken", folder.resolve("audit.log"));
        assertThat(srv.post("secret/data/keep", root, "{\"data\":{\"v\":\"1\"}}").status()).isEqualTo(200);
        deleteTree(folder);

        Reply write = srv.post("secret/data/keep", root, "{\"data\":{\"v\":\"2\"}}");
        assertThat(write.status()).as(write.toString()).isEqualTo(500);
        assertThat(srv.get("secret/data/keep", root).status()).isEqualTo(500);
        assertThat(srv.get("secret/data/keep", "hvs.not-a-token").status()).isEqualTo(500);

        Files.createDirectory(folder); // the device writes again once its folder is back
        Reply read = srv.get("secret/data/keep", root);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("data").path("data").path("v").asText()).isEqualTo("1");
        // the three refused requests are counted (vault.audit.log_request_failure)
        List<PrometheusText.Sample> metrics = PrometheusText.parse(srv.get("sys/metrics?format=prometheus", root).body());
        assertThat(PrometheusText.value(metrics, "vault_audit_log_request_failure_total", Map.of())).isEqualTo(3);
        assertThat(PrometheusText.value(metrics, "vault_audit_log_response_failure_total", Map.of())).isZero();
        assertThat(read.json().path("data").path("metadata").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void write_oneOfTwoDevicesBroken_succeeds() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("gone"));
        enableFile("broken", folder.resolve("audit.log"));
        Path good = dir.resolve("good.log");
        enableFile("good", good);
        deleteTree(folder);
        assertThat(srv.post("secret/data/two", root, "{\"data\":{\"v\":\"1\"}}").status()).isEqualTo(200);
        assertThat(forPath(entries(good), "secret/data/two")).hasSize(2);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
