package io.strongroom.token;

import static io.strongroom.logical.Operation.LIST;
import static io.strongroom.logical.Operation.READ;
import static io.strongroom.logical.Operation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenBackendTest {

    private final TokenFixture fx = new TokenFixture();
    private final TokenStore store = fx.store();
    private final TokenBackend backend = new TokenBackend(store, p -> !p.equals("ghost"));
    private final String rootToken = store.createRoot();

    private Caller caller(String token) {
        return store.caller(store.lookupForOwnRequest(token).orElseThrow(), token);
    }

    private Response call(Operation op, String path, Map<String, Object> data, String token, boolean sudo) {
        return backend.handle(TokenFixture.request(op, path, data, token == null ? null : caller(token), sudo));
    }

    private Response asRoot(Operation op, String path, Map<String, Object> data) {
        return call(op, path, data, rootToken, true);
    }

    /** Creates a token as {@code token} without sudo. */
    private Response.Auth create(String token, Map<String, Object> data) {
        return call(UPDATE, "create", data, token, false).auth();
    }

    private static Map<String, Object> goClientCreate(Map<String, Object> extra) {
        // vault-compat: dataplane spec 2.1, the Go client always sends these empties
        Map<String, Object> m = new HashMap<>(Map.of("display_name", "", "num_uses", 0, "type", "",
                "entity_alias", ""));
        m.putAll(extra);
        return m;
    }

    @Test
    void type_andSudoPaths() {
        assertThat(backend.type()).isEqualTo("token");
        assertThat(backend.sudoPaths()).containsExactlyInAnyOrder("revoke-orphan/*", "accessors*");
    }

    @Test
    void create_byRoot_withGoClientEmpties_returnsAuthBlock() {
        // vault-compat: dataplane spec 2.2
        Response r = asRoot(UPDATE, "create", goClientCreate(Map.of("policies", List.of("Dev", " dev", "ops"),
                "meta", Map.of("team", "a"))));
        Response.Auth a = r.auth();
        assertThat(r.data()).isNull();
        assertThat(a.clientToken()).matches("hvs\\.[0-9A-Za-z]{24}");
        assertThat(a.accessor()).matches("[0-9A-Za-z]{24}");
        assertThat(a.policies()).containsExactly("default", "dev", "ops");
        assertThat(a.tokenPolicies()).isEqualTo(a.policies());
        assertThat(a.metadata()).isEqualTo(Map.of("team", "a"));
        assertThat(a.leaseDuration()).isEqualTo(2_764_800L);
        assertThat(a.renewable()).isTrue();
        assertThat(a.entityId()).isEmpty();
        assertThat(a.tokenType()).isEqualTo("service");
        assertThat(a.orphan()).isFalse();
        assertThat(a.numUses()).isZero();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void create_byRootWithoutPolicies_inheritsRootAndNeverExpires() {
        Response.Auth a = asRoot(UPDATE, "create", Map.of()).auth();
        assertThat(a.policies()).containsExactly("root");
        assertThat(a.leaseDuration()).isZero();
        assertThat(a.renewable()).isFalse();
    }

    @Test
    void create_rootAmongOtherPolicies_yieldsRootAlone() {
        assertThat(asRoot(UPDATE, "create", Map.of("policies", "dev,root")).auth().policies())
                .containsExactly("root");
    }

    @Test
    void create_childPoliciesNotSubsetOfParent_isRefused() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        assertThatThrownBy(() -> create(parent, Map.of("policies", List.of("dev", "ops"))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("child policies must be subset of parent");
        // a subset is fine; default comes along because the parent has it
        assertThat(create(parent, Map.of("policies", List.of("dev"))).policies()).containsExactly("default", "dev");
        // none given: the parent's
        assertThat(create(parent, Map.of()).policies()).containsExactly("default", "dev");
        // no_default_policy strips it
        assertThat(create(parent, Map.of("no_default_policy", true)).policies()).containsExactly("dev");
    }

    @Test
    void create_subsetRuleIgnored_withSudo() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        assertThat(call(UPDATE, "create", Map.of("policies", List.of("ops")), parent, true).auth().policies())
                .containsExactly("default", "ops");
    }

    @Test
    void create_rootPolicyFromNonRootParent_isRefused() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        assertThatThrownBy(() -> call(UPDATE, "create", Map.of("policies", List.of("root")), parent, true))
                .hasMessage("root tokens may not be created without parent token being root");
    }

    @Test
    void create_responseWrappingPolicy_isRefused() {
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("policies", List.of("response-wrapping"))))
                .hasMessage("cannot assign policy \"response-wrapping\"");
    }

    @Test
    void create_sudoOnlyFields_refusedWithoutSudo() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        assertThatThrownBy(() -> create(parent, Map.of("id", "mine")))
                .hasMessage("root or sudo privileges required to specify token id");
        assertThatThrownBy(() -> create(parent, Map.of("no_parent", true)))
                .hasMessage("root or sudo privileges required to create orphan token");
        assertThatThrownBy(() -> create(parent, Map.of("period", "1h")))
                .hasMessage("root or sudo privileges required to create periodic token");
    }

    @Test
    void create_badValues_refusedWithVaultTexts() {
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("num_uses", -1)))
                .hasMessage("number of uses cannot be negative");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("ttl", "-5s"))).hasMessage("ttl must be positive");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("explicit_max_ttl", -1)))
                .hasMessage("explicit_max_ttl must be positive");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("period", -1))).hasMessage("period must be positive");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("ttl", "soon")))
                .hasMessage("time: invalid duration \"soon\"");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("type", "weird")))
                .hasMessage("invalid 'token_type' value");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("id", "hvs.mine")))
                .hasMessage("custom token ID cannot have the 'hvs.' prefix");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("id", "a.b")))
                .hasMessage("custom token ID cannot have a '.' in the value");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("num_uses", "many")))
                .hasMessageStartingWith("Error decoding request: ");
    }

    @Test
    void create_customId_byRoot_warnsAboutSha1_andDuplicateIsRefused() {
        Response r = asRoot(UPDATE, "create", Map.of("id", "my-token", "policies", List.of("dev")));
        assertThat(r.auth().clientToken()).isEqualTo("my-token");
        assertThat(r.warnings()).singleElement().asString().startsWith("Supplying a custom ID for the token uses");
        assertThatThrownBy(() -> asRoot(UPDATE, "create", Map.of("id", "my-token")))
                .hasMessage("cannot create a token with a duplicate ID");
    }

    @Test
    void create_ttlAboveMax_isCappedWithWarning() {
        Response r = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", "1000h"));
        assertThat(r.auth().leaseDuration()).isEqualTo(2_764_800L);
        assertThat(r.warnings()).containsExactly("TTL of \"1000h0m0s\" exceeded the effective max_ttl of "
                + "\"768h0m0s\"; TTL value is capped accordingly");
    }

    @Test
    void create_explicitMaxTtl_capsTtl() {
        Response r = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "explicit_max_ttl", "1h"));
        assertThat(r.auth().leaseDuration()).isEqualTo(3600);
        Response r2 = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", 600,
                "explicit_max_ttl", 3600));
        assertThat(r2.auth().leaseDuration()).isEqualTo(600);
        assertThat(r2.warnings()).isEmpty();
    }

    @Test
    void create_unknownPolicy_warns() {
        Response r = asRoot(UPDATE, "create", Map.of("policies", List.of("ghost")));
        assertThat(r.warnings()).containsExactly("Policy \"ghost\" does not exist");
    }

    @Test
    void create_displayName_isPrefixedAndSanitized() {
        String t = asRoot(UPDATE, "create", Map.of("display_name", "my app!")).auth().clientToken();
        Map<String, Object> d = asRoot(UPDATE, "lookup", Map.of("token", t)).data();
        assertThat(d.get("display_name")).isEqualTo("token-my-app");
        String plain = asRoot(UPDATE, "create", Map.of()).auth().clientToken();
        assertThat(asRoot(UPDATE, "lookup", Map.of("token", plain)).data().get("display_name")).isEqualTo("token");
    }

    @Test
    void createOrphan_withoutSudo_isOrphan_andSurvivesParentRevocation() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        Response.Auth o = call(UPDATE, "create-orphan", Map.of(), parent, false).auth();
        assertThat(o.orphan()).isTrue();
        asRoot(UPDATE, "revoke", Map.of("token", parent));
        assertThat(asRoot(UPDATE, "lookup", Map.of("token", o.clientToken())).data().get("path"))
                .isEqualTo("auth/token/create-orphan");
    }

    @Test
    void create_noParentWithSudo_isOrphan() {
        assertThat(asRoot(UPDATE, "create", Map.of("no_parent", true)).auth().orphan()).isTrue();
    }

    @Test
    void create_byLimitedUseToken_isRefused() {
        String limited = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "num_uses", 3))
                .auth().clientToken();
        assertThatThrownBy(() -> create(limited, Map.of()))
                .hasMessage("restricted use token cannot generate child tokens");
    }

    @Test
    void create_withoutCaller_isRefused() {
        assertThatThrownBy(() -> call(UPDATE, "create", Map.of(), null, false))
                .hasMessage("parent token lookup failed: no parent found");
    }

    @Test
    void lookupSelf_rootToken_hasVaultFieldsAndTypes() {
        // vault-compat: dataplane spec 2.3, root token from init
        Map<String, Object> d = asRoot(READ, "lookup-self", Map.of()).data();
        assertThat(d).containsOnlyKeys("accessor", "creation_time", "creation_ttl", "display_name", "entity_id",
                "expire_time", "explicit_max_ttl", "id", "meta", "num_uses", "orphan", "path", "policies", "ttl",
                "type");
        assertThat(d.get("id")).isEqualTo(rootToken);
        assertThat(d.get("display_name")).isEqualTo("root");
        assertThat(d.get("path")).isEqualTo("auth/token/root");
        assertThat(d.get("policies")).isEqualTo(List.of("root"));
        assertThat(d.get("orphan")).isEqualTo(true);
        assertThat(d.get("ttl")).isEqualTo(0L);
        assertThat(d.get("expire_time")).isNull();
        assertThat(d.get("meta")).isNull();
        assertThat(d.get("creation_time")).isEqualTo(TokenFixture.START.getEpochSecond());
        assertThat(d.get("creation_ttl")).isEqualTo(0L);
        assertThat(d.get("num_uses")).isEqualTo(0);
        assertThat(d.get("entity_id")).isEqualTo("");
        assertThat(d.get("type")).isEqualTo("service");
    }

    @Test
    void lookup_childToken_showsLeaseFieldsAndCountsDownTtl() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", "1h", "meta",
                Map.of("k", "v"))).auth().clientToken();
        fx.clock.advance(Duration.ofSeconds(100));
        Map<String, Object> d = call(UPDATE, "lookup-self", Map.of(), t, false).data();
        assertThat(d.get("id")).isEqualTo(t);
        assertThat(d.get("ttl")).isEqualTo(3500L);
        assertThat(d.get("creation_ttl")).isEqualTo(3600L);
        assertThat(d.get("expire_time")).isEqualTo("2026-03-04T06:06:07.25Z");
        assertThat(d.get("issue_time")).isEqualTo("2026-03-04T05:06:07.25Z");
        assertThat(d.get("renewable")).isEqualTo(true);
        assertThat(d.get("orphan")).isEqualTo(false);
        assertThat(d.get("path")).isEqualTo("auth/token/create");
        assertThat(d.get("meta")).isEqualTo(Map.of("k", "v"));
        assertThat(d).doesNotContainKeys("last_renewal_time", "period");
    }

    @Test
    void lookup_getWithoutBody_looksUpCaller_andUnknownTokenIsBadToken403() {
        assertThat(asRoot(READ, "lookup", Map.of()).data().get("id")).isEqualTo(rootToken);
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup", Map.of("token", "hvs.unknown")))
                .isInstanceOf(PermissionDeniedException.class).hasMessage("bad token");
    }

    @Test
    void lookup_expiredToken_isBadToken() {
        String t = asRoot(UPDATE, "create", Map.of("ttl", 10)).auth().clientToken();
        fx.clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup", Map.of("token", t))).hasMessage("bad token");
    }

    @Test
    void lookupAccessor_hidesId_andUnknownIsInvalidAccessor() {
        Response.Auth a = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth();
        Map<String, Object> d = asRoot(UPDATE, "lookup-accessor", Map.of("accessor", a.accessor())).data();
        assertThat(d.get("id")).isEqualTo("");
        assertThat(d.get("accessor")).isEqualTo(a.accessor());
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup-accessor", Map.of("accessor", "nope")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("invalid accessor");
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup-accessor", Map.of())).hasMessage("missing accessor");
    }

    @Test
    void renew_withIncrement_setsTtlAndLastRenewal() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", "1h")).auth().clientToken();
        fx.clock.advance(Duration.ofMinutes(30));
        Response r = asRoot(UPDATE, "renew", Map.of("token", t, "increment", "2h"));
        assertThat(r.auth().clientToken()).isEqualTo(t);
        assertThat(r.auth().leaseDuration()).isEqualTo(7200);
        Map<String, Object> d = asRoot(UPDATE, "lookup", Map.of("token", t)).data();
        assertThat(d.get("ttl")).isEqualTo(7200L);
        assertThat(d.get("creation_ttl")).isEqualTo(3600L);
        assertThat(d.get("last_renewal_time")).isEqualTo(fx.clock.instant().getEpochSecond());
        assertThat(d.get("last_renewal")).isEqualTo("2026-03-04T05:36:07.25Z");
    }

    @Test
    void renewSelf_withoutIncrement_reusesTtl() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", 600)).auth().clientToken();
        fx.clock.advance(Duration.ofSeconds(500));
        assertThat(call(UPDATE, "renew-self", Map.of(), t, false).auth().leaseDuration()).isEqualTo(600);
        fx.clock.advance(Duration.ofSeconds(500));
        assertThat(store.lookup(t)).isPresent();
    }

    @Test
    void renew_pastExplicitMax_isCappedThenRefused() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", 600,
                "explicit_max_ttl", 900)).auth().clientToken();
        fx.clock.advance(Duration.ofSeconds(500));
        Response r = asRoot(UPDATE, "renew", Map.of("token", t, "increment", 600));
        assertThat(r.auth().leaseDuration()).isEqualTo(400);
        assertThat(r.warnings()).containsExactly("TTL of \"10m0s\" exceeded the effective max_ttl of \"6m40s\"; "
                + "TTL value is capped accordingly");
        fx.clock.advance(Duration.ofSeconds(399));
        assertThat(asRoot(UPDATE, "renew", Map.of("token", t)).auth().leaseDuration()).isEqualTo(1);
    }

    @Test
    void renew_atMaxTtl_pastTheMaxTtlCannotRenew() {
        TokenStore tight = new TokenStore(fx.view, fx.random, fx.clock, new TtlLimits(100, 100));
        TokenBackend b = new TokenBackend(tight);
        IssuedToken t = tight.create(new NewToken(null, List.of("dev"), "auth/token/create", null, "token", 0, 200,
                0, 0, true), null);
        fx.clock.advance(Duration.ofSeconds(150));
        // Still live (the TTL was given by the caller of create), but past the mount max since issue.
        assertThatThrownBy(() -> b.handle(TokenFixture.request(UPDATE, "renew", Map.of("token", t.token()),
                caller(rootToken), true))).hasMessage("past the max TTL, cannot renew");
    }

    @Test
    void renew_nonRenewableOrNeverExpiring_isLeaseNotRenewable() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "renewable", false))
                .auth().clientToken();
        assertThatThrownBy(() -> asRoot(UPDATE, "renew", Map.of("token", t))).hasMessage("lease is not renewable");
        assertThatThrownBy(() -> asRoot(UPDATE, "renew-self", Map.of())).hasMessage("lease is not renewable");
    }

    @Test
    void renew_unknown_isTokenNotFound() {
        assertThatThrownBy(() -> asRoot(UPDATE, "renew", Map.of("token", "hvs.x"))).hasMessage("token not found");
        assertThatThrownBy(() -> asRoot(UPDATE, "renew-accessor", Map.of("accessor", "x")))
                .hasMessage("token not found");
        assertThatThrownBy(() -> asRoot(UPDATE, "renew", Map.of())).hasMessage("missing token ID");
    }

    @Test
    void renewAccessor_renewsWithoutRevealingToken() {
        Response.Auth a = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "ttl", 60)).auth();
        Response.Auth r = asRoot(UPDATE, "renew-accessor", Map.of("accessor", a.accessor(), "increment", 120))
                .auth();
        assertThat(r.clientToken()).isEmpty();
        assertThat(r.leaseDuration()).isEqualTo(120);
    }

    @Test
    void periodicToken_renewalResetsToPeriod_beyondMountMax() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "period", "1h")).auth().clientToken();
        assertThat(asRoot(UPDATE, "lookup", Map.of("token", t)).data().get("period")).isEqualTo(3600L);
        for (int i = 0; i < 800; i++) { // 800 h > 768 h mount max
            fx.clock.advance(Duration.ofMinutes(59));
            assertThat(asRoot(UPDATE, "renew", Map.of("token", t, "increment", 10)).auth().leaseDuration())
                    .isEqualTo(3600);
        }
    }

    @Test
    void revoke_cascades_andUnknownIs204() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        String kid = create(parent, Map.of()).clientToken();
        assertThat(asRoot(UPDATE, "revoke", Map.of("token", parent))).isNull();
        assertThat(store.lookup(kid)).isEmpty();
        assertThat(asRoot(UPDATE, "revoke", Map.of("token", "hvs.unknown"))).isNull();
        assertThatThrownBy(() -> asRoot(UPDATE, "revoke", Map.of())).hasMessage("missing token ID");
    }

    @Test
    void revokeSelf_revokesCaller() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        assertThat(call(UPDATE, "revoke-self", Map.of(), t, false)).isNull();
        assertThat(store.lookup(t)).isEmpty();
    }

    @Test
    void revokeAccessor_revokes_andUnknownIs200WithWarning() {
        Response.Auth a = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth();
        assertThat(asRoot(UPDATE, "revoke-accessor", Map.of("accessor", a.accessor()))).isNull();
        assertThat(store.lookup(a.clientToken())).isEmpty();
        Response r = asRoot(UPDATE, "revoke-accessor", Map.of("accessor", a.accessor()));
        assertThat(r.warnings()).containsExactly("No token found with this accessor");
        assertThat(r.data()).isNull();
        assertThat(r.status()).isZero();
    }

    @Test
    void revokeOrphan_needsSudo_orphansChildren() {
        String parent = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth().clientToken();
        String kid = create(parent, Map.of()).clientToken();
        assertThatThrownBy(() -> call(UPDATE, "revoke-orphan", Map.of("token", parent), parent, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("root or sudo privileges required to revoke and orphan");
        assertThat(asRoot(UPDATE, "revoke-orphan", Map.of("token", parent))).isNull();
        assertThat(store.lookup(parent)).isEmpty();
        assertThat(asRoot(UPDATE, "lookup", Map.of("token", kid)).data().get("orphan")).isEqualTo(true);
        assertThatThrownBy(() -> asRoot(UPDATE, "revoke-orphan", Map.of("token", parent)))
                .hasMessage("token to revoke not found");
    }

    @Test
    void numUses_lastUseStillSeesItself_thenTokenIsGone() {
        String t = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"), "num_uses", 2)).auth().clientToken();
        // The pipeline: lookup, use, handle, revokeIfUsedUp.
        for (int expectedLeft : new int[] {1, -1}) {
            TokenEntry e = store.lookup(t).orElseThrow();
            assertThat(store.use(e)).isTrue();
            assertThat(call(READ, "lookup-self", Map.of(), t, false).data().get("num_uses")).isEqualTo(expectedLeft);
            store.revokeIfUsedUp(e);
        }
        assertThat(store.lookup(t)).isEmpty();
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup", Map.of("token", t))).hasMessage("bad token");
    }

    @Test
    void accessors_listsLiveAccessors() {
        Response.Auth a = asRoot(UPDATE, "create", Map.of("policies", List.of("dev"))).auth();
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) asRoot(LIST, "accessors/", Map.of()).data().get("keys");
        assertThat(keys).containsExactlyInAnyOrder(a.accessor(), store.lookup(rootToken).orElseThrow().accessor());
        assertThatThrownBy(() -> asRoot(READ, "accessors", Map.of())).isInstanceOf(OperationUnsupportedException.class);
    }

    @Test
    void tidy_is202WithVaultWarning_andRemovesExpired() {
        String t = asRoot(UPDATE, "create", Map.of("ttl", 5)).auth().clientToken();
        fx.clock.advance(Duration.ofSeconds(6));
        Response r = asRoot(UPDATE, "tidy", Map.of());
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.warnings()).containsExactly("Tidy operation successfully started. Any information from the "
                + "operation will be printed to Vault's server logs.");
        assertThat(fx.allKeys()).hasSize(3);
        assertThat(store.lookup(t)).isEmpty();
    }

    @Test
    void unknownPathOrOperation_isUnsupported() {
        assertThatThrownBy(() -> asRoot(UPDATE, "nope", Map.of())).isInstanceOf(UnsupportedPathException.class);
        assertThatThrownBy(() -> asRoot(UPDATE, "create/somerole", Map.of()))
                .isInstanceOf(UnsupportedPathException.class);
        assertThatThrownBy(() -> asRoot(READ, "create", Map.of())).isInstanceOf(OperationUnsupportedException.class);
        assertThatThrownBy(() -> asRoot(Operation.DELETE, "revoke", Map.of()))
                .isInstanceOf(OperationUnsupportedException.class);
    }

    @Test
    void errorMessagesAndToStrings_neverContainTheToken() {
        Response r = asRoot(UPDATE, "create", Map.of("policies", List.of("dev")));
        String t = r.auth().clientToken();
        assertThat(r.toString()).doesNotContain(t);
        assertThat(r.auth().toString()).doesNotContain(t);
        assertThat(store.lookup(t).orElseThrow().toString()).doesNotContain(t);
        assertThatThrownBy(() -> asRoot(UPDATE, "lookup", Map.of("token", t + "x")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(t));
    }
}
