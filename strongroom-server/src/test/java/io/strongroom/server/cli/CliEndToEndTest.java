package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end (issue 7 item 7, spec 8): {@code strongroom server -dev -dev-root-token-id=root} as a child
 * process, the CLI in-process (the same entry point as {@code Main}, with its own environment, home directory and
 * standard input) and, where the process boundary matters (stdin, {@code -field} without newline), as a process.
 * Each command's exit code, output and {@code -format=json} shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String ROOT = "root";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process server;
    private String addr;
    private Path serverLog;

    @BeforeAll
    void startDevServer() throws Exception {
        int port = FreePorts.pick();
        addr = "http://127.0.0.1:" + port;
        serverLog = Files.createTempFile("strongroom-cli-e2e", ".log");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main", "server", "-dev", "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=" + ROOT));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(serverLog.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_"));
        server = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int health = -1;
        while (System.nanoTime() < deadline && health != 200) {
            try {
                health = http.send(HttpRequest.newBuilder(URI.create(addr + "/v1/sys/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(health).as(Files.readString(serverLog)).isEqualTo(200);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(serverLog);
    }

    /** A CLI with the root token and a private home directory. */
    private CliRunner root() throws Exception {
        CliRunner cli = new CliRunner(addr);
        cli.env.put("VAULT_TOKEN", ROOT);
        cli.env.put("HOME", Files.createTempDirectory(dir, "home").toString());
        return cli;
    }

    private static CliRunner.Result ok(CliRunner cli, String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err()).isZero();
        return r;
    }

    private static JsonNode json(CliRunner.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    // vault-compat: kv put / kv get on KV v2 (dev mode's secret/), table layouts of spec 8 and the json shape
    @Test
    void kvV2_putThenGet_vaultLayoutsJsonAndField() throws Exception {
        CliRunner cli = root();
        CliRunner.Result put = ok(cli, "kv", "put", "secret/creds", "password=s3cr3t", "user=app");
        assertThat(put.out()).startsWith("== Secret Path ==\nsecret/data/creds\n\n======= Metadata =======\n"
                + "Key                Value\n---                -----\ncreated_time       ");
        assertThat(put.out()).contains("\ncustom_metadata    <nil>\ndeletion_time      n/a\n"
                + "destroyed          false\nversion            1\n");

        CliRunner.Result get = ok(cli, "kv", "get", "secret/creds");
        assertThat(get.out()).startsWith("== Secret Path ==\nsecret/data/creds\n\n======= Metadata =======\n");
        assertThat(get.out()).endsWith("\n\n====== Data ======\nKey         Value\n---         -----\n"
                + "password    s3cr3t\nuser        app\n");

        JsonNode envelope = json(ok(cli, "kv", "get", "-format=json", "secret/creds"));
        assertThat(envelope.path("data").path("data").path("password").asText()).isEqualTo("s3cr3t");
        assertThat(envelope.path("data").path("metadata").path("version").asInt()).isEqualTo(1);
        assertThat(envelope.has("request_id")).isTrue();

        assertThat(ok(cli, "kv", "get", "-field=password", "secret/creds").out()).isEqualTo("s3cr3t");
        assertThat(ok(cli, "kv", "get", "-mount=secret", "-field=user", "creds").out()).isEqualTo("app");
        CliRunner.Result noField = cli.run("kv", "get", "-field=nope", "secret/creds");
        assertThat(noField.code()).isEqualTo(1);
        assertThat(noField.err()).isEqualTo("Field \"nope\" not present in secret\n");
    }

    // vault-compat: No value found is exit 2
    @Test
    void kvGet_missing_noValueFoundExit2() throws Exception {
        CliRunner.Result r = root().run("kv", "get", "secret/never-written");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("No value found at secret/data/never-written\n");
        assertThat(r.out()).isEmpty();
    }

    // vault-compat: versions, delete / undelete / destroy, metadata commands and their Success lines
    @Test
    void kvV2_versionLifecycle_messagesAndExitCodes() throws Exception {
        CliRunner cli = root();
        ok(cli, "kv", "put", "secret/life", "v=1");
        ok(cli, "kv", "put", "-cas=1", "secret/life", "v=2");
        CliRunner.Result casMismatch = cli.run("kv", "put", "-cas=1", "secret/life", "v=3");
        assertThat(casMismatch.code()).isEqualTo(2);
        assertThat(casMismatch.err()).startsWith("Error writing data to secret/data/life: Error making API request.")
                .contains("Code: 400").contains("check-and-set parameter did not match the current version");
        assertThat(ok(cli, "kv", "get", "-version=1", "-field=v", "secret/life").out()).isEqualTo("1");

        assertThat(ok(cli, "kv", "delete", "secret/life").out())
                .isEqualTo("Success! Data deleted (if it existed) at: secret/data/life\n");
        CliRunner.Result deleted = ok(cli, "kv", "get", "secret/life");
        assertThat(deleted.out()).contains("======= Metadata =======").contains("version            2")
                .doesNotContain("== Data ==");
        assertThat(ok(cli, "kv", "undelete", "-versions=2", "secret/life").out())
                .isEqualTo("Success! Data written to: secret/undelete/life\n");
        assertThat(ok(cli, "kv", "get", "-field=v", "secret/life").out()).isEqualTo("2");
        assertThat(ok(cli, "kv", "destroy", "-versions=1", "secret/life").out())
                .isEqualTo("Success! Data written to: secret/destroy/life\n");
        assertThat(ok(cli, "kv", "delete", "-versions=2", "secret/life").out())
                .isEqualTo("Success! Data deleted (if it existed) at: secret/data/life\n");
        CliRunner.Result noVersions = cli.run("kv", "undelete", "secret/life");
        assertThat(noVersions.code()).isEqualTo(1);
        assertThat(noVersions.err()).isEqualTo("No versions provided, use the \"-versions\" flag to specify the "
                + "version to undelete.\n");

        assertThat(ok(cli, "kv", "metadata", "put", "-max-versions=5", "-custom-metadata=team=blue",
                "secret/life").out()).isEqualTo("Success! Data written to: secret/metadata/life\n");
        CliRunner.Result meta = ok(cli, "kv", "metadata", "get", "secret/life");
        assertThat(meta.out()).startsWith("=== Metadata Path ===\nsecret/metadata/life\n\n");
        assertThat(meta.out()).contains("custom_metadata         map[team:blue]").contains("max_versions            5")
                .contains("\n====== Version 1 ======\n").contains("\n====== Version 2 ======\n");
        JsonNode metaJson = json(ok(cli, "kv", "metadata", "get", "-format=json", "secret/life"));
        assertThat(metaJson.path("data").path("current_version").asInt()).isEqualTo(2);
        ok(cli, "kv", "metadata", "patch", "-remove-custom-metadata=team", "secret/life");
        assertThat(ok(cli, "kv", "metadata", "delete", "secret/life").out())
                .isEqualTo("Success! Data deleted (if it existed) at: secret/metadata/life\n");
        assertThat(cli.run("kv", "get", "secret/life").code()).isEqualTo(2);
    }

    // vault-compat: kv patch merges (PATCH); -method=rw reads and writes with cas
    @Test
    void kvPatch_mergesBothMethods() throws Exception {
        CliRunner cli = root();
        ok(cli, "kv", "put", "secret/patchme", "a=1", "b=2");
        CliRunner.Result patched = ok(cli, "kv", "patch", "secret/patchme", "b=3", "c=4");
        assertThat(patched.out()).startsWith("=== Secret Path ===\nsecret/data/patchme\n").contains("version ");
        ok(cli, "kv", "patch", "-method=rw", "secret/patchme", "d=5");
        JsonNode data = json(ok(cli, "kv", "get", "-format=json", "secret/patchme")).path("data").path("data");
        assertThat(data.toString()).isEqualTo("{\"a\":\"1\",\"b\":\"3\",\"c\":\"4\",\"d\":\"5\"}");
        CliRunner.Result missing = cli.run("kv", "patch", "-method=rw", "secret/patch-missing", "x=1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("No value found at secret/data/patch-missing\n");
    }

    // vault-compat: Keys / ---- list output; an empty list is No value found, exit 2
    @Test
    void kvList_keysOutputAndMissingExit2() throws Exception {
        CliRunner cli = root();
        ok(cli, "kv", "put", "secret/dir/one", "x=1");
        ok(cli, "kv", "put", "secret/dir/sub/two", "x=1");
        assertThat(ok(cli, "kv", "list", "secret/dir").out()).isEqualTo("Keys\n----\none\nsub/\n");
        assertThat(json(ok(cli, "kv", "list", "-format=json", "secret/dir")).toString())
                .isEqualTo("[\"one\",\"sub/\"]");
        CliRunner.Result none = cli.run("kv", "list", "secret/nothing-here");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("No value found at secret/metadata/nothing-here\n");
    }

    // argument data: key=@file, key=- (stdin), @file.json
    @Test
    void kvPut_argumentDataFromFileStdinAndJson() throws Exception {
        CliRunner cli = root();
        Path pem = dir.resolve("cert.pem");
        Files.writeString(pem, "-----BEGIN-----\nabc\n");
        cli.stdin = "from-stdin";
        ok(cli, "kv", "put", "secret/files", "cert=@" + pem, "token=-");
        JsonNode data = json(ok(cli, "kv", "get", "-format=json", "secret/files")).path("data").path("data");
        assertThat(data.path("cert").asText()).isEqualTo("-----BEGIN-----\nabc\n");
        assertThat(data.path("token").asText()).isEqualTo("from-stdin");
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, "{\"n\":3,\"nested\":{\"k\":\"v\"}}");
        ok(cli, "kv", "put", "secret/json", "@" + doc);
        JsonNode typed = json(ok(cli, "kv", "get", "-format=json", "secret/json")).path("data").path("data");
        assertThat(typed.path("n").isInt()).isTrue();
        assertThat(typed.path("nested").path("k").asText()).isEqualTo("v");
    }

    // vault-compat: KV v1 through secrets enable; kv get prints only the Data section; read shows refresh_interval
    @Test
    void kvV1_secretsEnableGetReadListTuneDisable() throws Exception {
        CliRunner cli = root();
        assertThat(ok(cli, "secrets", "enable", "-path=kv1", "-description=old style", "kv").out())
                .isEqualTo("Success! Enabled the kv secrets engine at: kv1/\n");
        assertThat(ok(cli, "kv", "put", "kv1/app", "foo=bar").out()).isEqualTo("Success! Data written to: kv1/app\n");
        assertThat(ok(cli, "kv", "get", "kv1/app").out())
                .isEqualTo("=== Data ===\nKey    Value\n---    -----\nfoo    bar\n");
        assertThat(ok(cli, "read", "kv1/app").out()).isEqualTo("Key                 Value\n"
                + "---                 -----\nrefresh_interval    768h\nfoo                 bar\n");
        assertThat(ok(cli, "list", "kv1").out()).isEqualTo("Keys\n----\napp\n");
        CliRunner.Result patch = cli.run("kv", "patch", "kv1/app", "foo=baz");
        assertThat(patch.code()).isEqualTo(2);
        assertThat(patch.err()).isEqualTo("K/V engine mount must be version 2 for patch support\n");

        CliRunner.Result list = ok(cli, "secrets", "list");
        assertThat(list.out()).containsPattern("^Path {4,}Type {4,}Accessor {4,}Description\n----  +----  +--------  +-----------\n")
                .containsPattern("\nkv1/ {4,}kv {4,}kv_[0-9a-f]{8} {4,}old style\n").containsPattern("\nsecret/ {4,}kv ");
        JsonNode mounts = json(ok(cli, "secrets", "list", "-format=json"));
        assertThat(mounts.path("secret/").path("options").path("version").asText()).isEqualTo("2");
        assertThat(ok(cli, "secrets", "list", "-detailed").out()).contains("Default TTL").contains("replicated");
        assertThat(ok(cli, "secrets", "tune", "-default-lease-ttl=1h", "kv1").out())
                .isEqualTo("Success! Tuned the secrets engine at: kv1/\n");
        assertThat(ok(cli, "read", "-field=refresh_interval", "kv1/app").out()).isEqualTo("3600");
        assertThat(ok(cli, "secrets", "disable", "kv1").out())
                .isEqualTo("Success! Disabled the secrets engine (if it existed) at: kv1/\n");
        assertThat(cli.run("kv", "get", "kv1/app").code()).isEqualTo(2);
    }

    // generic read / write / list / delete
    @Test
    void genericCommands_writeReadListDelete() throws Exception {
        CliRunner cli = root();
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"data\":{\"k\":\"v\"}}");
        CliRunner.Result write = ok(cli, "write", "secret/data/generic", "@" + body);
        assertThat(write.out()).startsWith("Key ").contains("\nversion ");
        CliRunner.Result read = ok(cli, "read", "secret/data/generic");
        assertThat(read.out()).contains("\ndata        map[k:v]\n").contains("\nmetadata    map[");
        assertThat(ok(cli, "list", "secret/metadata").out()).contains("\ngeneric\n");
        assertThat(ok(cli, "delete", "secret/data/generic").out())
                .isEqualTo("Success! Data deleted (if it existed) at: secret/data/generic\n");
        CliRunner.Result gone = cli.run("read", "secret/data/not-there");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("No value found at secret/data/not-there\n");
    }

    // vault-compat: token create / lookup / renew / revoke, json shapes and exit codes
    @Test
    void tokens_createLookupRenewRevoke() throws Exception {
        CliRunner cli = root();
        JsonNode created = json(ok(cli, "token", "create", "-policy=default", "-ttl=1h", "-display-name=ci",
                "-metadata=team=blue", "-format=json"));
        JsonNode auth = created.path("auth");
        String token = auth.path("client_token").asText();
        String accessor = auth.path("accessor").asText();
        assertThat(token).isNotEmpty();
        assertThat(auth.path("lease_duration").asInt()).isEqualTo(3600);
        assertThat(auth.path("policies").toString()).isEqualTo("[\"default\"]");

        CliRunner.Result table = ok(cli, "token", "create", "-policy=default", "-ttl=90m");
        assertThat(table.out()).startsWith("Key                  Value\n---                  -----\ntoken                ")
                .contains("\ntoken_duration       1h30m\n").contains("\ntoken_policies       [\"default\"]\n")
                .contains("\nidentity_policies    []\n");
        assertThat(ok(cli, "token", "create", "-field=token").out()).isNotBlank().doesNotContain("\n");

        CliRunner.Result lookup = ok(cli, "token", "lookup", token);
        assertThat(lookup.out()).contains("\ndisplay_name        token-ci\n").contains("\npolicies            [default]\n")
                .containsPattern("\nttl\\s+(59m\\d+s|1h)\n");
        JsonNode byAccessor = json(ok(cli, "token", "lookup", "-format=json", "-accessor", accessor));
        assertThat(byAccessor.path("data").path("id").asText()).isEmpty();
        assertThat(byAccessor.path("data").path("display_name").asText()).isEqualTo("token-ci");
        JsonNode self = json(ok(cli, "token", "lookup", "-format=json"));
        assertThat(self.path("data").path("policies").toString()).isEqualTo("[\"root\"]");

        JsonNode renewed = json(ok(cli, "token", "renew", "-increment=30m", "-format=json", token));
        assertThat(renewed.path("auth").path("lease_duration").asInt()).isEqualTo(1800);

        assertThat(ok(cli, "token", "revoke", token).out()).isEqualTo("Success! Revoked token (if it existed)\n");
        CliRunner.Result dead = cli.run("token", "lookup", token);
        assertThat(dead.code()).isEqualTo(2);
        assertThat(dead.err()).startsWith("Error looking up token: Error making API request.").contains("Code: 403");

        String other = json(ok(cli, "token", "create", "-format=json")).path("auth").path("accessor").asText();
        assertThat(ok(cli, "token", "revoke", "-accessor", other).out())
                .isEqualTo("Success! Revoked token (if it existed)\n");
        CliRunner.Result selfWithArg = cli.run("token", "revoke", "-self", "x");
        assertThat(selfWithArg.code()).isEqualTo(1);
        assertThat(selfWithArg.err()).isEqualTo("Tokens cannot be specified with -self\n");
    }

    // vault-compat: policy write / read / list / delete and a limited token refused outside its path
    @Test
    void policies_writeReadListDelete_limitedTokenRefusedOutsideItsPath() throws Exception {
        CliRunner cli = root();
        ok(cli, "kv", "put", "secret/app/db", "password=p1");
        ok(cli, "kv", "put", "secret/other/db", "password=p2");
        Path file = dir.resolve("app.hcl");
        String rules = "path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n";
        Files.writeString(file, rules);
        assertThat(ok(cli, "policy", "write", "App-Read", file.toString()).out())
                .isEqualTo("Success! Uploaded policy: app-read\n");
        cli.stdin = "path \"secret/data/x\" {\n  capabilities = [\"list\"]\n}\n";
        assertThat(ok(cli, "policy", "write", "from-stdin", "-").out())
                .isEqualTo("Success! Uploaded policy: from-stdin\n");
        assertThat(ok(cli, "policy", "read", "app-read").out()).isEqualTo(rules);
        assertThat(json(ok(cli, "policy", "read", "-format=json", "app-read")).path("policy").asText())
                .isEqualTo(rules);
        assertThat(ok(cli, "policy", "list").out().lines()).contains("app-read", "default", "from-stdin", "root");

        String limited = json(ok(cli, "token", "create", "-policy=app-read", "-format=json"))
                .path("auth").path("client_token").asText();
        CliRunner user = new CliRunner(addr);
        user.env.put("VAULT_TOKEN", limited);
        user.env.put("HOME", dir.toString());
        assertThat(ok(user, "kv", "get", "-field=password", "secret/app/db").out()).isEqualTo("p1");
        CliRunner.Result refused = user.run("kv", "get", "secret/other/db");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("Code: 403").contains("permission denied");
        CliRunner.Result write = user.run("kv", "put", "secret/app/db", "password=hacked");
        assertThat(write.code()).isEqualTo(2);
        assertThat(write.err()).startsWith("Error writing data to secret/data/app/db:").contains("Code: 403");

        assertThat(ok(cli, "policy", "delete", "app-read").out()).isEqualTo("Success! Deleted policy: app-read\n");
        CliRunner.Result gone = cli.run("policy", "read", "app-read");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("No policy named: app-read\n");
    }

    // vault-compat: a token that may not see the mount fails the KV preflight with exit 2
    @Test
    void kvPreflight_tokenWithoutAccessToMount_exit2WithPreflightMessage() throws Exception {
        CliRunner cli = root();
        String nothing = json(ok(cli, "token", "create", "-policy=default", "-format=json"))
                .path("auth").path("client_token").asText();
        CliRunner user = new CliRunner(addr);
        user.env.put("VAULT_TOKEN", nothing);
        CliRunner.Result r = user.run("kv", "get", "secret/app/db");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Code: 403")
                .contains("preflight capability check returned 403, please ensure client's policies grant access"
                        + " to path \"secret/app/db/\"");
    }

    // vault-compat: login stores ~/.vault-token (0600), used when VAULT_TOKEN is unset
    @Test
    void login_storesTokenFile0600_laterCommandsUseIt() throws Exception {
        Path home = Files.createTempDirectory(dir, "login-home");
        CliRunner cli = new CliRunner(addr);
        cli.env.put("HOME", home.toString());
        CliRunner.Result denied = cli.run("kv", "list", "secret");
        assertThat(denied.code()).isEqualTo(2);

        CliRunner.Result bad = cli.run("login", "not-a-token");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("Error authenticating: ");
        assertThat(home.resolve(".vault-token")).doesNotExist();

        CliRunner.Result login = ok(cli, "login", ROOT);
        assertThat(login.out()).startsWith("Success! You are now authenticated. The token information displayed"
                + " below\nis already stored in the token helper.");
        assertThat(login.out()).contains("\ntoken                root\n").contains("\ntoken_duration       ∞\n")
                .contains("\ntoken_policies       [\"root\"]\n");
        Path file = home.resolve(".vault-token");
        assertThat(Files.readString(file)).isEqualTo(ROOT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ok(cli, "kv", "put", "secret/after-login", "a=b");
        assertThat(ok(cli, "kv", "get", "-field=a", "secret/after-login").out()).isEqualTo("b");

        cli.stdin = ROOT + "\n";
        ok(cli, "login", "-");
        assertThat(Files.readString(file)).isEqualTo(ROOT);
    }

    // the process boundary: stdin data, -field without newline, exit codes of the real executable's main
    @Test
    void asProcesses_stdinDataFieldRawAndExitCodes() throws Exception {
        Path in = dir.resolve("stdin.txt");
        Files.writeString(in, "piped-secret");
        assertThat(process(in, "kv", "put", "secret/piped", "value=-").exit).isZero();
        ProcessResult field = process(null, "kv", "get", "-field=value", "secret/piped");
        assertThat(field.exit).isZero();
        assertThat(field.out).isEqualTo("piped-secret");
        assertThat(process(null, "kv", "get", "secret/not-piped").exit).isEqualTo(2);
        assertThat(process(null, "kv", "get").exit).isEqualTo(1);
        assertThat(process(null, "no-such-command").exit).isEqualTo(1);
    }

    private record ProcessResult(int exit, String out) {}

    private ProcessResult process(Path stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_"));
        pb.environment().put("VAULT_ADDR", addr);
        pb.environment().put("VAULT_TOKEN", ROOT);
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), Files.readString(out));
    }
}
