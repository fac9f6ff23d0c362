package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.storage.InmemStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seal generation and the Seal HA safety checks (vault-compat: vault-seal-spec 6.4). */
class SealGenInfoTest {

    private static final SealGenInfo.Seal EAST = new SealGenInfo.Seal("east", "awskms", 1, false);
    private static final SealGenInfo.Seal WEST = new SealGenInfo.Seal("west", "awskms", 2, false);
    private static final SealGenInfo.Seal NORTH = new SealGenInfo.Seal("north", "awskms", 3, false);

    private static SealGenInfo gen(long n, boolean rewrapped, SealGenInfo.Seal... seals) {
        return new SealGenInfo(n, List.of(seals), rewrapped, true);
    }

    @Test
    void json_isVaultsShape_andRoundTrips() {
        InmemStorage s = new InmemStorage();
        gen(2, false, EAST, WEST).write(s);
        String json = new String(s.get(SealGenInfo.PATH), StandardCharsets.UTF_8);
        assertThat(json).contains("\"Generation\":2", "\"Seals\":[", "\"Name\":\"east\"", "\"Priority\":1",
                "\"Rewrapped\":false", "\"Enabled\":true");
        assertThat(SealGenInfo.read(s)).isEqualTo(gen(2, false, EAST, WEST));
    }

    @Test
    void read_absent_null_garbage_corrupted() {
        InmemStorage s = new InmemStorage();
        assertThat(SealGenInfo.read(s)).isNull();
        s.put(SealGenInfo.PATH, "{".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SealGenInfo.read(s)).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining(SealGenInfo.PATH);
    }

    @Test
    void decide_sameSeals_unchanged() {
        SealGenInfo stored = gen(3, true, EAST, WEST);
        SealGenInfo.Decision d = SealGenInfo.decide(stored, List.of(EAST, WEST), true, true, false);
        assertThat(d.changed()).isFalse();
        assertThat(d.next()).isEqualTo(stored);
    }

    @Test
    void decide_addOneSeal_generationPlusOne_notRewrapped() {
        SealGenInfo.Decision d = SealGenInfo.decide(gen(1, true, EAST), List.of(EAST, WEST), true, true, false);
        assertThat(d.changed()).isTrue();
        assertThat(d.next().generation()).isEqualTo(2);
        assertThat(d.next().rewrapped()).isFalse();
        assertThat(d.next().names()).containsExactly("east", "west");
    }

    @Test
    void decide_removeOneSeal_allowedWhenRewrapped() {
        SealGenInfo.Decision d = SealGenInfo.decide(gen(2, true, EAST, WEST), List.of(EAST), true, false, false);
        assertThat(d.next().generation()).isEqualTo(3);
        assertThat(d.next().enabled()).isFalse();
    }

    @Test
    void decide_twoAddedAtOnce_refused() {
        assertThatThrownBy(() -> SealGenInfo.decide(gen(1, true, EAST), List.of(EAST, WEST, NORTH), true, true,
                false)).isInstanceOf(ConfigException.class).hasMessageContaining("add or remove one seal at a time");
    }

    @Test
    void decide_addAndRemoveAtOnce_refused() {
        assertThatThrownBy(() -> SealGenInfo.decide(gen(2, true, EAST, WEST), List.of(EAST, NORTH), true, true,
                false)).isInstanceOf(ConfigException.class).hasMessageContaining("one seal at a time");
    }

    @Test
    void decide_noSealInCommon_refused() {
        assertThatThrownBy(() -> SealGenInfo.decide(gen(1, true, EAST), List.of(WEST), true, false, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no seal in common with generation 1");
    }

    @Test
    void decide_changeWhileRewrapUnfinished_refused() {
        assertThatThrownBy(() -> SealGenInfo.decide(gen(2, false, EAST, WEST), List.of(EAST), true, true, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has not finished");
    }

    @Test
    void decide_changeWhileRewrapUnfinished_safetyDisabled_allowed() {
        assertThat(SealGenInfo.decide(gen(2, false, EAST, WEST), List.of(EAST), true, true, true).next()
                .generation()).isEqualTo(3);
    }

    @Test
    void decide_uninitializedStoreWithTwoSeals_refused() {
        assertThatThrownBy(() -> SealGenInfo.decide(null, List.of(EAST, WEST), false, true, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("initialize with a single seal first");
    }

    @Test
    void decide_noGenInfoSingleSeal_generationOneRewrapped() {
        SealGenInfo.Decision d = SealGenInfo.decide(null, List.of(EAST), true, false, false);
        assertThat(d.changed()).isTrue();
        assertThat(d.next()).isEqualTo(new SealGenInfo(1, List.of(EAST), true, false));
    }

    @Test
    void decide_noGenInfoInitializedTwoSeals_generationTwoToRewrap() {
        SealGenInfo.Decision d = SealGenInfo.decide(null, List.of(EAST, WEST), true, true, false);
        assertThat(d.next().generation()).isEqualTo(2);
        assertThat(d.next().rewrapped()).isFalse();
    }

    @Test
    void decide_priorityChangeOnly_generationPlusOne_keepsRewrapped() {
        SealGenInfo.Seal westFirst = new SealGenInfo.Seal("west", "awskms", 1, false);
        SealGenInfo.Seal eastSecond = new SealGenInfo.Seal("east", "awskms", 2, false);
        SealGenInfo.Decision d = SealGenInfo.decide(gen(2, true, EAST, WEST), List.of(eastSecond, westFirst), true,
                true, false);
        assertThat(d.next().generation()).isEqualTo(3);
        assertThat(d.next().rewrapped()).isTrue();
    }
}
