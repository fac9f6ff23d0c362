package io.strongroom.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.policy.SudoPaths;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.seal.TestKms;
import io.strongroom.storage.InmemStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The response shapes of {@code sys/sealwrap/rewrap} and {@code sys/seal/key-usage} (the UI's contract). */
class SysSealWrapEndpointsTest {

    private static final String OLD = "arn:aws:kms:us-east-1:000000000000:key/old";
    private static final String NEW = "arn:aws:kms:us-east-1:000000000000:key/new";

    private final InmemStorage disk = new InmemStorage();
    private final TestKms kms = new TestKms(OLD);
    private final SealWrapStorage store = new SealWrapStorage(disk, kms,
            new SealWrapStorage.Settings(true, Set.of("core/keyring"), List.of(), Set.of(), 10));
    private final Rewrapper rewrapper = new Rewrapper(store, disk, new Rewrapper.Settings(0, 2, Duration.ofMillis(1)));
    private final SysSealWrapEndpoints endpoints = new SysSealWrapEndpoints(store, rewrapper);

    private static Request req(Operation op, String rel, Map<String, Object> data) {
        return new Request("id", op, "sys/" + rel, "sys/", data, null, true, "127.0.0.1");
    }

    @Test
    void keyUsage_shapeIsTheContract_currentKeyListedWithCounts() {
        store.put("core/keyring", new byte[] {0, 0, 0, 1, 2, 9});
        kms.moveTo(NEW);
        Response r = endpoints.handle(req(Operation.READ, "seal/key-usage", Map.of()));
        assertThat(r.data()).containsOnlyKeys("current_key_id", "keys", "total_entries");
        assertThat(r.data().get("current_key_id")).isEqualTo(NEW);
        assertThat(r.data().get("keys")).isEqualTo(Map.of(
                OLD, Map.of("entries", 1, "current", false),
                NEW, Map.of("entries", 0, "current", true)));
        assertThat(r.data().get("total_entries")).isEqualTo(1);
    }

    @Test
    void keyUsage_verifyTrue_addsVerifiedAndMismatches() {
        Response r = endpoints.handle(req(Operation.READ, "seal/key-usage", Map.of("verify", "true")));
        assertThat(r.data().get("verified")).isEqualTo(true);
        assertThat(r.data().get("scan_mismatches")).isEqualTo(0);
    }

    @Test
    void rewrap_getShape_andPostStarts204() throws Exception {
        store.put("core/keyring", new byte[] {0, 0, 0, 1, 2, 9});
        kms.moveTo(NEW);
        assertThat(endpoints.handle(req(Operation.UPDATE, "sealwrap/rewrap", Map.of()))).isNull(); // 204
        assertThat(rewrapper.await(Duration.ofSeconds(10))).isTrue();
        Response r = endpoints.handle(req(Operation.READ, "sealwrap/rewrap", Map.of()));
        assertThat(r.data()).isEqualTo(Map.of("entries", Map.of("processed", 1, "succeeded", 1, "failed", 0),
                "is_running", false, "fully_wrapped", true));
    }

    @Test
    void shamirServer_bothPaths_400() {
        SysSealWrapEndpoints none = new SysSealWrapEndpoints(null, null);
        assertThatThrownBy(() -> none.handle(req(Operation.READ, "seal/key-usage", Map.of())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("KMS seal");
    }

    @Test
    void sudoPaths_includeBoth() {
        assertThat(SudoPaths.matches(SudoPaths.SYS, "seal/key-usage")).isTrue();
        assertThat(SudoPaths.matches(SudoPaths.SYS, "sealwrap/rewrap")).isTrue();
    }
}
