package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.storage.InmemStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Seal HA in the seal-wrap layer and the rewrap: partial wraps, the catch-up, leaving HA. */
class SealHaStorageTest {

    static final String EAST = "arn:aws:kms:us-east-1:000000000000:key/east";
    static final String WEST = "arn:aws:kms:us-west-2:000000000000:key/west";
    static final String ROOT_BLOB = SealWrapStorageTest.ROOT_BLOB;

    final InmemStorage disk = new InmemStorage();
    final TestKms east = new TestKms(EAST);
    final TestKms west = new TestKms(WEST);
    final SealSet pair = new SealSet(2, List.of(new SealSet.Member("east", 1, east),
            new SealSet.Member("west", 2, west)), List.of(), Clock.systemUTC());

    SealWrapStorage layer(SealSet seals) {
        SealWrapStorage s = new SealWrapStorage(disk, seals, SealWrapStorageTest.settings(true));
        s.addPrefix("logical/sw/");
        return s;
    }

    static MultiWrapValue stored(InmemStorage disk, String path) {
        byte[] raw = disk.get(path);
        return MultiWrapValue.parseFrom(path.equals(ROOT_BLOB) ? raw : Arrays.copyOf(raw, raw.length - 1));
    }

    private void write(SealWrapStorage s, int n) {
        for (int i = 0; i < n; i++) {
            s.put("logical/sw/" + i, SealWrapStorageTest.barrierValue("v" + i));
        }
        s.put(ROOT_BLOB, pair.wrap("root".getBytes()).toByteArray());
    }

    @Test
    void put_bothSealsUp_twoSlotsWithGeneration_fullyWrapped() {
        SealWrapStorage s = layer(pair);
        write(s, 3);
        MultiWrapValue v = stored(disk, "logical/sw/0");
        assertThat(v.keyIds()).containsExactly(EAST, WEST);
        assertThat(v.generation()).isEqualTo(2);
        assertThat(s.fullyWrapped()).isTrue();
        assertThat(s.get("logical/sw/2")).isEqualTo(SealWrapStorageTest.barrierValue("v2"));
    }

    @Test
    void put_oneSealDown_writesContinuePartially_notFullyWrapped_rewrapDefers() throws Exception {
        SealWrapStorage s = layer(pair);
        s.ensureIndex();
        west.deny(WEST);
        write(s, 3);
        assertThat(stored(disk, "logical/sw/1").keyIds()).containsExactly(EAST);
        assertThat(pair.isUnhealthy("west")).isTrue();
        assertThat(s.fullyWrapped()).isFalse();
        assertThat(s.rewrapEntry("logical/sw/1")).isEqualTo(SealWrapStorage.Outcome.DEFERRED);
        assertThat(s.get("logical/sw/1")).isEqualTo(SealWrapStorageTest.barrierValue("v1"));
    }

    @Test
    void catchUp_sealBack_rewrapsPartialEntries_fullyWrappedAgain() throws Exception {
        SealWrapStorage s = layer(pair);
        s.ensureIndex();
        west.deny(WEST);
        write(s, 5);
        Rewrapper r = new Rewrapper(s, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        AtomicReference<Boolean> done = new AtomicReference<>();
        r.onComplete(done::set);
        r.afterUnseal(); // a run while west is down defers every entry
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(done.get()).isFalse();
        assertThat(stored(disk, "logical/sw/0").keyIds()).containsExactly(EAST);

        SealWrapStorage same = s;
        west.allow(WEST); // the region is back, and its health probe marks it healthy
        pair.markHealthy("west");
        r.catchUp();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(same.fullyWrapped()).isTrue();
        assertThat(done.get()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(stored(disk, "logical/sw/" + i).keyIds()).containsExactlyInAnyOrder(EAST, WEST);
        }
        assertThat(stored(disk, ROOT_BLOB).keyIds()).containsExactlyInAnyOrder(EAST, WEST);
    }

    @Test
    void leavingHa_singleSealSet_rewrapsEveryEntryToOnePlainSlot() throws Exception {
        write(layer(pair), 4);
        SealWrapStorage single = layer(new SealSet(3, List.of(new SealSet.Member("east", 1, east)), List.of(),
                Clock.systemUTC()));
        assertThat(single.fullyWrapped()).isFalse();
        Rewrapper r = new Rewrapper(single, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        r.afterUnseal();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(single.fullyWrapped()).isTrue();
        for (int i = 0; i < 4; i++) {
            byte[] raw = disk.get("logical/sw/" + i);
            assertThat(MultiWrapValue.hasHeader(raw)).isFalse(); // one slot: the plain BlobInfo
            assertThat(stored(disk, "logical/sw/" + i).keyIds()).containsExactly(EAST);
            assertThat(single.get("logical/sw/" + i)).isEqualTo(SealWrapStorageTest.barrierValue("v" + i));
        }
        assertThat(stored(disk, ROOT_BLOB).keyIds()).containsExactly(EAST);
    }

    @Test
    void addingASeal_rewrapBringsEveryEntryToBothSeals() throws Exception {
        SealSet one = new SealSet(1, List.of(new SealSet.Member("east", 1, east)), List.of(), Clock.systemUTC());
        SealWrapStorage first = layer(one);
        for (int i = 0; i < 3; i++) {
            first.put("logical/sw/" + i, SealWrapStorageTest.barrierValue("v" + i));
        }
        SealWrapStorage both = layer(pair);
        assertThat(both.fullyWrapped()).isFalse();
        Rewrapper r = new Rewrapper(both, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        r.afterUnseal();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(both.fullyWrapped()).isTrue();
        assertThat(stored(disk, "logical/sw/2").keyIds()).containsExactly(EAST, WEST);
        assertThat(stored(disk, "logical/sw/2").generation()).isEqualTo(2);
    }
}
