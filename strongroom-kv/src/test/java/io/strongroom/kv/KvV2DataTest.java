package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static io.strongroom.kv.KvFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// vault-compat: dataplane spec 5.2 and 5.3, behaviours 8, 9 and 10.
class KvV2DataTest {

    private static final String T0 = "2024-05-06T07:08:09.123456789Z";
    private final KvFixture kv = new KvFixture(2);

    @Test
    void write_firstVersion_answersVersionMetadata() {
        Response r = kv.put("app", m("password", "s3cr3t"));

        assertThat(r.status()).isZero();
        assertThat(r.data()).isEqualTo(m("created_time", T0, "custom_metadata", null, "deletion_time", "",
                "destroyed", false, "version", 1L));
        assertThat(r.data().keySet()).containsExactly("created_time", "custom_metadata", "deletion_time",
                "destroyed", "version");
    }

    @Test
    void read_latest_wrapsDataAndMetadata() {
        kv.put("app", m("a", 1));
        kv.clock.advance(Duration.ofSeconds(1));
        kv.put("app", m("a", 2, "nested", m("x", List.of(true, "y"))));

        Response r = kv.read("data/app");

        assertThat(map(r.data().get("data"))).isEqualTo(m("a", 2, "nested", m("x", List.of(true, "y"))));
        assertThat(map(r.data().get("metadata"))).containsEntry("version", 2L)
                .containsEntry("created_time", "2024-05-06T07:08:10.123456789Z");
    }

    @Test
    void read_specificVersion_fromQueryString() {
        kv.put("app", m("a", 1));
        kv.put("app", m("a", 2));

        Response r = kv.call(Operation.READ, "data/app", Map.of("version", List.of("1")));

        assertThat(map(r.data().get("data"))).isEqualTo(m("a", 1));
        assertThat(map(r.data().get("metadata"))).containsEntry("version", 1L);
    }

    @Test
    void read_neverWrittenOrUnknownVersion_isNull() {
        assertThat(kv.read("data/nothing")).isNull();
        kv.put("app", m("a", 1));
        assertThat(kv.call(Operation.READ, "data/app", Map.of("version", "7"))).isNull();
    }

