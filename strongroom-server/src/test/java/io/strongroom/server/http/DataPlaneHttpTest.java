package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strongroom.server.http.LiveServer.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data plane over real HTTP against one in-process server (inmem storage, shamir 1-of-1, KV v2 at
 * {@code secret/}): Vault's statuses and bodies for bad input, routing, methods, lists, PATCH, forms, tokens in
 * headers, the envelope, injected sys routes, mounts and tune, the UI mounts preflight and sudo paths
 * (vault-compat: dataplane spec 1.1 to 1.4, 3.8, 4 and "the 15 behaviours"). After every refused write the target
 * reads as before: nothing is half-written.
 */
class DataPlaneHttpTest {

    private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";
    private static final String EMPTY_ERRORS = "{\"errors\":[]}";

    private static LiveServer srv;
    private static String root;

    @BeforeAll
    static void start() {
        srv = LiveServer.start();
        root = srv.rootToken;
    }

    @AfterAll
    static void stop() {
        if (srv != null) {
            srv.close();
        }
    }

    private static void putV2(String key, Map<String, Object> data) {
        Reply r = srv.post("secret/data/" + key, root, LiveServer.json(Map.of("data", data)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static JsonNode readV2(String key) {
        Reply r = srv.get("secret/data/" + key, root);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("data");
    }

    private static void enable(String path, String body) {
        Reply r = srv.post("sys/mounts/" + path, root, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    // --- bad input -------------------------------------------------------------------------------------------

    @Test
    void write_badJson_is400ErrorParsingJson_andTheSecretIsUnchanged() {
        putV2("badjson", Map.of("a", "1"));
        for (String body : List.of("{\"data\":", "{not json}", "{\"data\":{\"a\":\"2\"}", "\u0000")) {
            Reply r = srv.post("secret/data/badjson", root, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).isEqualTo("{\"errors\":[\"error parsing JSON\"]}");
        }
        assertThat(readV2("badjson").path("data").path("a").asText()).isEqualTo("1");
        assertThat(readV2("badjson").path("metadata").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void write_jsonArrayNumberStringOrBooleanBody_is400ErrorParsingJson() {
        putV2("notobject", Map.of("a", "1"));
        for (String body : List.of("[1,2]", "[{\"data\":{\"a\":\"2\"}}]", "42", "\"text\"", "true")) {
            Reply r = srv.post("secret/data/notobject", root, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.error()).as(body).isEqualTo("error parsing JSON");
        }
        assertThat(readV2("notobject").path("metadata").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void sysMounts_wrongTypes_are400_andNothingIsMounted() {
        Reply missing = srv.post("sys/mounts/typeless", root, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("backend type must be specified as a string");
        Reply empty = srv.post("sys/mounts/typeless", root, "{\"type\":\"\"}");
        assertThat(empty.error()).isEqualTo("backend type must be specified as a string");
        for (String body : List.of("{\"type\":[\"kv\"]}", "{\"type\":\"kv\",\"config\":\"x\"}",
                "{\"type\":\"kv\",\"options\":[\"version\"]}", "{\"type\":\"kv\",\"config\":{\"max_lease_ttl\":\"x\"}}",
                "{\"type\":\"kv\",\"config\":{\"default_lease_ttl\":[1]}}", "{\"type\":\"kv\",\"options\":{\"version\":\"7\"}}",
                "{\"type\":\"kv\",\"options\":{\"version\":{\"a\":1}}}")) {
            Reply r = srv.post("sys/mounts/typeless", root, body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.json().path("errors")).as(body).hasSize(1);
        }
        assertThat(srv.get("sys/mounts", root).json().path("data").has("typeless/")).isFalse();
        assertThat(srv.get("sys/mounts/typeless", root).status()).isEqualTo(400);
    }

    @Test
    void kvV2Write_wrongTypes_are400_andTheSecretIsUnchanged() {
        putV2("types", Map.of("a", "1"));
        for (String body : List.of("{\"data\":\"notamap\"}", "{\"data\":[1]}", "{\"data\":{\"a\":\"2\"},\"options\":\"x\"}",
                "{\"data\":{\"a\":\"2\"},\"options\":{\"cas\":\"abc\"}}", "{\"data\":{\"a\":\"2\"},\"options\":{\"cas\":5}}")) {
            Reply r = srv.post("secret/data/types", root, body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
        }
        JsonNode after = readV2("types");
        assertThat(after.path("data").path("a").asText()).isEqualTo("1");
        assertThat(after.path("metadata").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void write_pathEndingInSlash_is400_beforeTheTokenIsLookedAt() {
        putV2("slash", Map.of("a", "1"));
        String text = "cannot write to a path ending in '/'";
        Reply v2 = srv.post("secret/data/slash/", root, "{\"data\":{\"a\":\"2\"}}");
        assertThat(v2.status()).isEqualTo(400);
        assertThat(v2.body()).isEqualTo("{\"errors\":[\"" + text + "\"]}");
        // vault-compat: Vault checks this before the token (request_handling.go handleCancelableRequest)
        assertThat(srv.post("secret/data/slash/", "not-a-token", "{\"data\":{}}").error()).isEqualTo(text);
        assertThat(srv.post("nomount/x/", root, "{}").error()).isEqualTo(text);
        assertThat(srv.send("PUT", "sys/policies/acl/p/", root, "{\"policy\":\"\"}").error()).isEqualTo(text);
        Reply patch = srv.send("PATCH", "secret/data/slash/", root, "{\"data\":{\"a\":\"3\"}}",
                "Content-Type", "application/merge-patch+json");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.error()).isEqualTo(text);
        assertThat(readV2("slash").path("data").path("a").asText()).isEqualTo("1");
        assertThat(srv.get("secret/data/slash/", root).status()).isEqualTo(404);
    }

    // --- routing and authorization ---------------------------------------------------------------------------

    @Test
    void unknownPath_rootToken_is404NoHandlerForRoute() {
        Reply r = srv.get("nomount/x", root);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"no handler for route \\\"nomount/x\\\". route entry not found.\"]}");
        Reply write = srv.post("nomount/y", root, "{\"a\":1}");
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.error()).isEqualTo("no handler for route \"nomount/y\". route entry not found.");
        Reply list = srv.send("LIST", "nomount/dir", root, null);
        assertThat(list.error()).isEqualTo("no handler for route \"nomount/dir/\". route entry not found.");
    }

    @Test
    void unknownPath_nonRootToken_is403PermissionDenied_authorizationBeforeRouting() {
        String token = srv.token("default");
        for (Reply r : List.of(srv.get("nomount/x", token), srv.post("nomount/x", token, "{}"),
                srv.send("DELETE", "nomount/x", token, null), srv.send("LIST", "nomount/", token, null))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.error()).isEqualTo(DENIED);
        }
        // a policy that reaches the unmounted path: the caller may learn that nothing is there
        srv.policy("nomount-reader", "path \"nomount/*\" { capabilities = [\"read\"] }");
        String reader = srv.token("nomount-reader");
        assertThat(srv.get("nomount/x", reader).status()).isEqualTo(404);
        assertThat(srv.post("nomount/x", reader, "{}").status()).isEqualTo(403);
    }

    @Test
    void badOrMissingToken_is403WithPermissionDeniedAndInvalidToken_evenOnUnknownPaths() {
        for (String token : new String[] {null, "", "hvs.AAAAAAAAAAAAAAAAAAAAAAAA", "garbage"}) {
            for (String path : List.of("secret/data/x", "nomount/x", "sys/mounts")) {
                Reply r = srv.get(path, token);
                assertThat(r.status()).as(token + " " + path).isEqualTo(403);
                assertThat(r.error()).contains("permission denied").contains("invalid token");
            }
        }
    }

    @Test
    void unknownMethod_is405WithEmptyErrors_evenWithoutAToken() {
        for (String method : List.of("FOO", "TRACE", "PROPFIND")) {
            Reply r = srv.send(method, "secret/data/x", root, null);
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.body()).as(method).isEqualTo(EMPTY_ERRORS);
        }
        assertThat(srv.send("FOO", "secret/data/x", null, null).status()).isEqualTo(405);
    }

    @Test
    void existingPath_unsupportedOperation_is405InMultierrorForm() {
        Reply r = srv.send("DELETE", "sys/mounts", root, null);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.error()).isEqualTo("1 error occurred:\n\t* unsupported operation\n\n");
    }

    // --- lists -----------------------------------------------------------------------------------------------

    @Test
    void list_verbAndQueryFlag_giveTheSameKeys_emptyIs404_badFlagIs400() {
        putV2("dir/a", Map.of("x", "1"));
        putV2("dir/sub/b", Map.of("x", "1"));
        for (Reply r : List.of(srv.send("LIST", "secret/metadata/dir", root, null),
                srv.send("LIST", "secret/metadata/dir/", root, null), srv.get("secret/metadata/dir?list=true", root),
                srv.get("secret/metadata/dir?list=1", root), srv.get("secret/metadata/dir/?list=T", root))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("data").path("keys").toString()).isEqualTo("[\"a\",\"sub/\"]");
        }
        Reply empty = srv.send("LIST", "secret/metadata/nothing-here", root, null);
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body()).isEqualTo(EMPTY_ERRORS);
        // vault-compat: Go's strconv.ParseBool; unparsable is a bare 400, an empty value is a read
        Reply bad = srv.get("secret/metadata/dir?list=notabool", root);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo(EMPTY_ERRORS);
        assertThat(srv.get("secret/data/dir/a?list=", root).status()).isEqualTo(200);
        assertThat(srv.get("secret/data/dir/a?list=false", root).status()).isEqualTo(200);
    }

    // --- PATCH, forms, token headers -------------------------------------------------------------------------

    @Test
    void patch_withoutMergePatchContentType_is415WithVaultsText_andNothingChanges() {
        putV2("patchme", Map.of("a", "1"));
        String body = "{\"data\":{\"a\":\"2\"}}";
        Reply json = srv.send("PATCH", "secret/data/patchme", root, body, "Content-Type", "application/json");
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.body()).isEqualTo("{\"errors\":[\"PATCH requires Content-Type of application/merge-patch+json, "
                + "provided application/json\"]}");
        Reply withParams = srv.send("PATCH", "secret/data/patchme", root, body, "Content-Type",
                "Application/JSON; charset=utf-8");
        assertThat(withParams.status()).isEqualTo(415);
        assertThat(withParams.error()).endsWith("provided application/json");
        Reply lookalike = srv.send("PATCH", "secret/data/patchme", root, body, "Content-Type",
                "application/merge-patch+jsonx");
        assertThat(lookalike.status()).isEqualTo(415);
        // vault-compat: Go's mime.ParseMediaType fails on an empty header: 400 with its text
        Reply none = srv.send("PATCH", "secret/data/patchme", root, body);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.error()).isEqualTo("mime: no media type");
        assertThat(readV2("patchme").path("data").path("a").asText()).isEqualTo("1");

        Reply ok = srv.send("PATCH", "secret/data/patchme", root, body, "Content-Type",
                "application/merge-patch+json; charset=utf-8");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(readV2("patchme").path("data").path("a").asText()).isEqualTo("2");
    }

    @Test
    void formUrlencodedBody_isData_butABodyStartingWithABraceIsJson() {
        enable("formkv", "{\"type\":\"kv-v1\"}");
        Reply form = srv.send("POST", "formkv/app", root, "a=1&b=two+words&c=%2Fx",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.status()).as(form.toString()).isEqualTo(204);
        JsonNode data = srv.get("formkv/app", root).json().path("data");
        assertThat(data.path("a").asText()).isEqualTo("1");
        assertThat(data.path("b").asText()).isEqualTo("two words");
        assertThat(data.path("c").asText()).isEqualTo("/x");
        Reply jsonish = srv.send("POST", "formkv/app2", root, " {\"k\":\"v\"}",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(jsonish.status()).isEqualTo(204);
        assertThat(srv.get("formkv/app2", root).json().path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void authorizationBearer_isAccepted_butXVaultTokenWins() {
        putV2("bearer", Map.of("a", "1"));
        Reply bearer = srv.send("GET", "secret/data/bearer", null, null, "Authorization", "Bearer " + root);
        assertThat(bearer.status()).isEqualTo(200);
        Reply both = srv.send("GET", "secret/data/bearer", "hvs.wrongwrongwrongwrongwron", null,
                "Authorization", "Bearer " + root);
        assertThat(both.status()).isEqualTo(403);
        Reply basic = srv.send("GET", "secret/data/bearer", null, null, "Authorization", "Basic abc");
        assertThat(basic.status()).isEqualTo(403);
    }

    // --- the envelope ----------------------------------------------------------------------------------------

    @Test
    void read_envelopeHasEveryKey_withVaultsEmptyValues() {
        putV2("envelope", Map.of("a", "1"));
        Reply r = srv.get("secret/data/envelope", root);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode j = r.json();
        assertThat(j.path("request_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(j.get("lease_id").isTextual()).isTrue();
        assertThat(j.get("lease_id").asText()).isEmpty();
        assertThat(j.get("renewable").isBoolean()).isTrue();
        assertThat(j.get("renewable").asBoolean()).isFalse();
        assertThat(j.get("lease_duration").isInt()).isTrue();
        assertThat(j.get("lease_duration").asInt()).isZero();
        assertThat(j.get("data").isObject()).isTrue();
        assertThat(j.get("wrap_info").isNull()).isTrue();
        assertThat(j.get("warnings").isNull()).isTrue();
        assertThat(j.get("auth").isNull()).isTrue();
        assertThat(j.get("mount_type").asText()).isEqualTo("kv");
        assertThat(srv.get("secret/data/envelope", root).json().path("request_id").asText())
                .isNotEqualTo(j.path("request_id").asText());
        assertThat(srv.get("sys/mounts", root).json().path("mount_type").asText()).isEqualTo("system");
        assertThat(srv.get("auth/token/lookup-self", root).json().path("mount_type").asText()).isEqualTo("token");
    }

    @Test
    void writesWithNothingToSay_are204WithoutABody() {
        enable("nobody", "{\"type\":\"kv\"}");
        for (Reply r : List.of(srv.post("nobody/k", root, "{\"a\":\"1\"}"),
                srv.post("sys/policies/acl/nobody", root, "{\"policy\":\"path \\\"a\\\" { capabilities = [\\\"read\\\"] }\"}"),
                srv.send("DELETE", "nobody/k", root, null), srv.send("DELETE", "sys/policies/acl/nobody", root, null),
                srv.send("DELETE", "sys/mounts/nobody", root, null),
                srv.send("DELETE", "sys/mounts/never-mounted", root, null))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
        }
        Reply gone = srv.get("nobody/k", root);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("no handler for route \"nobody/k\". route entry not found.");
    }

    @Test
    void injectedData_sysMountsAndSysPolicy_butNotSysPoliciesAcl() {
        JsonNode mounts = srv.get("sys/mounts", root).json();
        assertThat(mounts.has("secret/")).isTrue();
        assertThat(mounts.path("data").has("secret/")).isTrue();
        assertThat(mounts.path("secret/").path("options").path("version").isTextual()).isTrue();
        assertThat(mounts.path("secret/").path("options").path("version").asText()).isEqualTo("2");
        assertThat(mounts.path("secret/").path("type").asText()).isEqualTo("kv");

        JsonNode one = srv.get("sys/mounts/secret", root).json();
        assertThat(one.path("type").asText()).isEqualTo("kv");
        assertThat(one.path("data").path("type").asText()).isEqualTo("kv");
        JsonNode tune = srv.get("sys/mounts/secret/tune", root).json();
        assertThat(tune.has("default_lease_ttl")).isTrue();
        assertThat(tune.path("data").has("default_lease_ttl")).isTrue();

        JsonNode legacy = srv.get("sys/policy", root).json();
        assertThat(legacy.path("keys").toString()).contains("\"default\"", "\"root\"");
        assertThat(legacy.path("policies").toString()).contains("\"default\"");
        assertThat(legacy.path("data").path("keys").isArray()).isTrue();
        JsonNode legacyOne = srv.get("sys/policy/default", root).json();
        assertThat(legacyOne.path("name").asText()).isEqualTo("default");
        assertThat(legacyOne.has("rules")).isTrue();

        JsonNode acl = srv.get("sys/policies/acl/default", root).json();
        assertThat(acl.path("data").path("name").asText()).isEqualTo("default");
        assertThat(acl.has("name")).isFalse();
        assertThat(acl.has("policy")).isFalse();
        JsonNode aclList = srv.send("LIST", "sys/policies/acl", root, null).json();
        assertThat(aclList.path("data").path("keys").isArray()).isTrue();
        assertThat(aclList.has("keys")).isFalse();
    }

    // --- mounts ----------------------------------------------------------------------------------------------

    @Test
    void enable_overlappingMount_is409_andTheExistingMountKeepsItsData() {
        putV2("conflict", Map.of("a", "1"));
        Reply same = srv.post("sys/mounts/secret", root, "{\"type\":\"kv\"}");
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.error()).isEqualTo("path is already in use at secret/");
        Reply inner = srv.post("sys/mounts/secret/inner", root, "{\"type\":\"kv\"}");
        assertThat(inner.status()).isEqualTo(409);
        assertThat(inner.error()).isEqualTo("path is already in use at secret/");
        enable("outer/inner", "{\"type\":\"kv\"}");
        Reply outer = srv.post("sys/mounts/outer", root, "{\"type\":\"kv\"}");
        assertThat(outer.status()).isEqualTo(409);
        assertThat(readV2("conflict").path("data").path("a").asText()).isEqualTo("1");
        assertThat(srv.get("sys/mounts/secret", root).json().path("data").path("options").path("version").asText())
                .isEqualTo("2");
    }

    @Test
    void enable_kvV1AndKvV2Aliases_areKvWithTheVersionOption() {
        enable("alias1", "{\"type\":\"kv-v1\"}");
        enable("alias2", "{\"type\":\"kv-v2\",\"description\":\"two\"}");
        JsonNode one = srv.get("sys/mounts/alias1", root).json().path("data");
        assertThat(one.path("type").asText()).isEqualTo("kv");
        assertThat(one.path("options").path("version").asText()).isEqualTo("1");
        JsonNode two = srv.get("sys/mounts/alias2", root).json().path("data");
        assertThat(two.path("type").asText()).isEqualTo("kv");
        assertThat(two.path("options").path("version").asText()).isEqualTo("2");
        assertThat(two.path("description").asText()).isEqualTo("two");
        assertThat(srv.post("alias1/k", root, "{\"a\":\"1\"}").status()).isEqualTo(204);
        assertThat(srv.post("alias2/data/k", root, "{\"data\":{\"a\":\"1\"}}").status()).isEqualTo(200);
        enable("alias3", "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
        assertThat(srv.get("sys/mounts/alias3", root).json().path("data").path("options").path("version").asText())
                .isEqualTo("2");
    }

    @Test
    void tune_kvV1ToV2_warnsAndKeepsTheData_v2ToV1IsRefused() {
        enable("upgrade", "{\"type\":\"kv-v1\"}");
        assertThat(srv.post("upgrade/app", root, "{\"password\":\"s3cret\"}").status()).isEqualTo(204);
        Reply tune = srv.post("sys/mounts/upgrade/tune", root, "{\"options\":{\"version\":\"2\"}}");
        assertThat(tune.status()).as(tune.toString()).isEqualTo(200);
        assertThat(tune.json().path("warnings").toString()).contains("Upgrading mount from version 1 to version 2. "
                + "This mount will be unavailable for a brief period and will resume service shortly.");
        JsonNode read = srv.get("upgrade/data/app", root).json().path("data");
        assertThat(read.path("data").path("password").asText()).isEqualTo("s3cret");
        assertThat(srv.get("sys/mounts/upgrade", root).json().path("data").path("options").path("version").asText())
                .isEqualTo("2");

        Reply down = srv.post("sys/mounts/upgrade/tune", root, "{\"options\":{\"version\":\"1\"}}");
        assertThat(down.status()).isEqualTo(400);
        assertThat(down.error()).isEqualTo("cannot downgrade mount from version 2");
        assertThat(srv.get("sys/mounts/upgrade", root).json().path("data").path("options").path("version").asText())
                .isEqualTo("2");
        assertThat(srv.get("upgrade/data/app", root).json().path("data").path("data").path("password").asText())
                .isEqualTo("s3cret");
    }

    @Test
    void uiMounts_givesPathAndStringVersion_toACallerWithAccess_elsePreflight403() {
        Reply r = srv.get("sys/internal/ui/mounts/secret/app/x", root);
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.path("data").path("path").asText()).isEqualTo("secret/");
        assertThat(j.path("data").path("type").asText()).isEqualTo("kv");
        assertThat(j.path("data").path("options").path("version").isTextual()).isTrue();
        assertThat(j.path("data").path("options").path("version").asText()).isEqualTo("2");
        assertThat(j.has("path")).isFalse(); // not an injected route

        srv.policy("ui-app", "path \"secret/data/app/*\" { capabilities = [\"read\"] }");
        assertThat(srv.get("sys/internal/ui/mounts/secret/app", srv.token("ui-app")).status()).isEqualTo(200);
        Reply denied = srv.get("sys/internal/ui/mounts/secret/app", srv.token("default"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.error()).isEqualTo("preflight capability check returned 403, please ensure client's "
                + "policies grant access to path \"secret/app/\"");
        assertThat(srv.get("sys/internal/ui/mounts/secret/app", null).status()).isEqualTo(403);
        assertThat(srv.get("sys/internal/ui/mounts/nomount/x", root).status()).isEqualTo(403);
    }

    // --- sudo ------------------------------------------------------------------------------------------------

    @Test
    void sysMounts_needUpdateOnly_tokenSudoPathsNeedSudo() {
        srv.policy("mounter", "path \"sys/mounts/*\" { capabilities = [\"create\", \"update\", \"read\", \"delete\"] }");
        String mounter = srv.token("mounter");
        assertThat(srv.post("sys/mounts/bymounter", mounter, "{\"type\":\"kv\"}").status()).isEqualTo(204);

        srv.policy("nosudo", """
                path "auth/token/revoke-orphan" { capabilities = ["update"] }
                path "auth/token/accessors/" { capabilities = ["list"] }
                path "auth/token/accessors" { capabilities = ["list"] }
                """);
        String nosudo = srv.token("nosudo");
        String victim = srv.token("default");
        Reply orphan = srv.post("auth/token/revoke-orphan", nosudo, LiveServer.json(Map.of("token", victim)));
        // vault-compat: revoke-orphan (without a suffix) is not root-protected; its handler asks for sudo
        assertThat(orphan.status()).as(orphan.toString()).isEqualTo(400);
        assertThat(orphan.error()).isEqualTo("root or sudo privileges required to revoke and orphan");
        Reply accessors = srv.send("LIST", "auth/token/accessors", nosudo, null);
        assertThat(accessors.status()).isEqualTo(403);
        assertThat(accessors.error()).isEqualTo(DENIED);
        assertThat(srv.get("auth/token/lookup-self", victim).status()).isEqualTo(200);

        srv.policy("withsudo", """
                path "auth/token/revoke-orphan" { capabilities = ["update", "sudo"] }
                path "auth/token/accessors/" { capabilities = ["list", "sudo"] }
                """);
        String sudo = srv.token("withsudo");
        assertThat(srv.send("LIST", "auth/token/accessors", sudo, null).status()).isEqualTo(200);
        assertThat(srv.post("auth/token/revoke-orphan", sudo, LiveServer.json(Map.of("token", victim))).status())
                .isEqualTo(204);
        assertThat(srv.get("auth/token/lookup-self", victim).status()).isEqualTo(403);
    }

    @Test
    void deniedWrite_leavesTheSecretAsItWas() {
        putV2("guarded", Map.of("a", "1"));
        srv.policy("reader", "path \"secret/data/guarded\" { capabilities = [\"read\"] }");
        String reader = srv.token("reader");
        Reply r = srv.post("secret/data/guarded", reader, "{\"data\":{\"a\":\"2\"}}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo(DENIED);
        assertThat(srv.send("DELETE", "secret/data/guarded", reader, null).status()).isEqualTo(403);
        assertThat(srv.get("secret/data/guarded", reader).json().path("data").path("data").path("a").asText())
                .isEqualTo("1");
        assertThat(readV2("guarded").path("metadata").path("version").asInt()).isEqualTo(1);
    }
}
