package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static io.strongroom.kv.KvFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// vault-compat: dataplane spec 5.2 and 5.3 (metadata, config, delete/undelete/destroy).
class KvV2MetadataTest {

    private static final String T0 = "2024-05-06T07:08:09.123456789Z";
    private final KvFixture kv = new KvFixture(2);

    @Test
    void metadataRead_allFieldsWithVaultTypes() {
        kv.put("app", m("a", 1));
        kv.clock.advance(Duration.ofSeconds(2));
        kv.put("app", m("a", 2));

        Map<String, Object> d = kv.read("metadata/app").data();

        assertThat(d.keySet()).containsExactly("cas_required", "created_time", "current_version", "custom_metadata",
                "delete_version_after", "max_versions", "oldest_version", "updated_time", "versions");
        assertThat(d).containsEntry("cas_required", false).containsEntry("created_time", T0)
                .containsEntry("current_version", 2L).containsEntry("custom_metadata", null)
                .containsEntry("delete_version_after", "0s").containsEntry("max_versions", 0L)
                .containsEntry("oldest_version", 0L).containsEntry("updated_time", "2024-05-06T07:08:11.123456789Z");
        assertThat(map(d.get("versions"))).containsEntry("1", m("created_time", T0, "deletion_time", "",
                "destroyed", false));
    }

    @Test
    void metadataRead_absent_isNull() {
        assertThat(kv.read("metadata/none")).isNull();
    }

    @Test
    void metadataWrite_createsKeyWithoutVersions_andSetsFields() {
        assertThat(kv.write("metadata/app", m("max_versions", 5, "cas_required", true,
                "delete_version_after", "1h30m", "custom_metadata", m("owner", "ops", "n", 7, "b", true)))).isNull();

        Map<String, Object> d = kv.read("metadata/app").data();
        assertThat(d).containsEntry("max_versions", 5L).containsEntry("cas_required", true)
                .containsEntry("delete_version_after", "1h30m0s").containsEntry("current_version", 0L)
                .containsEntry("created_time", T0).containsEntry("updated_time", T0);
        assertThat(map(d.get("custom_metadata"))).isEqualTo(m("b", "1", "n", "7", "owner", "ops"));
        assertThat(map(d.get("versions"))).isEmpty();
        assertThat(kv.read("data/app")).isNull();
    }

    @Test
    void metadataWrite_noKnownField_createsNothing() {
        assertThat(kv.write("metadata/app", m("other", 1))).isNull();
        assertThat(kv.read("metadata/app")).isNull();
    }

    @Test
    void metadataWrite_customMetadataShownInDataReads() {
        kv.write("metadata/app", m("custom_metadata", m("k", "v")));
        assertThat(kv.put("app", m("a", 1)).data()).containsEntry("custom_metadata", Map.of("k", "v"));
        assertThat(map(kv.read("data/app").data().get("metadata"))).containsEntry("custom_metadata",
                Map.of("k", "v"));
    }

