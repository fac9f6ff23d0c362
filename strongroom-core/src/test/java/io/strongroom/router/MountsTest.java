package io.strongroom.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.CrashingBarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Backend;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.storage.InmemStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mount table over the real barrier: routing by longest prefix, conflicts, persistence, disable. */
class MountsTest {

    private final SecureRandom random = new SecureRandom();
    private AesGcmBarrier barrier;

    /** An engine that stores what it is given under its view, so tests can see which view a mount got. */
    private record Echo(BarrierStorage view) implements Backend {
        @Override
        public String type() {
            return "echo";
        }

        @Override
        public Response handle(Request request) {
            view.put("last", request.relativePath().getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    private final Mounts.BackendFactory echo = (entry, view) -> new Echo(view);
    private final Mounts.Mounted sys = new Mounts.Mounted(
            new MountEntry("sys/", "system", "system endpoints", "sys", "system_00000000", Map.of(), 0, 0, false,
                    false, true), new SysBackend(List.of()));

    @BeforeEach
    void setUp() {
        barrier = new AesGcmBarrier(new InmemStorage(), random, Clock.systemUTC());
        byte[] key = new byte[32];
        random.nextBytes(key);
        barrier.initialize(key);
        barrier.unseal(key);
    }

    private Mounts mounts() {
        Mounts m = new Mounts(barrier, Map.of("echo", echo), List.of(sys), random);
        m.load();
        return m;
    }

    @Test
    void route_longestPrefixWins_andAPathEqualToTheMountWithoutSlashMatches() {
        Mounts m = mounts();
        m.enable("team/", "echo", "", Map.of(), 0, 0);
        m.enable("apps/a", "echo", "", Map.of(), 0, 0);
        assertThat(m.route("team/x/y")).hasValueSatisfying(r -> assertThat(r.entry().path()).isEqualTo("team/"));
        assertThat(m.route("apps/a")).hasValueSatisfying(r -> assertThat(r.entry().path()).isEqualTo("apps/a/"));
        assertThat(m.route("apps/b/c")).isEmpty();
        assertThat(m.route("sys/mounts")).hasValueSatisfying(r -> assertThat(r.entry().type()).isEqualTo("system"));
        assertThat(m.route("teamx/y")).isEmpty();
    }

    @Test
    void enable_overlappingPath_isAConflict_reservedAndUnknownTypesRefused() {
        Mounts m = mounts();
        m.enable("kv/", "echo", "", Map.of(), 0, 0);
        assertThatThrownBy(() -> m.enable("kv/inner", "echo", "", Map.of(), 0, 0))
                .isInstanceOf(MountConflictException.class).hasMessage("path is already in use at kv/");
        assertThatThrownBy(() -> m.enable("kv", "echo", "", Map.of(), 0, 0)).isInstanceOf(MountConflictException.class);
        assertThatThrownBy(() -> m.enable("sys/x", "echo", "", Map.of(), 0, 0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> m.enable("auth/", "echo", "", Map.of(), 0, 0)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> m.enable("other/", "nope", "", Map.of(), 0, 0))
                .hasMessage("plugin not found in the catalog: nope");
        assertThatThrownBy(() -> m.enable("ttl/", "echo", "", Map.of(), 7200, 3600))
                .hasMessage("given default lease TTL greater than given max lease TTL");
    }

    @Test
    void table_survivesAReload_andEachMountHasItsOwnView() {
        Mounts m = mounts();
        MountEntry a = m.enable("a/", "echo", "first", Map.of("k", "v"), 60, 120);
        m.enable("b/", "echo", "", Map.of(), 0, 0);
        m.route("a/x").orElseThrow().backend().handle(new Request("1", io.strongroom.logical.Operation.UPDATE, "a/x",
                "a/", Map.of(), null, false, null));
        assertThat(barrier.get("logical/" + a.uuid() + "/last")).asString(StandardCharsets.UTF_8).isEqualTo("x");

        Mounts reloaded = mounts();
        assertThat(reloaded.list()).extracting(MountEntry::path).containsExactly("a/", "b/", "sys/");
        MountEntry again = reloaded.get("a").orElseThrow();
        assertThat(again).isEqualTo(a);
        assertThat(again.accessor()).matches("echo_[0-9a-f]{8}");
    }

    @Test
    void disable_removesTheRowAndTheData_unknownPathIsNoError_builtinsCannotGo() {
        Mounts m = mounts();
        MountEntry a = m.enable("a/", "echo", "", Map.of(), 0, 0);
        barrier.put(a.viewPrefix() + "deep/er/x", new byte[] {1});
        m.disable("a");
        assertThat(m.route("a/x")).isEmpty();
        assertThat(barrier.list(a.viewPrefix())).isEmpty();
        assertThat(mounts().get("a/")).isEmpty();
        m.disable("never-mounted/");
        assertThatThrownBy(() -> m.disable("sys/")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void clear_forgetsEveryRoute_untilTheNextLoad() {
        Mounts m = mounts();
        m.enable("a/", "echo", "", Map.of(), 0, 0);
        m.clear();
        assertThat(m.route("a/x")).isEmpty();
        m.load();
        assertThat(m.route("a/x")).isPresent();
    }

    /**
     * Crash points: enable is one write of the table; disable writes the table, then deletes the mount's data. A
     * crash at any of them leaves, after a reload, the mount wholly there (its data intact) or wholly gone.
     */
    @Test
    void enableAndDisable_crashAtEveryWrite_reloadSeesTheMountWhollyThereOrGone() {
        Mounts crashingEnable = new Mounts(new CrashingBarrierStorage(barrier, 1), Map.of("echo", echo), List.of(sys),
                random);
        crashingEnable.load();
        assertThatThrownBy(() -> crashingEnable.enable("a/", "echo", "", Map.of(), 0, 0))
                .isInstanceOf(CrashingBarrierStorage.Crash.class);
        assertThat(mounts().get("a/")).isEmpty();

        MountEntry a = mounts().enable("a/", "echo", "", Map.of(), 0, 0);
        barrier.put(a.viewPrefix() + "x", new byte[] {1});
        barrier.put(a.viewPrefix() + "y/z", new byte[] {2});
        CrashingBarrierStorage counter = CrashingBarrierStorage.counting(barrier);
        // count on a copy of the state: table write plus two deletes
        int writes = 3;
        for (int n = 1; n <= writes; n++) {
            Mounts crashing = new Mounts(new CrashingBarrierStorage(barrier, n), Map.of("echo", echo), List.of(sys),
                    random);
            crashing.load();
            assertThatThrownBy(() -> crashing.disable("a/")).as("write %d", n)
                    .isInstanceOf(CrashingBarrierStorage.Crash.class);
            Mounts reloaded = mounts();
            if (n == 1) {
                assertThat(reloaded.get("a/")).as("table not yet written").isPresent();
                assertThat(barrier.get(a.viewPrefix() + "x")).isNotNull();
                assertThat(barrier.get(a.viewPrefix() + "y/z")).isNotNull();
                continue;
            }
            assertThat(reloaded.get("a/")).as("crash at write %d", n).isEmpty();
            // gone from the table for good; leftover data sits under a UUID no new mount reuses
            assertThat(reloaded.enable("a/", "echo", "", Map.of(), 0, 0).uuid()).isNotEqualTo(a.uuid());
            reloaded.disable("a/");
            a = mounts().enable("a/", "echo", "", Map.of(), 0, 0);
            barrier.put(a.viewPrefix() + "x", new byte[] {1});
            barrier.put(a.viewPrefix() + "y/z", new byte[] {2});
        }
        Mounts counting = new Mounts(counter, Map.of("echo", echo), List.of(sys), random);
        counting.load();
        counting.disable("a/");
        assertThat(counter.writes()).as("the writes enumerated above").isEqualTo(writes);
    }

    /** Records the prefixes the mount table registers for seal wrapping. */
    private static final class Prefixes implements io.strongroom.seal.SealWrapPaths {
        final java.util.Set<String> live = new java.util.TreeSet<>();

        @Override
        public void addPrefix(String prefix) {
            live.add(prefix);
        }

        @Override
        public void removePrefix(String prefix) {
            live.remove(prefix);
        }
    }

    @Test
    void enable_sealWrap_registersTheViewPrefixBeforeTheBackend_andLoadClearDisableFollow() {
        Prefixes prefixes = new Prefixes();
        Mounts m = new Mounts(barrier, Map.of("echo", echo), List.of(sys), random, prefixes);
        m.load();
        MountEntry wrapped = m.enable("wrapped/", "echo", "", Map.of(), 0, 0, true);
        m.enable("plain/", "echo", "", Map.of(), 0, 0);
        assertThat(wrapped.sealWrap()).isTrue();
        assertThat(prefixes.live).containsExactly(wrapped.viewPrefix());
        m.clear(); // seal
        assertThat(prefixes.live).isEmpty();
        Mounts reloaded = new Mounts(barrier, Map.of("echo", echo), List.of(sys), random, prefixes);
        reloaded.load(); // unseal: the stored row keeps seal_wrap
        assertThat(prefixes.live).containsExactly(wrapped.viewPrefix());
        assertThat(reloaded.get("wrapped/").orElseThrow().sealWrap()).isTrue();
        reloaded.disable("wrapped/");
        assertThat(prefixes.live).isEmpty();
    }
}
