package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.http.LiveServer.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token lifetimes over real HTTP, one in-process server for the class (vault-compat: dataplane spec 2.6, 1.4 and
 * behaviours 5 and 13): expired, revoked and used-up tokens are refused with 403 {@code permission denied} +
 * {@code invalid token}; a child dies with its parent, an orphan does not.
 */
class TokenLifetimeHttpTest {

    private static final String SECRET = "secret/data/tokens/app";

    private static LiveServer srv;
    private static String root;

    @BeforeAll
    static void start() {
        srv = LiveServer.start();
        root = srv.rootToken;
        Reply put = srv.post(SECRET, root, "{\"data\":{\"k\":\"v\"}}");
        assertThat(put.status()).isEqualTo(200);
        srv.policy("app-read", "path \"secret/data/tokens/*\" { capabilities = [\"read\"] }");
        srv.policy("parent", """
                path "secret/data/tokens/*" { capabilities = ["read"] }
                path "auth/token/create" { capabilities = ["update"] }
                path "auth/token/create-orphan" { capabilities = ["update"] }
                """);
    }

    @AfterAll
    static void stop() {
        if (srv != null) {
            srv.close();
        }
    }

    private static void assertRefused(String token) {
        Reply r = srv.get(SECRET, token);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.error()).contains("permission denied").contains("invalid token");
        Reply self = srv.get("auth/token/lookup-self", token);
        assertThat(self.status()).isEqualTo(403);
    }

    private static void assertWorks(String token) {
        Reply r = srv.get(SECRET, token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("data").path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void token_pastItsTtl_isRefused() throws InterruptedException {
        String token = srv.token(root, "create", Map.of("policies", List.of("app-read"), "ttl", "2s"));
        String capped = srv.token(root, "create", Map.of("policies", List.of("app-read"), "explicit_max_ttl", "2s"));
        assertWorks(token);
        assertWorks(capped);
        assertThat(srv.get("auth/token/lookup-self", token).json().path("data").path("ttl").asInt()).isBetween(0, 2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((srv.get(SECRET, token).status() == 200 || srv.get(SECRET, capped).status() == 200)
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertRefused(token);
        assertRefused(capped);
        Reply lookup = srv.post("auth/token/lookup", root, LiveServer.json(Map.of("token", token)));
        assertThat(lookup.status()).isEqualTo(403);
        assertThat(lookup.error()).isEqualTo("bad token");
    }

    @Test
    void revokedToken_isRefused() {
        String token = srv.token("app-read");
        assertWorks(token);
        Reply revoke = srv.send("PUT", "auth/token/revoke", root, LiveServer.json(Map.of("token", token)));
        assertThat(revoke.status()).isEqualTo(204);
        assertRefused(token);

        String self = srv.token("app-read");
        assertThat(srv.send("PUT", "auth/token/revoke-self", self, null).status()).isEqualTo(204);
        assertRefused(self);
    }

    @Test
    void numUsesTwo_worksTwice_thenIsRefused() {
        String token = srv.token(root, "create", Map.of("policies", List.of("app-read"), "num_uses", 2));
        assertWorks(token);
        assertWorks(token);
        assertRefused(token);
    }

    @Test
    void numUses_aDeniedRequestStillSpendsAUse() {
        // vault-compat: Vault decrements the use count before the ACL's answer is acted on (handleRequest)
        String token = srv.token(root, "create", Map.of("policies", List.of("app-read"), "num_uses", 2));
        assertThat(srv.get("secret/data/elsewhere", token).status()).isEqualTo(403);
        assertWorks(token);
        assertRefused(token);
    }

    @Test
    void child_diesWithItsParent_butAnOrphanSurvives() {
        String parent = srv.token("parent");
        // vault-compat: a non-sudo parent may only hand out a subset of its policies; none given = the parent's
        String child = srv.token(parent, "create", Map.of());
        String grandchild = srv.token(child, "create", Map.of("policies", List.of("parent")));
        String orphan = srv.token(parent, "create-orphan", Map.of());
        Reply orphanLookup = srv.get("auth/token/lookup-self", orphan);
        assertThat(orphanLookup.json().path("data").path("orphan").asBoolean()).isTrue();
        assertWorks(child);
        assertWorks(orphan);

        assertThat(srv.send("PUT", "auth/token/revoke", root, LiveServer.json(Map.of("token", parent))).status())
                .isEqualTo(204);
        assertRefused(parent);
        assertRefused(child);
        assertRefused(grandchild);
        assertWorks(orphan);
        assertThat(srv.get("auth/token/lookup-self", orphan).status()).isEqualTo(200);
    }

    @Test
    void child_outlivesItsParentRevokedWithRevokeOrphan() {
        String parent = srv.token("parent");
        String child = srv.token(parent, "create", Map.of());
        Reply r = srv.send("PUT", "auth/token/revoke-orphan", root, LiveServer.json(Map.of("token", parent)));
        assertThat(r.status()).isEqualTo(204);
        assertRefused(parent);
        assertWorks(child);
    }

    @Test
    void badTokens_are403PermissionDeniedInvalidToken_andLookupSaysBadToken() {
        for (String token : List.of("hvs.xxxxxxxxxxxxxxxxxxxxxxxx", "s.abc", "00000000-0000-0000-0000-000000000000",
                "x".repeat(500))) {
            assertRefused(token);
            Reply lookup = srv.post("auth/token/lookup", root, LiveServer.json(Map.of("token", token)));
            assertThat(lookup.status()).isEqualTo(403);
            assertThat(lookup.error()).isEqualTo("bad token");
        }
        Reply missing = srv.get(SECRET, null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.error()).contains("permission denied");
    }
}
