package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static io.strongroom.kv.KvFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.CrashingBarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// vault-compat: dataplane spec 4.2 (tune options.version 1 -> 2) and 5.3 (upgrade).
class KvUpgradeTest {

    private static final Map<String, Map<String, Object>> V1_DATA = Map.of(
            "a", m("v", "1"),
            "a/b", m("v", "2", "n", 5),
            "a/c/d", m("v", "3", "nested", m("x", List.of(1))),
            "z", m("ttl", "1h"));

    private static KvFixture v1WithData() {
        KvFixture kv = new KvFixture(1);
        V1_DATA.forEach(kv::write);
        return kv;
    }

    private static void assertUpgraded(KvFixture kv) {
        kv.backend = kv.backendOver(kv.view, 2);
        assertThat(kv.view.list("")).containsExactly(KvStore.ROOT);
        V1_DATA.forEach((key, data) -> {
            Response r = kv.read("data/" + key);
            assertThat(r.status()).as(key).isZero();
            assertThat(map(r.data().get("data"))).as(key).isEqualTo(data);
            assertThat(map(r.data().get("metadata"))).containsEntry("version", 1L)
                    .containsEntry("created_time", "2024-05-06T07:08:09.123456789Z");
            assertThat(kv.read("metadata/" + key).data()).containsEntry("current_version", 1L)
                    .containsEntry("oldest_version", 0L);
        });
        assertThat(kv.call(Operation.LIST, "metadata/", Map.of()).data()).isEqualTo(Map.of("keys",
                List.of("a", "a/", "z")));
    }

    @Test
    void upgradeToV2_everyV1EntryBecomesVersion1() {
        KvFixture kv = v1WithData();
        KvBackend.upgradeToV2(kv.view, kv.clock);
        assertUpgraded(kv);
        assertThat(kv.put("a", m("v", "new")).data()).containsEntry("version", 2L);
    }

    @Test
    void createV2_finishesPendingUpgradeItself() {
        KvFixture kv = v1WithData();
        kv.backend = KvBackend.create(2, kv.view, kv.clock, KvBackend.DEFAULT_LEASE_TTL_SECONDS);
        assertUpgraded(kv);
    }

    @Test
    void upgradeToV2_twice_isANoOp() {
        KvFixture kv = v1WithData();
        KvBackend.upgradeToV2(kv.view, kv.clock);
        kv.backend = kv.backendOver(kv.view, 2);
        kv.put("a", m("v", "second"));
        CrashingBarrierStorage counter = CrashingBarrierStorage.counting(kv.view);
        KvBackend.upgradeToV2(counter, kv.clock);
        assertThat(counter.writes()).isZero();
        assertThat(map(kv.read("data/a").data().get("data"))).isEqualTo(m("v", "second"));
    }

    @Test
    void upgradeToV2_crashAtEveryWrite_rerunCompletes() {
        KvFixture probe = v1WithData();
        CrashingBarrierStorage counter = CrashingBarrierStorage.counting(probe.view);
        KvBackend.upgradeToV2(counter, probe.clock);
        int writes = counter.writes();
        assertThat(writes).isEqualTo(2 * V1_DATA.size());

        for (int n = 1; n <= writes; n++) {
            KvFixture kv = v1WithData();
            CrashingBarrierStorage crashing = new CrashingBarrierStorage(kv.view, n);
            assertThatThrownBy(() -> KvBackend.upgradeToV2(crashing, kv.clock))
                    .as("crash at write %d", n).isInstanceOf(CrashingBarrierStorage.Crash.class);
            KvBackend.upgradeToV2(kv.view, kv.clock);
            assertUpgraded(kv);
        }
    }

    @Test
    void versionChange_upgradeWarns_downgradeRefused_sameIsEmpty() {
        assertThat(KvBackend.versionChange(1, 2)).contains("Upgrading mount from version 1 to version 2. This "
                + "mount will be unavailable for a brief period and will resume service shortly.");
        assertThat(KvBackend.versionChange(2, 2)).isEmpty();
        assertThatThrownBy(() -> KvBackend.versionChange(2, 1))
                .isInstanceOf(InvalidRequestException.class).hasMessage("cannot downgrade mount from version 2");
    }

    @Test
    void parseVersion_acceptsVaultsSpellings() {
        assertThat(KvBackend.parseVersion(null)).isEqualTo(1);
        assertThat(KvBackend.parseVersion("")).isEqualTo(1);
        assertThat(KvBackend.parseVersion("1")).isEqualTo(1);
        assertThat(KvBackend.parseVersion("2")).isEqualTo(2);
        assertThatThrownBy(() -> KvBackend.parseVersion("3")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void create_unknownVersion_isRefused() {
        KvFixture kv = new KvFixture(1);
        assertThatThrownBy(() -> KvBackend.create(3, kv.view, kv.clock, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
