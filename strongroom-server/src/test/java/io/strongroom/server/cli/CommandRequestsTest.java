package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command → HTTP table of spec 8, checked against a scripted server that records what the CLI sends and
 * answers canned Vault replies (independent of the real data plane; {@link CliEndToEndTest} runs the real one).
 */
class CommandRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V2_MOUNT = "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}";

    record Seen(String method, String uri, String body, String contentType) {}

    private HttpServer server;
    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, String[]> replies = new HashMap<>();
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = ex.getRequestURI().toString();
            synchronized (seen) {
                seen.add(new Seen(ex.getRequestMethod(), uri, body, ex.getRequestHeaders().getFirst("Content-Type")));
            }
            String[] reply = replies.getOrDefault(ex.getRequestMethod() + " " + uri, new String[] {"404", "{\"errors\":[]}"});
            byte[] bytes = reply[1].getBytes(StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply[0]);
            ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
            if (status != 204) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
        cli = new CliRunner("http://127.0.0.1:" + server.getAddress().getPort());
        cli.env.put("VAULT_TOKEN", "t");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void reply(String methodAndUri, int status, String body) {
        replies.put(methodAndUri, new String[] {String.valueOf(status), body});
    }

    private Seen last(String method) {
        return seen.stream().filter(s -> s.method.equals(method)).reduce((a, b) -> b).orElseThrow();
    }

    // vault-compat: preflight, then PUT M/data/P {"data":..., "options":{}}
    @Test
    void kvPut_v2_preflightThenPutDataWithOptions() throws Exception {
        reply("GET /v1/sys/internal/ui/mounts/secret/app", 200, V2_MOUNT);
        reply("PUT /v1/secret/data/app", 200, "{\"data\":{\"version\":1,\"created_time\":\"t\",\"deletion_time\":\"\","
                + "\"destroyed\":false,\"custom_metadata\":null}}");
        CliRunner.Result r = cli.run("kv", "put", "-cas=0", "secret/app", "a=b");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(seen.get(0).uri).isEqualTo("/v1/sys/internal/ui/mounts/secret/app");
        assertThat(JSON.readTree(last("PUT").body)).isEqualTo(JSON.readTree("{\"data\":{\"a\":\"b\"},\"options\":{\"cas\":0}}"));
    }

    // vault-compat: preflight 404 means KV v1: the path is used as is
    @Test
    void kvGet_preflight404_v1Path() {
        reply("GET /v1/old/app", 200, "{\"data\":{\"k\":\"v\"},\"lease_duration\":2764800}");
        CliRunner.Result r = cli.run("kv", "get", "old/app");
        assertThat(r.code()).as(r.err()).isZero();
        // header width: "k" + 9 = 10, so 10 - 6 = 4 signs
        assertThat(r.out()).isEqualTo("== Data ==\nKey    Value\n---    -----\nk      v\n");
    }

    // vault-compat: preflight 403 fails the command with exit 2 and the server's message
    @Test
    void kvGet_preflight403_exit2() {
        reply("GET /v1/sys/internal/ui/mounts/secret/app", 403, "{\"errors\":[\"preflight capability check returned 403,"
                + " please ensure client's policies grant access to path \\\"secret/app/\\\"\"]}");
        CliRunner.Result r = cli.run("kv", "get", "secret/app");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Code: 403").contains("preflight capability check returned 403");
        assertThat(seen).hasSize(1);
    }

    // vault-compat: a deleted version (404 with data) prints path and metadata, no Data, exit 0
    @Test
    void kvGet_deletedVersion404WithData_metadataOnlyExit0() {
        reply("GET /v1/sys/internal/ui/mounts/secret/app", 200, V2_MOUNT);
        reply("GET /v1/secret/data/app", 404, "{\"data\":{\"data\":null,\"metadata\":{\"created_time\":\"c\","
                + "\"custom_metadata\":null,\"deletion_time\":\"d\",\"destroyed\":false,\"version\":3}}}");
        CliRunner.Result r = cli.run("kv", "get", "secret/app");
        assertThat(r.code()).as(r.err()).isZero();
        // header width: len("secret/data/app") = 15, so 15 - 13 = 2 signs
        assertThat(r.out()).isEqualTo("= Secret Path =\nsecret/data/app\n\n======= Metadata =======\n"
                + "Key                Value\n---                -----\ncreated_time       c\ncustom_metadata    <nil>\n"
                + "deletion_time      d\ndestroyed          false\nversion            3\n\n");
    }

    // vault-compat: kv patch sends a merge-patch; on 405 it reads and writes back with cas = the read version
    @Test
    void kvPatch_405_fallsBackToReadThenWriteWithCas() throws Exception {
        reply("GET /v1/sys/internal/ui/mounts/secret/app", 200, V2_MOUNT);
        reply("PATCH /v1/secret/data/app", 405, "{\"errors\":[]}");
        reply("GET /v1/secret/data/app", 200, "{\"data\":{\"data\":{\"a\":\"1\"},\"metadata\":{\"version\":7}}}");
        reply("PUT /v1/secret/data/app", 200, "{\"data\":{\"version\":8}}");
        CliRunner.Result r = cli.run("kv", "patch", "secret/app", "b=2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(last("PATCH").contentType).isEqualTo("application/merge-patch+json");
        assertThat(JSON.readTree(last("PUT").body)).isEqualTo(
                JSON.readTree("{\"data\":{\"a\":\"1\",\"b\":\"2\"},\"options\":{\"cas\":7}}"));
        // with -method=patch there is no fallback
        CliRunner.Result strict = cli.run("kv", "patch", "-method=patch", "secret/app", "b=2");
        assertThat(strict.code()).isEqualTo(2);
    }

    // vault-compat: lists go as GET ?list=true; v2 lists the metadata path
    @Test
    void kvList_v2_getMetadataWithListTrue() {
        reply("GET /v1/sys/internal/ui/mounts/secret/dir", 200, V2_MOUNT);
        reply("GET /v1/secret/metadata/dir?list=true", 200, "{\"data\":{\"keys\":[\"a\",\"b/\"]}}");
        CliRunner.Result r = cli.run("kv", "list", "secret/dir");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Keys\n----\na\nb/\n");
    }

    @Test
    void kvDeleteVersions_postDeletePathWithIntegers() throws Exception {
        reply("GET /v1/sys/internal/ui/mounts/secret/app", 200, V2_MOUNT);
        reply("POST /v1/secret/delete/app", 204, "");
        CliRunner.Result r = cli.run("kv", "delete", "-versions=1,3", "secret/app");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(last("POST").body)).isEqualTo(JSON.readTree("{\"versions\":[1,3]}"));
        assertThat(r.out()).isEqualTo("Success! Data deleted (if it existed) at: secret/data/app\n");
    }

    // vault-compat: -mount=M asks the preflight about M and joins the path below it
    @Test
    void kvGet_mountFlag_preflightOnMountAndJoinedPath() {
        reply("GET /v1/sys/internal/ui/mounts/secret", 200, V2_MOUNT);
        reply("GET /v1/secret/data/app?version=2", 200, "{\"data\":{\"data\":{\"k\":\"v\"},\"metadata\":{}}}");
        CliRunner.Result r = cli.run("kv", "get", "-mount=secret", "-version=2", "-field=k", "app");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("v");
    }

    // vault-compat: token create -orphan goes to create-orphan with the Go client's always-sent fields
    @Test
    void tokenCreate_orphan_createOrphanBody() throws Exception {
        reply("POST /v1/auth/token/create-orphan", 200, "{\"auth\":{\"client_token\":\"hvs.x\",\"accessor\":\"a\","
                + "\"policies\":[\"default\",\"p\"],\"token_policies\":[\"default\",\"p\"],\"lease_duration\":60,"
                + "\"renewable\":true}}");
        CliRunner.Result r = cli.run("token", "create", "-orphan", "-policy=p", "-ttl=1m", "-use-limit=2",
                "-explicit-max-ttl=2h", "-period=30m", "-no-default-policy", "-id=custom");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode body = JSON.readTree(last("POST").body);
        assertThat(body).isEqualTo(JSON.readTree("{\"id\":\"custom\",\"policies\":[\"p\"],\"ttl\":\"60s\","
                + "\"explicit_max_ttl\":\"7200s\",\"period\":\"1800s\",\"no_parent\":true,\"no_default_policy\":true,"
                + "\"display_name\":\"\",\"num_uses\":2,\"renewable\":true,\"type\":\"\"}"));
        assertThat(r.out()).contains("token_duration       1m\n").contains("token_policies       [\"default\" \"p\"]\n");
    }

    @Test
    void tokenRevokeModes_pathsAndBodies() throws Exception {
        reply("PUT /v1/auth/token/revoke-orphan", 204, "");
        reply("POST /v1/auth/token/revoke-accessor", 204, "");
        reply("PUT /v1/auth/token/revoke-self", 204, "");
        assertThat(cli.run("token", "revoke", "-mode=orphan", "tok").code()).isZero();
        assertThat(JSON.readTree(last("PUT").body).get("token").asText()).isEqualTo("tok");
        assertThat(cli.run("token", "revoke", "-accessor", "acc").code()).isZero();
        assertThat(JSON.readTree(last("POST").body).get("accessor").asText()).isEqualTo("acc");
        CliRunner.Result self = cli.run("token", "revoke", "-self");
        assertThat(self.code()).isZero();
        assertThat(self.out()).isEqualTo("Success! Revoked token (if it existed)\n");
        assertThat(last("PUT").uri).isEqualTo("/v1/auth/token/revoke-self");
    }

    // vault-compat: secrets enable body (-version and -options become string options)
    @Test
    void secretsEnable_bodyAndMessage() throws Exception {
        reply("POST /v1/sys/mounts/team/kv", 204, "");
        CliRunner.Result r = cli.run("secrets", "enable", "-path=/team/kv/", "-version=2", "-options=x=y",
                "-max-lease-ttl=2h", "kv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Success! Enabled the kv secrets engine at: team/kv/\n");
        assertThat(JSON.readTree(last("POST").body)).isEqualTo(JSON.readTree("{\"type\":\"kv\",\"description\":\"\","
                + "\"config\":{\"max_lease_ttl\":\"7200s\"},\"local\":false,\"seal_wrap\":false,"
                + "\"options\":{\"x\":\"y\",\"version\":\"2\"}}"));
    }

    // vault-compat: policy names are lower-cased; the rules go as {"policy": text}
    @Test
    void policyWrite_stdin_putPoliciesAcl() throws Exception {
        reply("PUT /v1/sys/policies/acl/ops", 204, "");
        cli.stdin = "path \"a\" { capabilities = [\"read\"] }";
        CliRunner.Result r = cli.run("policy", "write", "OPS", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(last("PUT").body).get("policy").asText()).isEqualTo("path \"a\" { capabilities = [\"read\"] }");
        assertThat(r.out()).isEqualTo("Success! Uploaded policy: ops\n");
    }
}
