package io.strongroom.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.CrashingBarrierStorage;
import io.strongroom.storage.StorageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Crash points, not luck: a storage wrapper fails the Nth write (put or delete), for every N through create and
 * cascade revoke; a new store over the surviving storage (a restart) must find no usable half-token, no live token
 * whose parent is gone, and indexes that neither break lookups nor survive a retry plus tidy.
 */
class TokenStoreCrashTest {

    private static NewToken childOf(TokenEntry parent) {
        return new NewToken(parent.saltedId(), List.of("default"), "auth/token/create", Map.of("k", "v"), "token", 0,
                3600, 0, 0, true);
    }

    @Test
    void createChild_crashAtEveryWrite_leavesNoUsableHalfToken_andRetryAndTidyRecover() {
        int crashes = 0;
        for (int n = 1; ; n++) {
            TokenFixture fx = new TokenFixture();
            TokenStore before = fx.store();
            String root = before.createRoot();
            IssuedToken parent = before.create(childOf(before.lookup(root).orElseThrow()), null);
            List<String> keysBefore = fx.allKeys();

            TokenStore crashing = fx.store(new CrashingBarrierStorage(fx.view, n));
            boolean crashed;
            try {
                crashing.create(childOf(parent.entry()), null);
                crashed = false;
            } catch (StorageException e) {
                crashed = true;
            }
            if (!crashed) {
                assertThat(crashes).as("writes in a child creation").isEqualTo(3);
                return;
            }
            crashes++;

            TokenStore after = fx.store(); // restart
            assertThat(fx.allKeys().stream().filter(k -> k.startsWith("id/")))
                    .as("crash at write %d: no entry without all its indexes", n).hasSize(2);
            assertThat(after.accessors()).as("crash at write %d", n).containsExactlyInAnyOrder(
                    after.lookup(root).orElseThrow().accessor(), parent.entry().accessor());
            assertThat(after.lookup(root)).isPresent();
            assertThat(after.lookup(parent.token())).isPresent();

            // A retry works, revoking the parent takes the new child and the crash's leftovers, tidy the rest.
            IssuedToken retried = after.create(childOf(parent.entry()), null);
            after.revoke(parent.token());
            assertThat(after.lookup(retried.token())).isEmpty();
            after.tidy();
            assertThat(fx.allKeys()).as("crash at write %d", n).containsExactlyInAnyOrderElementsOf(
                    keysBefore.stream().filter(k -> !k.contains(parent.entry().saltedId())
                            && !k.equals("accessor/" + after.saltId(parent.entry().accessor()))).toList());
            assertThat(fx.allKeys()).hasSize(3);
        }
    }

    @Test
    void cascadeRevoke_crashAtEveryWrite_neverLeavesALiveChildOfADeadParent_andRetryFinishes() {
        int crashes = 0;
        for (int n = 1; ; n++) {
            TokenFixture fx = new TokenFixture();
            TokenStore s = fx.store();
            String root = s.createRoot();
            IssuedToken a = s.create(childOf(s.lookup(root).orElseThrow()), null);
            IssuedToken b = s.create(childOf(a.entry()), null);
            IssuedToken c = s.create(childOf(b.entry()), null);
            IssuedToken d = s.create(childOf(a.entry()), null);
            IssuedToken orphan = s.create(new NewToken(null, List.of("default"), "auth/token/create-orphan", null,
                    "token", 0, 3600, 0, 0, true), null);
            List<IssuedToken> tree = List.of(a, b, c, d);

            TokenStore crashing = fx.store(new CrashingBarrierStorage(fx.view, n));
            boolean crashed;
            try {
                crashing.revoke(a.token());
                crashed = false;
            } catch (StorageException e) {
                crashed = true;
            }
            if (!crashed) {
                assertThat(crashes).as("writes in revoking 4 tokens").isEqualTo(12);
                return;
            }
            crashes++;

            TokenStore after = fx.store(); // restart
            for (IssuedToken t : tree) {
                TokenEntry e = after.read(t.entry().saltedId());
                if (e != null) {
                    assertThat(after.read(e.parent())).as("crash at write %d: parent of a stored token", n)
                            .isNotNull();
                }
            }
            // Lookups through every index stay well-defined.
            assertThat(after.accessors()).contains(orphan.entry().accessor(),
                    after.lookup(root).orElseThrow().accessor());
            for (IssuedToken t : tree) {
                after.lookupByAccessor(t.entry().accessor());
                after.lookup(t.token());
            }

            after.revoke(a.token());
            for (IssuedToken t : tree) {
                assertThat(after.lookup(t.token())).as("crash at write %d", n).isEmpty();
            }
            // Only the link from the revoked subtree's own parent may be left (when the crash hit after the
            // subtree root's entry went); it points at nothing, and tidy removes it with any dangling accessor.
            assertThat(fx.allKeys().stream().filter(k -> k.startsWith("parent/")))
                    .allMatch(k -> k.endsWith("/" + a.entry().saltedId()));
            after.tidy();
            assertThat(fx.allKeys()).as("crash at write %d", n).hasSize(5);
            assertThat(after.lookup(orphan.token())).isPresent();
            assertThat(after.lookup(root)).isPresent();
        }
    }

    @Test
    void crashingStorage_failsTheNthWrite() {
        TokenFixture fx = new TokenFixture();
        CrashingBarrierStorage s = new CrashingBarrierStorage(fx.view, 2);
        s.put("a", new byte[] {1});
        assertThatThrownBy(() -> s.delete("a")).isInstanceOf(StorageException.class);
        assertThat(fx.view.get("a")).containsExactly(1);
    }
}
