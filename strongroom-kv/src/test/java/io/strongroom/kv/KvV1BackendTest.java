package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// vault-compat: dataplane spec 5.1 (KV v1, passthrough).
class KvV1BackendTest {

    private final KvFixture kv = new KvFixture(1);

    @Test
    void type_isKv() {
        assertThat(kv.backend.type()).isEqualTo("kv");
    }

    @Test
    void write_thenRead_returnsObjectWithMountDefaultLease() {
        assertThat(kv.write("app/db", m("user", "u", "n", 3, "nested", Map.of("a", List.of(1, 2))))).isNull();

        Response r = kv.read("app/db");

        assertThat(r.data()).isEqualTo(m("user", "u", "n", 3, "nested", Map.of("a", List.of(1, 2))));
        assertThat(r.leaseDuration()).isEqualTo(2_764_800L);
        assertThat(r.renewable()).isFalse();
        assertThat(r.status()).isZero();
    }

    @Test
    void read_secretWithTtl_reportsItsOwnLease() {
        kv.write("a", m("ttl", "1h", "v", "x"));
        kv.write("b", m("lease", 90, "v", "x"));
        kv.write("c", m("ttl", "nonsense", "v", "x"));

        assertThat(kv.read("a").leaseDuration()).isEqualTo(3600);
        assertThat(kv.read("b").leaseDuration()).isEqualTo(90);
        assertThat(kv.read("c").leaseDuration()).isEqualTo(2_764_800L);
    }

    @Test
    void write_emptyBody_is400MissingDataFields() {
        assertThatThrownBy(() -> kv.write("a", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("missing data fields");
    }

    @Test
    void write_overwrites() {
        kv.write("a", m("v", 1));
        kv.write("a", m("w", 2));
        assertThat(kv.read("a").data()).isEqualTo(m("w", 2));
    }

    @Test
    void read_absent_isNull() {
        assertThat(kv.read("nope")).isNull();
        assertThat(kv.read("")).isNull();
    }

    @Test
    void list_showsKeysAndFolders_emptyIsNull() {
        kv.write("a", m("v", 1));
        kv.write("b/c", m("v", 1));
        kv.write("b/d/e", m("v", 1));

        assertThat(kv.call(Operation.LIST, "", Map.of()).data()).isEqualTo(Map.of("keys", List.of("a", "b/")));
        assertThat(kv.call(Operation.LIST, "b/", Map.of()).data()).isEqualTo(Map.of("keys", List.of("c", "d/")));
        assertThat(kv.call(Operation.LIST, "zzz/", Map.of())).isNull();
    }

    @Test
    void delete_removes_andAbsentIsAlsoNull() {
        kv.write("a", m("v", 1));
        assertThat(kv.call(Operation.DELETE, "a", Map.of())).isNull();
        assertThat(kv.read("a")).isNull();
        assertThat(kv.call(Operation.DELETE, "never", Map.of())).isNull();
    }

    @Test
    void patch_isUnsupportedOperation() {
        kv.write("a", m("v", 1));
        assertThatThrownBy(() -> kv.call(Operation.PATCH, "a", m("v", 2)))
                .isInstanceOf(OperationUnsupportedException.class).hasMessage("unsupported operation");
    }

    @Test
    void exists_reflectsStoredKey() {
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "a", m("v", 1)))).contains(false);
        kv.write("a", m("v", 1));
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "a", m("v", 1)))).contains(true);
    }

    @Test
    void write_reservedUpgradeFolder_isRefused() {
        assertThatThrownBy(() -> kv.write(".kv2/metadata/x", m("v", 1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(".kv2/");
    }

    @Test
    void storage_valueIsJsonAtKeyInsideView() {
        kv.write("app/db", m("user", "u"));
        assertThat(new String(kv.view.get("app/db"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"user\":\"u\"}");
        assertThat(kv.barrier.get(kv.view.prefix() + "app/db")).isNotNull();
    }
}
