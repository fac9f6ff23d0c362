package io.strongroom.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seal HA configuration (issue 10): enable_multiseal, names, priorities, per-seal environment. */
class SealHaConfigTest {

    private static final String INMEM = "storage \"inmem\" {}\n";

    private static ServerConfig load(String text) {
        return ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("ha.hcl", text)), false);
    }

    private static String seal(String name, int priority, String key) {
        return "seal \"awskms\" {\n  name = \"" + name + "\"\n  priority = " + priority + "\n  region = \"us-east-1\"\n"
                + "  kms_key_id = \"" + key + "\"\n}\n";
    }

    @Test
    void twoSeals_enableMultiseal_bothResolvedInPriorityOrder() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("west", 2, "kw") + seal("east", 1, "ke"));
        assertThat(c.enableMultiseal()).isTrue();
        List<SealSelection.HaSeal> ha = SealSelection.haSeals(c, Map.of());
        assertThat(ha).extracting(SealSelection.HaSeal::name).containsExactly("east", "west");
        assertThat(ha.get(0).awskms().kmsKeyId().value()).isEqualTo("ke");
        SealSelection.EffectiveSeal e = SealSelection.effective(c, Map.of());
        assertThat(e.awskms().orElseThrow().kmsKeyId().value()).isEqualTo("ke");
        assertThat(e.reason()).startsWith("Seal HA (enable_multiseal): 2 seals");
    }

    // vault-compat: Vault 1.15's beta switch
    @Test
    void twoSeals_betaEnvInsteadOfConfig_accepted() {
        ServerConfig c = load(INMEM + seal("east", 1, "ke") + seal("west", 2, "kw"));
        assertThat(SealSelection.haSeals(c, Map.of("VAULT_ENABLE_SEAL_HA_BETA", "true"))).hasSize(2);
    }

    // vault-compat: Vault CE's "more than one enabled seal found"
    @Test
    void twoSeals_withoutEnableMultiseal_refusedNamingTheSecondStanza() {
        ServerConfig c = load(INMEM + seal("east", 1, "ke") + seal("west", 2, "kw"));
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ha.hcl:8:1: more than one enabled seal found (the first is awskms at "
                        + "ha.hcl:2:1); set enable_multiseal = true");
    }

    @Test
    void duplicateNames_refusedNamingBoth() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + seal("east", 2, "kw"));
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessage("ha.hcl:9:1: Seal HA: duplicate seal name \"east\" (also at ha.hcl:3:1)");
    }

    @Test
    void missingName_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke")
                + "seal \"awskms\" {\n  priority = 2\n  kms_key_id = \"kw\"\n}\n");
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageStartingWith("ha.hcl:9:1: Seal HA: every seal needs a unique \"name\"");
    }

    @Test
    void missingPriority_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke")
                + "seal \"awskms\" {\n  name = \"west\"\n  kms_key_id = \"kw\"\n}\n");
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageStartingWith("ha.hcl:9:1: Seal HA: seal \"west\" needs a \"priority\"");
    }

    @Test
    void samePriority_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + seal("west", 1, "kw"));
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageContaining("have the same priority 1");
    }

    @Test
    void shamirInSealHa_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + "seal \"shamir\" {}\n");
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageStartingWith("ha.hcl:9:1: seal \"shamir\" cannot be part of Seal HA");
    }

    @Test
    void fourSeals_refusedByTheReader() {
        assertThatThrownBy(() -> load(INMEM + "enable_multiseal = true\n" + seal("a", 1, "ka") + seal("b", 2, "kb")
                + seal("c", 3, "kc") + seal("d", 4, "kd"))).hasMessage("ha.hcl:21:1: at most 3 seal stanzas are allowed");
    }

    @Test
    void sameKeyForTwoSeals_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "k") + seal("west", 2, "k"));
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageContaining("seals \"east\" and \"west\" resolve to the same KMS key");
    }

    // our rule: an un-suffixed key variable applies to the first-priority seal only, never to both
    @Test
    void unsuffixedKeyIdEnv_appliesToFirstSealOnly() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + seal("west", 2, "kw"));
        List<SealSelection.HaSeal> ha = SealSelection.haSeals(c, Map.of("VAULT_AWSKMS_SEAL_KEY_ID", "from-env",
                "AWS_REGION", "eu-west-1"));
        assertThat(ha.get(0).awskms().kmsKeyId().value()).isEqualTo("from-env");
        assertThat(ha.get(0).awskms().region().value()).isEqualTo("eu-west-1");
        assertThat(ha.get(1).awskms().kmsKeyId().value()).isEqualTo("kw");
        assertThat(ha.get(1).awskms().region().value()).isEqualTo("us-east-1");
    }

    // vault-compat: per-seal variables take the _<name> suffix
    @Test
    void suffixedEnv_overridesThatSealOnly_credentialsSharedUnlessSuffixed() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + seal("west", 2, "kw"));
        List<SealSelection.HaSeal> ha = SealSelection.haSeals(c, Map.of(
                "VAULT_AWSKMS_SEAL_KEY_ID_west", "kw2", "AWS_KMS_ENDPOINT_west", "http://127.0.0.1:9",
                "AWS_REGION_west", "us-west-2", "AWS_ACCESS_KEY_ID", "AKIDSHARED", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_ACCESS_KEY_ID_west", "AKIDWEST", "AWS_SECRET_ACCESS_KEY_west", "sw"));
        assertThat(ha.get(0).awskms().kmsKeyId().value()).isEqualTo("ke");
        assertThat(ha.get(0).awskms().accessKey().value()).isEqualTo("AKIDSHARED");
        assertThat(ha.get(1).awskms().kmsKeyId().value()).isEqualTo("kw2");
        assertThat(ha.get(1).awskms().endpoint().value()).isEqualTo("http://127.0.0.1:9");
        assertThat(ha.get(1).awskms().region().value()).isEqualTo("us-west-2");
        assertThat(ha.get(1).awskms().accessKey().value()).isEqualTo("AKIDWEST");
        assertThat(ha.get(1).env()).containsEntry("AWS_SECRET_ACCESS_KEY", "sw");
    }

    @Test
    void oneSealWithEnableMultiseal_isTheUsualSingleSeal() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke"));
        assertThat(SealSelection.haSeals(c, Map.of())).isEmpty();
        assertThat(SealSelection.effective(c, Map.of()).awskms().orElseThrow().kmsKeyId().value()).isEqualTo("ke");
    }

    @Test
    void enableMultiseal_notABoolean_refusedWithPosition() {
        assertThatThrownBy(() -> load(INMEM + "enable_multiseal = 3\n")).hasMessageStartingWith("ha.hcl:2:");
    }

    @Test
    void sealHaTogetherWithADisabledSeal_refused() {
        ServerConfig c = load(INMEM + "enable_multiseal = true\n" + seal("east", 1, "ke") + seal("west", 2, "kw")
                + "seal \"awskms\" {\n  name = \"old\"\n  disabled = \"true\"\n  kms_key_id = \"ko\"\n}\n");
        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .hasMessageStartingWith("ha.hcl:15:1: a disabled seal (a seal migration) and several enabled seals");
    }
}
