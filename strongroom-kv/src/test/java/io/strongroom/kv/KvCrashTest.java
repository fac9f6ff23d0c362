package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static io.strongroom.kv.KvFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.CrashingBarrierStorage;
import io.strongroom.logical.Backend;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Crash points, enumerated: each multi-step change runs over a view that fails at its Nth write, for every N the
 * change performs; afterwards the key must read as exactly the old state or the new one, and rerunning completes
 * it.
 */
class KvCrashTest {

    /** The observable state of key "app": metadata and every version's read answer. */
    private static Object snapshot(Backend b) {
        Map<String, Object> out = new LinkedHashMap<>();
        Response meta = b.handle(KvFixture.request(Operation.READ, "metadata/app", Map.of()));
        out.put("meta", meta == null ? null : meta.data());
        for (int v = 1; v <= 4; v++) {
            Response r = b.handle(KvFixture.request(Operation.READ, "data/app", Map.of("version", "" + v)));
            out.put("v" + v, r == null ? null : List.of(r.status(), String.valueOf(r.data())));
        }
        return out;
    }

    private void crashAtEveryWrite(Consumer<KvFixture> setup, Consumer<Backend> change) {
        // Count the writes of one clean run first.
        KvFixture probe = new KvFixture(2);
        setup.accept(probe);
        CrashingBarrierStorage counter = CrashingBarrierStorage.counting(probe.view);
        change.accept(probe.backendOver(counter, 2));
        Object after = snapshot(probe.backend);
        int writes = counter.writes();
        assertThat(writes).isPositive();

        for (int n = 1; n <= writes; n++) {
            KvFixture kv = new KvFixture(2);
            setup.accept(kv);
            Object before = snapshot(kv.backend);
            CrashingBarrierStorage crashing = new CrashingBarrierStorage(kv.view, n);
            Backend crashy = kv.backendOver(crashing, 2);
            assertThatThrownBy(() -> change.accept(crashy)).isInstanceOf(CrashingBarrierStorage.Crash.class);

            Backend restarted = kv.backendOver(kv.view, 2);
            assertThat(snapshot(restarted)).as("state after a crash at write %d", n).isIn(before, after);

            change.accept(restarted);
            assertThat(snapshot(restarted)).as("state after rerunning, crash at write %d", n).isEqualTo(after);
        }
    }

    private static Response call(Backend b, Operation op, String path, Map<String, Object> data) {
        return b.handle(KvFixture.request(op, path, data));
    }

    private static void twoVersions(KvFixture kv) {
        kv.put("app", m("a", 1));
        kv.put("app", m("a", 2));
    }

    @Test
    void v2Write_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(KvCrashTest::twoVersions, b -> call(b, Operation.UPDATE, "data/app",
                m("data", m("a", 3))));
    }

    @Test
    void v2WriteThatPrunes_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(kv -> {
            kv.write("metadata/app", m("max_versions", 2));
            twoVersions(kv);
        }, b -> call(b, Operation.UPDATE, "data/app", m("data", m("a", 3))));
    }

    @Test
    void v2Patch_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(KvCrashTest::twoVersions, b -> call(b, Operation.PATCH, "data/app", m("data", m("b", 1))));
    }

    @Test
    void v2Delete_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(KvCrashTest::twoVersions, b -> call(b, Operation.DELETE, "data/app", Map.of()));
    }

    @Test
    void v2Destroy_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(KvCrashTest::twoVersions, b -> call(b, Operation.UPDATE, "destroy/app",
                m("versions", List.of(1, 2))));
    }

    @Test
    void v2MetadataDelete_crashAtEveryWrite_leavesOldOrNew() {
        crashAtEveryWrite(KvCrashTest::twoVersions, b -> call(b, Operation.DELETE, "metadata/app", Map.of()));
    }

    @Test
    void crashedWrite_doesNotConsumeAVersionNumber() {
        KvFixture kv = new KvFixture(2);
        twoVersions(kv);
        Backend crashy = kv.backendOver(new CrashingBarrierStorage(kv.view, 1), 2);
        assertThatThrownBy(() -> call(crashy, Operation.UPDATE, "data/app", m("data", m("a", 3))))
                .isInstanceOf(CrashingBarrierStorage.Crash.class);
        Response r = kv.put("app", m("a", 4));
        assertThat(r.data()).containsEntry("version", 3L);
        assertThat(map(kv.read("data/app").data().get("data"))).isEqualTo(m("a", 4));
    }
}