    @Test
    void read_badVersionParameter_is400() {
        kv.put("app", m("a", 1));
        assertThatThrownBy(() -> kv.call(Operation.READ, "data/app", Map.of("version", "abc")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("error converting input abc for field \"version\"");
    }

    @Test
    void write_withoutData_is400NoDataProvided() {
        assertThatThrownBy(() -> kv.write("data/app", Map.of("options", Map.of())))
                .isInstanceOf(InvalidRequestException.class).hasMessage("no data provided");
        assertThatThrownBy(() -> kv.write("data/app", m("data", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("no data provided");
    }

    @Test
    void write_dataNotAnObject_is400WithoutEchoingIt() {
        assertThatThrownBy(() -> kv.write("data/app", Map.of("data", "s3cr3t")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("error converting input for field \"data\": expected a map")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void write_emptyObject_isAVersion() {
        assertThat(kv.put("app", Map.of()).data()).containsEntry("version", 1L);
        assertThat(map(kv.read("data/app").data().get("data"))).isEmpty();
    }

    @Test
    void cas_zero_onlyWhenKeyAbsent() {
        assertThat(kv.putCas("app", m("a", 1), 0).data()).containsEntry("version", 1L);
        assertThatThrownBy(() -> kv.putCas("app", m("a", 2), 0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter did not match the current version");
    }

    @Test
    void cas_mustEqualCurrentVersion() {
        kv.put("app", m("a", 1));
        kv.put("app", m("a", 2));
        assertThatThrownBy(() -> kv.putCas("app", m("a", 3), 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter did not match the current version");
        assertThatThrownBy(() -> kv.putCas("app", m("a", 3), -1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter did not match the current version");
        assertThat(kv.putCas("app", m("a", 3), "2").data()).containsEntry("version", 3L);
    }

    @Test
    void cas_unparsable_is400() {
        assertThatThrownBy(() -> kv.putCas("app", m("a", 1), "x"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("error parsing check-and-set parameter");
        assertThatThrownBy(() -> kv.putCas("app", m("a", 1), List.of(1)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("error parsing check-and-set parameter");
    }

    @Test
    void casRequired_onMount_refusesWriteWithoutCas() {
        kv.write("config", m("cas_required", true));
        assertThatThrownBy(() -> kv.put("app", m("a", 1)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter required for this call");
        assertThat(kv.putCas("app", m("a", 1), 0).data()).containsEntry("version", 1L);
    }

    @Test
    void casRequired_onKey_refusesWriteAndPatchWithoutCas() {
        kv.put("app", m("a", 1));
        kv.write("metadata/app", m("cas_required", true));
        assertThatThrownBy(() -> kv.put("app", m("a", 2)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter required for this call");
        assertThatThrownBy(() -> kv.call(Operation.PATCH, "data/app", m("data", m("b", 1))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("check-and-set parameter required for this call");
        assertThat(kv.call(Operation.PATCH, "data/app", m("data", m("b", 1), "options", m("cas", 1))).data())
                .containsEntry("version", 2L);
    }

    @Test
    void maxVersions_default10_prunesOldestAndAdvancesOldestVersion() {
        for (int i = 1; i <= 9; i++) {
            kv.put("app", m("i", i));
        }
        assertThat(kv.read("metadata/app").data()).containsEntry("oldest_version", 0L);
        kv.put("app", m("i", 10));
        assertThat(kv.read("metadata/app").data()).containsEntry("oldest_version", 1L);
        kv.put("app", m("i", 11));

        Map<String, Object> meta = kv.read("metadata/app").data();
        assertThat(meta).containsEntry("current_version", 11L).containsEntry("oldest_version", 2L);
        assertThat(map(meta.get("versions"))).hasSize(10).doesNotContainKey("1").containsKeys("2", "11");
        assertThat(kv.call(Operation.READ, "data/app", Map.of("version", "1"))).isNull();
        assertThat(map(kv.call(Operation.READ, "data/app", Map.of("version", "2")).data().get("data")))
                .isEqualTo(m("i", 2));
    }

    @Test
    void maxVersions_largerOfKeyAndMount_andLoweringPrunesSeveral() {
        kv.write("config", m("max_versions", 2));
        kv.write("metadata/app", m("max_versions", 4));
        for (int i = 1; i <= 5; i++) {
            kv.put("app", m("i", i));
        }
        assertThat(map(kv.read("metadata/app").data().get("versions")).keySet())
                .containsExactlyInAnyOrder("2", "3", "4", "5");
        kv.write("metadata/app", m("max_versions", 1));
        kv.put("app", m("i", 6));
        Map<String, Object> meta = kv.read("metadata/app").data();
        assertThat(map(meta.get("versions")).keySet()).containsExactlyInAnyOrder("5", "6");
        assertThat(meta).containsEntry("oldest_version", 5L);
    }

    @Test
    void deletedVersion_readIs404WithDataNullAndMetadata() {
        kv.put("app", m("a", 1));
        kv.clock.advance(Duration.ofSeconds(5));
        assertThat(kv.call(Operation.DELETE, "data/app", Map.of())).isNull();

        Response r = kv.read("data/app");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("data", null);
        assertThat(map(r.data().get("metadata"))).isEqualTo(m("created_time", T0, "custom_metadata", null,
                "deletion_time", "2024-05-06T07:08:14.123456789Z", "destroyed", false, "version", 1L));
    }

    @Test
    void delete_onlyLatest_andAbsentIsStill204() {
        kv.put("app", m("a", 1));
        kv.put("app", m("a", 2));
        kv.call(Operation.DELETE, "data/app", Map.of());
        assertThat(kv.call(Operation.READ, "data/app", Map.of("version", "1")).status()).isZero();
        assertThat(kv.read("data/app").status()).isEqualTo(404);
        assertThat(kv.call(Operation.DELETE, "data/never", Map.of())).isNull();
    }

    @Test
    void deleteVersionAfter_stampsFutureDeletion_thenReadsAsDeleted() {
        kv.write("config", m("delete_version_after", "1h"));
        kv.write("metadata/app", m("delete_version_after", "30m"));
        Response w = kv.put("app", m("a", 1));
        assertThat(w.data()).containsEntry("deletion_time", "2024-05-06T07:38:09.123456789Z");
        assertThat(kv.read("data/app").status()).isZero();

        kv.clock.advance(Duration.ofMinutes(30));

        Response r = kv.read("data/app");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("data", null);
    }

    @Test
    void deleteVersionAfter_disabledOnMount_stampsNothing() {
        kv.write("config", m("delete_version_after", -1));
        kv.write("metadata/app", m("delete_version_after", "30m"));
        assertThat(kv.put("app", m("a", 1)).data()).containsEntry("deletion_time", "");
        assertThat(kv.read("config").data()).containsEntry("delete_version_after", "-1s");
    }

    @Test
    void patch_mergesPerRfc7386_asNewVersion() {
        kv.put("app", m("keep", "k", "drop", "d", "obj", m("x", 1, "y", 2)));

        Response r = kv.call(Operation.PATCH, "data/app", m("data", m("drop", null, "obj", m("y", null, "z", 3),
                "add", List.of(1))));

        assertThat(r.data()).containsEntry("version", 2L);
        assertThat(map(kv.read("data/app").data().get("data")))
                .isEqualTo(m("keep", "k", "obj", m("x", 1, "z", 3), "add", List.of(1)));
        assertThat(map(kv.call(Operation.READ, "data/app", Map.of("version", "1")).data().get("data")))
                .containsEntry("drop", "d");
    }

    @Test
    void patch_absentKey_is404WithoutData() {
        Response r = kv.call(Operation.PATCH, "data/none", m("data", m("a", 1)));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).isNull();
    }

    @Test
    void patch_deletedLatest_is404WithFlatVersionMetadata() {
        kv.put("app", m("a", 1));
        kv.call(Operation.DELETE, "data/app", Map.of());

        Response r = kv.call(Operation.PATCH, "data/app", m("data", m("a", 2)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("version", 1L).containsEntry("deletion_time", T0)
                .doesNotContainKey("data");
    }

    @Test
    void patch_withoutData_is400() {
        kv.put("app", m("a", 1));
        assertThatThrownBy(() -> kv.call(Operation.PATCH, "data/app", m("options", m())))
                .isInstanceOf(InvalidRequestException.class).hasMessage("no data provided");
    }

    @Test
    void subkeys_replaceLeavesWithNull_andDepthCuts() {
        kv.put("app", m("a", "1", "b", m("c", m("d", 1), "e", m()), "f", List.of(1)));

        Response all = kv.read("subkeys/app");
        assertThat(map(all.data().get("subkeys")))
                .isEqualTo(m("a", null, "b", m("c", m("d", null), "e", null), "f", null));
        assertThat(map(all.data().get("metadata"))).containsEntry("version", 1L);

        Response one = kv.call(Operation.READ, "subkeys/app", Map.of("depth", "1"));
        assertThat(map(one.data().get("subkeys"))).isEqualTo(m("a", null, "b", null, "f", null));
        Response two = kv.call(Operation.READ, "subkeys/app", Map.of("depth", "2"));
        assertThat(map(two.data().get("subkeys"))).isEqualTo(m("a", null, "b", m("c", null, "e", null), "f", null));
    }

    @Test
    void subkeys_destroyedVersion_is404WithMetadata_absentIsNull() {
        kv.put("app", m("a", 1));
        kv.write("destroy/app", m("versions", List.of(1)));
        Response r = kv.read("subkeys/app");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("subkeys", null);
        assertThat(map(r.data().get("metadata"))).containsEntry("destroyed", true);
        assertThat(kv.read("subkeys/none")).isNull();
    }

    @Test
    void exists_onDataAndMetadataPaths() {
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "data/app", Map.of()))).contains(false);
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "metadata/app", Map.of())))
                .contains(false);
        kv.put("app", m("a", 1));
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "data/app", Map.of()))).contains(true);
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "metadata/app", Map.of())))
                .contains(true);
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "destroy/app", Map.of()))).isEmpty();
        assertThat(kv.backend.exists(KvFixture.request(Operation.UPDATE, "config", Map.of()))).isEmpty();
    }

    @Test
    void values_surviveNewBackendOverSameView() {
        kv.put("app", m("big", 12345678901234567890.5, "n", 9007199254740993L, "s", "é"));
        kv.backend = kv.backendOver(kv.view, 2);
        Map<String, Object> data = map(kv.read("data/app").data().get("data"));
        assertThat(data.get("n")).isEqualTo(9007199254740993L);
        assertThat(data.get("s")).isEqualTo("é");
        assertThat(((Number) data.get("big")).doubleValue()).isEqualTo(12345678901234567890.5);
    }
}
