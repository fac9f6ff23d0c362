package io.strongroom.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

    private final TokenFixture fx = new TokenFixture();
    private final TokenStore store = fx.store();

    private IssuedToken child(String parentToken, long ttl, String... policies) {
        TokenEntry parent = store.lookup(parentToken).orElseThrow();
        return store.create(new NewToken(parent.saltedId(), List.of(policies), "auth/token/create", null, "token",
                0, ttl, 0, 0, true), null);
    }

    private IssuedToken orphan(long ttl, int uses) {
        return store.create(new NewToken(null, List.of("default"), "auth/token/create", null, "token", uses, ttl, 0,
                0, true), null);
    }

    @Test
    void createRoot_tokenIsHvsPlus24Base62_rootOrphanNeverExpires() {
        String root = store.createRoot();
        assertThat(root).matches("hvs\\.[0-9A-Za-z]{24}");
        TokenEntry e = store.lookup(root).orElseThrow();
        assertThat(e.policies()).containsExactly("root");
        assertThat(e.orphan()).isTrue();
        assertThat(e.expireTime()).isNull();
        assertThat(e.path()).isEqualTo("auth/token/root");
        assertThat(e.displayName()).isEqualTo("root");
        assertThat(e.accessor()).matches("[0-9A-Za-z]{24}");
        assertThat(e.renewable()).isFalse();
    }

    @Test
    void createRoot_chosenId_isFoundAndDuplicateRefused() {
        assertThat(store.createRoot("root")).isEqualTo("root");
        assertThat(store.lookup("root")).isPresent();
        assertThatThrownBy(() -> store.createRoot("root")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("cannot create a token with a duplicate ID");
    }

    @Test
    void storage_keysAreVaultSaltIds_andNoTokenIsStoredInClear() throws Exception {
        // vault-compat: dataplane spec 2.5
        String token = store.createRoot();
        String custom = store.createRoot("my-custom-id");
        String accessor = store.lookup(token).orElseThrow().accessor();
        String salt = new String(fx.view.get("salt"), StandardCharsets.UTF_8);
        assertThat(salt).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hmacId = "h" + HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        String sha1Custom = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest((salt + "my-custom-id").getBytes(StandardCharsets.UTF_8)));
        String sha1Accessor = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest((salt + accessor).getBytes(StandardCharsets.UTF_8)));
        assertThat(fx.allKeys()).contains("salt", "id/" + hmacId, "id/" + sha1Custom, "accessor/" + sha1Accessor);

        for (String key : fx.allKeys()) {
            String value = new String(fx.view.get(key), StandardCharsets.UTF_8);
            assertThat(key + value).doesNotContain(token).doesNotContain(custom);
        }
    }

    @Test
    void lookup_unknownOrEmpty_isEmpty() {
        store.createRoot();
        assertThat(store.lookup("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(store.lookup("")).isEmpty();
        assertThat(store.lookup(null)).isEmpty();
    }

    @Test
    void lookup_afterExpiry_isEmpty_andTidyRemovesEntryAndIndexes() {
        String root = store.createRoot();
        IssuedToken t = orphan(60, 0);
        fx.clock.advance(Duration.ofSeconds(59));
        assertThat(store.lookup(t.token())).isPresent();
        fx.clock.advance(Duration.ofSeconds(1));
        assertThat(store.lookup(t.token())).isEmpty();
        assertThat(store.lookupByAccessor(t.entry().accessor())).isEmpty();

        TokenTidy.Result r = store.tidy();
        assertThat(r.revoked()).isEqualTo(1);
        assertThat(fx.allKeys()).hasSize(3); // salt, the root's entry and accessor index
        assertThat(store.lookup(root)).isPresent();
    }

    @Test
    void revoke_parent_revokesAllDescendants_butNotOrphans() {
        String root = store.createRoot();
        IssuedToken a = child(root, 0, "default");
        IssuedToken b = child(a.token(), 0, "default");
        IssuedToken c = child(b.token(), 0, "default");
        IssuedToken d = child(a.token(), 0, "default");
        IssuedToken o = orphan(0, 0);

        store.revoke(a.token());

        for (IssuedToken t : List.of(a, b, c, d)) {
            assertThat(store.lookup(t.token())).as(t.entry().accessor()).isEmpty();
        }
        assertThat(store.lookup(o.token())).isPresent();
        assertThat(store.lookup(root)).isPresent();
        assertThat(fx.allKeys()).noneMatch(k -> k.startsWith("parent/"));
        assertThat(fx.allKeys()).hasSize(5); // salt + (entry, accessor) for root and the orphan
    }

    @Test
    void revoke_unknownToken_isQuiet() {
        store.createRoot();
        store.revoke("hvs.nothing");
        store.revoke("");
        assertThat(fx.allKeys()).hasSize(3);
    }

    @Test
    void revokeOrphan_childrenSurviveAsOrphans_grandchildrenStayAttached() {
        String root = store.createRoot();
        IssuedToken a = child(root, 0, "default");
        IssuedToken b = child(a.token(), 0, "default");
        IssuedToken c = child(b.token(), 0, "default");

        assertThat(store.revokeOrphan(a.token())).isTrue();

        assertThat(store.lookup(a.token())).isEmpty();
        assertThat(store.lookup(b.token()).orElseThrow().orphan()).isTrue();
        assertThat(store.lookup(c.token()).orElseThrow().parent()).isEqualTo(b.entry().saltedId());
        store.revoke(b.token());
        assertThat(store.lookup(c.token())).isEmpty();
        assertThat(store.revokeOrphan("hvs.unknown")).isFalse();
    }

    @Test
    void childOfExpiredParent_isRefusedAtOnce_andTidyRevokesIt() {
        String root = store.createRoot();
        IssuedToken parent = child(root, 60, "default");
        IssuedToken kid = child(parent.token(), 3600, "default");
        fx.clock.advance(Duration.ofSeconds(61));

        assertThat(store.lookup(kid.token())).isEmpty();
        store.tidy();
        assertThat(fx.allKeys()).hasSize(3);
    }

    @Test
    void create_withParentGone_isRefused() {
        String root = store.createRoot();
        IssuedToken a = child(root, 0, "default");
        store.revoke(a.token());
        assertThatThrownBy(() -> store.create(new NewToken(a.entry().saltedId(), List.of("default"),
                "auth/token/create", null, "token", 0, 60, 0, 0, true), null))
                .hasMessage("parent token lookup failed: no parent found");
    }

    @Test
    void create_customIdRules() {
        NewToken spec = new NewToken(null, List.of("default"), "auth/token/create", null, "token", 0, 60, 0, 0, true);
        assertThatThrownBy(() -> store.create(spec, "hvs.mine")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("custom token ID cannot have the 'hvs.' prefix");
        assertThatThrownBy(() -> store.create(spec, "a.b")).hasMessage("custom token ID cannot have a '.' in the value");
        assertThat(store.create(spec, "mine").token()).isEqualTo("mine");
        assertThatThrownBy(() -> store.create(spec, "mine")).hasMessage("cannot create a token with a duplicate ID");
    }

    @Test
    void use_countsDown_lastUseAllowed_thenTokenRefusedAndRevoked() {
        IssuedToken t = orphan(0, 2);
        assertThat(store.use(store.lookup(t.token()).orElseThrow())).isTrue();
        assertThat(store.lookup(t.token()).orElseThrow().numUses()).isEqualTo(1);
        TokenEntry last = store.lookup(t.token()).orElseThrow();
        assertThat(store.use(last)).isTrue();
        assertThat(store.lookup(t.token())).isEmpty();
        assertThat(store.use(last)).isFalse();
        assertThat(store.lookupForOwnRequest(t.token()).orElseThrow().numUses()).isEqualTo(-1);
        store.revokeIfUsedUp(last);
        assertThat(store.lookupForOwnRequest(t.token())).isEmpty();
        assertThat(fx.allKeys()).containsExactly("salt");
    }

    @Test
    void use_unlimited_writesNothing() {
        IssuedToken t = orphan(0, 0);
        List<String> before = fx.allKeys();
        byte[] entry = fx.storage.get("sys/token/id/" + t.entry().saltedId());
        assertThat(store.use(t.entry())).isTrue();
        assertThat(fx.allKeys()).isEqualTo(before);
        assertThat(fx.storage.get("sys/token/id/" + t.entry().saltedId())).isEqualTo(entry);
    }

    @Test
    void revokeIfUsedUp_unlimitedToken_readsNothingAndKeepsToken() {
        List<String> reads = new java.util.ArrayList<>();
        io.strongroom.barrier.BarrierStorage counting = new io.strongroom.barrier.BarrierStorage() {
            @Override
            public byte[] get(String path) {
                reads.add(path);
                return fx.view.get(path);
            }

            @Override
            public void put(String path, byte[] value) {
                fx.view.put(path, value);
            }

            @Override
            public void delete(String path) {
                fx.view.delete(path);
            }

            @Override
            public List<String> list(String prefix) {
                return fx.view.list(prefix);
            }
        };
        TokenStore s = fx.store(counting);
        IssuedToken t = s.create(new NewToken(null, List.of("default"), "auth/token/create", null, "token", 0, 0, 0,
                0, true), null);
        TokenEntry entry = s.lookup(t.token()).orElseThrow();
        reads.clear();
        s.revokeIfUsedUp(entry);
        assertThat(reads).isEmpty();
        assertThat(s.lookup(t.token())).isPresent();
    }

    @Test
    void tidy_removesUsedUpTokens() {
        IssuedToken t = orphan(0, 1);
        store.use(t.entry());
        assertThat(store.tidy().revoked()).isEqualTo(1);
        assertThat(fx.allKeys()).containsExactly("salt");
    }

    @Test
    void accessors_listsOnlyUsableTokens_andLookupByAccessorFindsThem() {
        String root = store.createRoot();
        IssuedToken live = orphan(0, 0);
        IssuedToken dies = orphan(10, 0);
        fx.clock.advance(Duration.ofSeconds(11));
        assertThat(store.accessors()).containsExactlyInAnyOrder(store.lookup(root).orElseThrow().accessor(),
                live.entry().accessor());
        assertThat(store.lookupByAccessor(live.entry().accessor()).orElseThrow().saltedId())
                .isEqualTo(live.entry().saltedId());
        assertThat(store.lookupByAccessor(dies.entry().accessor())).isEmpty();
        assertThat(store.lookupByAccessor("nope")).isEmpty();
    }

    @Test
    void revokeByAccessor_revokesTree_andReportsUnknown() {
        String root = store.createRoot();
        IssuedToken a = child(root, 0, "default");
        IssuedToken b = child(a.token(), 0, "default");
        assertThat(store.revokeByAccessor(a.entry().accessor())).isTrue();
        assertThat(store.lookup(b.token())).isEmpty();
        assertThat(store.revokeByAccessor(a.entry().accessor())).isFalse();
    }

    @Test
    void caller_carriesTokenAccessorPoliciesRootAndMeta_andMasksToken() {
        IssuedToken t = store.create(new NewToken(null, List.of("default", "dev"), "auth/token/create",
                Map.of("team", "a"), "token", 0, 60, 0, 0, true), null);
        Caller c = store.caller(t.entry(), t.token());
        assertThat(c.token()).isEqualTo(t.token());
        assertThat(c.accessor()).isEqualTo(t.entry().accessor());
        assertThat(c.policies()).containsExactly("default", "dev");
        assertThat(c.root()).isFalse();
        assertThat(c.meta()).containsEntry("team", "a");
        assertThat(c.toString()).doesNotContain(t.token());
        assertThat(t.toString()).doesNotContain(t.token());
        assertThat(store.caller(store.lookup(store.createRoot()).orElseThrow(), "x").root()).isTrue();
    }

    @Test
    void salt_survivesANewStoreInstance() {
        String root = store.createRoot();
        assertThat(fx.store().lookup(root)).isPresent();
    }
}
