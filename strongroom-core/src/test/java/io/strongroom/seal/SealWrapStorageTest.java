package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.storage.InmemStorage;
import io.strongroom.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SealWrapStorageTest {

    static final String OLD = "arn:aws:kms:us-east-1:000000000000:key/old";
    static final String NEW = "arn:aws:kms:us-east-1:000000000000:key/new";
    static final String ROOT_BLOB = "core/hsm/barrier-unseal-keys";

    // a barrier value starts with its 4-byte term: 0,0,0,1
    static byte[] barrierValue(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[5 + text.length];
        out[3] = 1;
        out[4] = 2;
        System.arraycopy(text, 0, out, 5, text.length);
        return out;
    }

    static SealWrapStorage.Settings settings(boolean enabled) {
        return new SealWrapStorage.Settings(enabled, Set.of("core/keyring"), List.of(), Set.of(ROOT_BLOB), 100);
    }

    final InmemStorage inner = new InmemStorage();
    final TestKms kms = new TestKms(OLD);

    SealWrapStorage layer(boolean enabled) {
        SealWrapStorage s = new SealWrapStorage(inner, kms, settings(enabled));
        s.addPrefix("logical/sw/");
        return s;
    }

    @Test
    void put_wrappedPath_storesBlobWithCanaryAndReadsBack() {
        SealWrapStorage s = layer(true);
        byte[] v = barrierValue("secret");
        s.put("logical/sw/a", v);
        byte[] raw = inner.get("logical/sw/a");
        assertThat(raw[0]).isEqualTo((byte) 0x0a);
        assertThat(raw[raw.length - 1]).isEqualTo((byte) 's');
        BlobInfo blob = BlobInfo.parseFrom(java.util.Arrays.copyOf(raw, raw.length - 1));
        assertThat(blob.keyInfo().keyId()).isEqualTo(OLD);
        assertThat(blob.keyInfo().mechanism()).isEqualTo(KeyInfo.MECHANISM_ENVELOPE_AES_GCM);
        assertThat(s.get("logical/sw/a")).isEqualTo(v);
    }

    @Test
    void put_criticalEntry_isWrapped_otherPathsPassThroughWithoutKms() {
        SealWrapStorage s = layer(true);
        s.put("core/keyring", barrierValue("ring"));
        assertThat(kms.encrypts.get()).isEqualTo(1);
        s.put("logical/plain/a", barrierValue("x"));
        assertThat(kms.calls()).isEqualTo(1);
        assertThat(inner.get("logical/plain/a")).isEqualTo(barrierValue("x"));
    }

    @Test
    void get_hotEntry_costsNoKmsCall_coldCostsOne() {
        SealWrapStorage s = layer(true);
        s.put("logical/sw/a", barrierValue("v"));
        assertThat(kms.encrypts.get()).isEqualTo(1);
        s.get("logical/sw/a");
        s.get("logical/sw/a");
        assertThat(kms.decrypts.get()).isZero(); // written here: cached
        SealWrapStorage restarted = layer(true);
        restarted.get("logical/sw/a");
        restarted.get("logical/sw/a");
        assertThat(kms.decrypts.get()).isEqualTo(1); // cold once, then cached
    }

    @Test
    void get_valueReplacedUnderneath_isNotServedFromCache() {
        SealWrapStorage s = layer(true);
        s.put("logical/sw/a", barrierValue("one"));
        SealWrapStorage other = layer(true); // another writer over the same storage (a restore, say)
        other.put("logical/sw/a", barrierValue("two"));
        assertThat(s.get("logical/sw/a")).isEqualTo(barrierValue("two"));
    }

    @Test
    void get_valueStoredBeforeSealWrapping_readsAsIs() {
        inner.put("logical/sw/legacy", barrierValue("old")); // the upgrade path
        SealWrapStorage s = layer(true);
        assertThat(s.get("logical/sw/legacy")).isEqualTo(barrierValue("old"));
        assertThat(kms.calls()).isZero();
    }

    @Test
    void put_disableSealwrap_writesPlain_andWrappedValuesStillRead() {
        layer(true).put("logical/sw/a", barrierValue("wrapped"));
        SealWrapStorage disabled = layer(false);
        disabled.put("logical/sw/b", barrierValue("plain"));
        assertThat(inner.get("logical/sw/b")).isEqualTo(barrierValue("plain"));
        assertThat(disabled.get("logical/sw/a")).isEqualTo(barrierValue("wrapped"));
    }

    @Test
    void get_wrappedValueWithoutEnvelopeKeyInfo_failsWithVaultsText() {
        byte[] blob = new BlobInfo(new byte[] {1, 2}, new byte[0], null).toByteArray();
        byte[] raw = java.util.Arrays.copyOf(blob, blob.length + 1);
        raw[blob.length] = 's';
        inner.put("logical/sw/bad", raw);
        assertThatThrownBy(() -> layer(true).get("logical/sw/bad")).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("cannot decode sealwrapped storage entry");
    }

    @Test
    void keyUsage_countsPerKeyFromTheIndex_andFollowsWrites() {
        SealWrapStorage s = layer(true);
        inner.put(ROOT_BLOB, kms.encrypt(new byte[32], null).toByteArray());
        s.put("logical/sw/a", barrierValue("a"));
        s.put("logical/sw/b", barrierValue("b"));
        assertThat(s.keyUsage(false).entriesByKey()).isEqualTo(Map.of(OLD, 3));
        kms.moveTo(NEW);
        s.put("logical/sw/c", barrierValue("c"));
        s.delete("logical/sw/a");
        SealWrapStorage.KeyUsage u = s.keyUsage(false);
        assertThat(u.entriesByKey()).isEqualTo(Map.of(OLD, 2, NEW, 1));
        assertThat(u.totalEntries()).isEqualTo(3);
        assertThat(u.currentKeyId()).isEqualTo(NEW);
        assertThat(u.verified()).isNull();
    }

    @Test
    void keyUsage_verify_findsAndRepairsAnIndexThatMissedAWrite() {
        SealWrapStorage s = layer(true);
        s.put("logical/sw/a", barrierValue("a"));
        s.keyUsage(false); // index built
        layer(true).put("logical/sw/b", barrierValue("b")); // written behind this layer's back
        assertThat(s.keyUsage(false).totalEntries()).isEqualTo(1);
        SealWrapStorage.KeyUsage verified = s.keyUsage(true);
        assertThat(verified.verified()).isTrue();
        assertThat(verified.scanMismatches()).isEqualTo(1);
        assertThat(verified.totalEntries()).isEqualTo(2);
        assertThat(s.keyUsage(true).scanMismatches()).isZero();
    }

    @Test
    void rewrapEntry_oldKey_movesToCurrentKeyWithOneWrite_andOldKeyIsNoLongerNeeded() {
        SealWrapStorage s = layer(true);
        s.put("logical/sw/a", barrierValue("a"));
        inner.put(ROOT_BLOB, kms.encrypt(new byte[] {7}, null).toByteArray());
        kms.moveTo(NEW);
        assertThat(s.rewrapEntry("logical/sw/a")).isEqualTo(SealWrapStorage.Outcome.REWRAPPED);
        assertThat(s.rewrapEntry(ROOT_BLOB)).isEqualTo(SealWrapStorage.Outcome.REWRAPPED);
        assertThat(s.rewrapEntry("logical/sw/a")).isEqualTo(SealWrapStorage.Outcome.UP_TO_DATE);
        kms.deny(OLD);
        SealWrapStorage restarted = layer(true);
        assertThat(restarted.get("logical/sw/a")).isEqualTo(barrierValue("a"));
        assertThat(kms.decrypt(BlobInfo.parseFrom(inner.get(ROOT_BLOB)), null)).containsExactly(7);
        assertThat(restarted.keyUsage(true).entriesByKey()).isEqualTo(Map.of(NEW, 2));
    }

    @Test
    void rewrapEntry_unwrappedLegacyValue_isWrapped_andFullyWrappedFollows() {
        inner.put("logical/sw/legacy", barrierValue("old"));
        SealWrapStorage s = layer(true);
        assertThat(s.fullyWrapped()).isFalse();
        s.rewrapEntry("logical/sw/legacy");
        assertThat(s.fullyWrapped()).isTrue();
        assertThat(layer(true).get("logical/sw/legacy")).isEqualTo(barrierValue("old"));
    }

    @Test
    void rewrapEntry_kmsRefuses_leavesTheEntryAsItWas() {
        SealWrapStorage s = layer(true);
        s.put("logical/sw/a", barrierValue("a"));
        byte[] before = inner.get("logical/sw/a");
        kms.moveTo(NEW);
        kms.deny(NEW);
        assertThatThrownBy(() -> s.rewrapEntry("logical/sw/a")).isInstanceOf(SealAccessException.class);
        assertThat(inner.get("logical/sw/a")).isEqualTo(before);
    }

    /** Storage that fails at its Nth put, as a crash would stop the writes there. */
    static final class FailingStorage implements Storage {
        final Storage inner;
        int failAt;
        int puts;

        FailingStorage(Storage inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public byte[] get(String key) {
            return inner.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            if (++puts == failAt) {
                throw new io.strongroom.storage.StorageException("crash at write " + puts, null);
            }
            inner.put(key, value);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }

        @Override
        public List<String> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public String type() {
            return "failing";
        }
    }

    @Test
    void rewrap_crashAtEveryWrite_leavesEveryEntryReadable_andTheNextRunFinishes() throws Exception {
        int entries = 5;
        for (int n = 1; n <= entries + 2; n++) {
            InmemStorage disk = new InmemStorage();
            TestKms k = new TestKms(OLD);
            SealWrapStorage first = new SealWrapStorage(disk, k, settings(true));
            first.addPrefix("logical/sw/");
            for (int i = 0; i < entries; i++) {
                first.put("logical/sw/" + i, barrierValue("v" + i));
            }
            k.moveTo(NEW);
            FailingStorage crashing = new FailingStorage(disk, n);
            SealWrapStorage dying = new SealWrapStorage(crashing, k, settings(true));
            dying.addPrefix("logical/sw/");
            Rewrapper r = new Rewrapper(dying, crashing, new Rewrapper.Settings(0, 1, Duration.ofMillis(1)));
            r.start();
            assertThat(r.await(Duration.ofSeconds(10))).isTrue();

            // "restart": a fresh layer over what the crash left
            SealWrapStorage after = new SealWrapStorage(disk, k, settings(true));
            after.addPrefix("logical/sw/");
            for (int i = 0; i < entries; i++) {
                assertThat(after.get("logical/sw/" + i)).as("crash at write %d, entry %d", n, i)
                        .isEqualTo(barrierValue("v" + i));
            }
            Rewrapper resumed = new Rewrapper(after, disk, new Rewrapper.Settings(0, 1, Duration.ofMillis(1)));
            resumed.afterUnseal(); // the state entry says unfinished (or absent): it resumes
            assertThat(resumed.await(Duration.ofSeconds(10))).isTrue();
            k.deny(OLD);
            SealWrapStorage last = new SealWrapStorage(disk, k, settings(true));
            last.addPrefix("logical/sw/");
            for (int i = 0; i < entries; i++) {
                assertThat(last.get("logical/sw/" + i)).isEqualTo(barrierValue("v" + i));
            }
            assertThat(last.keyUsage(true).entriesByKey()).as("crash at write %d", n).isEqualTo(Map.of(NEW, entries));
            assertThat(resumed.status().fullyWrapped()).isTrue();
        }
    }
}