    @Test
    void metadataWrite_casFalseWhileMountRequires_warns() {
        kv.write("config", m("cas_required", true));
        Response r = kv.write("metadata/app", m("cas_required", false));
        assertThat(r.warnings()).containsExactly(
                "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
        assertThat(r.data()).isNull();
    }

    @Test
    void metadataWrite_negativeDeleteVersionAfter_is400() {
        assertThatThrownBy(() -> kv.write("metadata/app", m("delete_version_after", "-5s")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("error converting input -5s for field \"delete_version_after\": cannot provide negative value");
    }

    @Test
    void metadataWrite_badDuration_is400() {
        assertThatThrownBy(() -> kv.write("metadata/app", m("delete_version_after", "soon")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("error converting input soon for field \"delete_version_after\": time: invalid duration \"soon\"");
    }

    @Test
    void customMetadata_tooManyKeys_isMultiErrorText() {
        Map<String, Object> custom = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            custom.put("k" + i, "v");
        }
        assertThatThrownBy(() -> kv.write("metadata/app", m("custom_metadata", custom)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("1 error occurred:\n\t* custom_metadata validation failed: payload must contain at "
                        + "most 64 keys, provided 65\n\n");
    }

    @Test
    void customMetadata_lengthAndPrintability_listsEveryError() {
        String longKey = "k".repeat(129);
        assertThatThrownBy(() -> kv.write("metadata/app", m("custom_metadata",
                m(longKey, "v".repeat(513), "bad\u0001", "ok", "e", ""))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("4 errors occurred:\n"
                        + "\t* custom_metadata validation failed: key \"bad\\x01\" (bad\u0001) contains unprintable characters\n"
                        + "\t* custom_metadata validation failed: length of value for key \"e\" is 0 but must be 0 < len(value) <= 512\n"
                        + "\t* custom_metadata validation failed: length of key \"" + longKey + "\" is 129 but must be 0 < len(key) <= 128\n"
                        + "\t* custom_metadata validation failed: length of value for key \"" + longKey + "\" is 513 but must be 0 < len(value) <= 512\n\n");
    }

    @Test
    void customMetadata_unprintableValue_andNestedValue() {
        assertThatThrownBy(() -> kv.write("metadata/app", m("custom_metadata", m("k", "a\tb"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("1 error occurred:\n\t* custom_metadata validation failed: value for key \"k\" "
                        + "contains unprintable characters\n\n");
        assertThatThrownBy(() -> kv.write("metadata/app", m("custom_metadata", m("k", m("x", 1)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("custom_metadata validation failed: '' expected type 'string', got unconvertible type "
                        + "'map[string]interface {}'");
    }

    @Test
    void metadataPatch_mergesCustomMetadata_andResetsNulls() {
        kv.write("metadata/app", m("max_versions", 3, "custom_metadata", m("a", "1", "b", "2")));

        assertThat(kv.call(Operation.PATCH, "metadata/app", m("custom_metadata", m("a", null, "c", "3"),
                "max_versions", null, "cas_required", true))).isNull();

        Map<String, Object> d = kv.read("metadata/app").data();
        assertThat(map(d.get("custom_metadata"))).isEqualTo(m("b", "2", "c", "3"));
        assertThat(d).containsEntry("max_versions", 0L).containsEntry("cas_required", true);
    }

    @Test
    void metadataPatch_absentKey_is404() {
        Response r = kv.call(Operation.PATCH, "metadata/none", m("max_versions", 1));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).isNull();
    }

    @Test
    void metadataPatch_validatesOnlyNonNullValues() {
        kv.write("metadata/app", m("custom_metadata", m("a", "1")));
        assertThatThrownBy(() -> kv.call(Operation.PATCH, "metadata/app", m("custom_metadata", m("b", ""))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("1 error occurred:\n\t* custom_metadata validation failed: length of value");
    }

    @Test
    void metadataDelete_removesAllVersions() {
        kv.put("app", m("a", 1));
        kv.put("app", m("a", 2));
        assertThat(kv.call(Operation.DELETE, "metadata/app", Map.of())).isNull();
        assertThat(kv.read("metadata/app")).isNull();
        assertThat(kv.read("data/app")).isNull();
        assertThat(kv.view.list(KvStore.METADATA)).isEmpty();
        assertThat(kv.put("app", m("a", 3)).data()).containsEntry("version", 1L);
    }

    @Test
    void metadataList_keysAndFolders_emptyIsNull() {
        kv.put("a", m("v", 1));
        kv.put("b/c", m("v", 1));
        kv.write("metadata/b/d/e", m("max_versions", 2));

        assertThat(kv.call(Operation.LIST, "metadata/", Map.of()).data()).isEqualTo(Map.of("keys",
                List.of("a", "b/")));
        assertThat(kv.call(Operation.LIST, "metadata/b/", Map.of()).data()).isEqualTo(Map.of("keys",
                List.of("c", "d/")));
        assertThat(kv.call(Operation.LIST, "metadata/zzz/", Map.of())).isNull();
    }

    @Test
    void config_defaults_thenWrite_thenRead() {
        assertThat(kv.read("config").data()).isEqualTo(m("cas_required", false, "delete_version_after", "0s",
                "max_versions", 0L));
        assertThat(kv.write("config", m("max_versions", "7", "cas_required", "true",
                "delete_version_after", 90))).isNull();
        assertThat(kv.read("config").data()).isEqualTo(m("cas_required", true, "delete_version_after", "1m30s",
                "max_versions", 7L));
        kv.write("config", m("delete_version_after", "0s"));
        assertThat(kv.read("config").data()).containsEntry("delete_version_after", "0s")
                .containsEntry("max_versions", 7L);
        kv.backend = kv.backendOver(kv.view, 2);
        assertThat(kv.read("config").data()).containsEntry("max_versions", 7L).containsEntry("cas_required", true);
    }

    @Test
    void config_badValues_are400() {
        assertThatThrownBy(() -> kv.write("config", m("max_versions", "many")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("error converting input many for field \"max_versions\": expected an integer");
        assertThatThrownBy(() -> kv.write("config", m("cas_required", "maybe")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("error converting input maybe for field \"cas_required\": expected a boolean");
    }

    @Test
    void deleteVersions_listOrCommaString() {
        for (int i = 1; i <= 3; i++) {
            kv.put("app", m("i", i));
        }
        assertThat(kv.write("delete/app", m("versions", List.of(1, 2)))).isNull();
        assertThat(kv.call(Operation.READ, "data/app", Map.of("version", "1")).status()).isEqualTo(404);
        assertThat(kv.call(Operation.READ, "data/app", Map.of("version", "2")).status()).isEqualTo(404);
        assertThat(kv.read("data/app").status()).isZero();
        kv.write("delete/app", m("versions", "3, 9"));
        assertThat(kv.read("data/app").status()).isEqualTo(404);
    }

    @Test
    void undelete_restoresAndReappliesDeadline() {
        kv.put("app", m("a", 1));
        kv.write("delete/app", m("versions", List.of(1)));
        kv.write("metadata/app", m("delete_version_after", "10m"));
        kv.clock.advance(Duration.ofMinutes(1));

        assertThat(kv.write("undelete/app", m("versions", "1"))).isNull();

        Response r = kv.read("data/app");
        assertThat(r.status()).isZero();
        assertThat(map(r.data().get("data"))).isEqualTo(m("a", 1));
        assertThat(map(r.data().get("metadata"))).containsEntry("deletion_time", "2024-05-06T07:19:09.123456789Z");
    }

    @Test
    void destroy_removesDataForGood_undeleteCannotRestore() {
        kv.put("app", m("secret", "s3cr3t"));
        kv.put("app", m("secret", "other"));
        assertThat(kv.write("destroy/app", m("versions", List.of(1)))).isNull();
        kv.write("undelete/app", m("versions", List.of(1)));

        Response r = kv.call(Operation.READ, "data/app", Map.of("version", "1"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(map(r.data().get("metadata"))).containsEntry("destroyed", true).containsEntry("deletion_time", "");
        assertThat(map(kv.read("metadata/app").data().get("versions")).get("1"))
                .isEqualTo(m("created_time", T0, "deletion_time", "", "destroyed", true));
        // The plaintext is gone from storage, not only hidden.
        assertThat(new String(kv.view.get(KvStore.METADATA + "app"), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("s3cr3t").contains("other");
    }

    @Test
    void versionOps_withoutVersions_are400WithVaultsCapitalization() {
        kv.put("app", m("a", 1));
        assertThatThrownBy(() -> kv.write("delete/app", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("No version number provided");
        assertThatThrownBy(() -> kv.write("undelete/app", m("versions", List.of())))
                .isInstanceOf(InvalidRequestException.class).hasMessage("No version number provided");
        assertThatThrownBy(() -> kv.write("destroy/app", m("versions", "")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("no version number provided");
    }

    @Test
    void versionOps_absentKey_areNull() {
        assertThat(kv.write("delete/none", m("versions", List.of(1)))).isNull();
        assertThat(kv.write("undelete/none", m("versions", List.of(1)))).isNull();
        assertThat(kv.write("destroy/none", m("versions", List.of(1)))).isNull();
        assertThat(kv.read("metadata/none")).isNull();
    }
}
