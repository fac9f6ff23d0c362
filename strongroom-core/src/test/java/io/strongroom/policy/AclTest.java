package io.strongroom.policy;

import io.strongroom.logical.Operation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AclTest {

    private static Acl acl(String... texts) {
        return Acl.of(java.util.stream.IntStream.range(0, texts.length)
                .mapToObj(i -> Policy.parse("p" + i, texts[i])).toList());
    }

    // vault-compat: spec 3.7, sorted names, "deny" when nothing, "root" for root.
    @Test
    void capabilities_grantedDeniedRootAndNothing_vaultLists() {
        Acl acl = acl("path \"a/*\" { capabilities = [\"update\", \"read\", \"sudo\", \"list\"] }\n"
                + "path \"a/no\" { capabilities = [\"deny\"] }\npath \"e\" { capabilities = [] }\n");

        assertThat(acl.capabilities("a/b")).containsExactly("list", "read", "sudo", "update");
        assertThat(acl.capabilities("/a/b")).containsExactly("list", "read", "sudo", "update");
        assertThat(acl.capabilities("a/no")).containsExactly("deny");
        assertThat(acl.capabilities("e")).containsExactly("deny");
        assertThat(acl.capabilities("elsewhere")).containsExactly("deny");
        assertThat(Acl.root().capabilities("anything")).containsExactly("root");
    }

    // vault-compat: Vault looks capabilities up as a list, so an exact rule without the trailing slash counts.
    @Test
    void capabilities_pathWithTrailingSlash_usesExactRuleWithout() {
        assertThat(acl("path \"kv/dir\" { capabilities = [\"list\"] }").capabilities("kv/dir/"))
                .containsExactly("list");
    }

    @Test
    void evaluate_mergedRule_namesEveryGrantingPolicy() {
        Acl acl = acl("path \"x\" { capabilities = [\"read\"] }", "path \"x\" { capabilities = [\"read\", \"update\"] }");

        assertThat(acl.evaluate(Operation.READ, "x", null).grantingPolicies()).containsExactly("p0", "p1");
        assertThat(acl.evaluate(Operation.UPDATE, "x", null).grantingPolicies()).containsExactly("p1");
        assertThat(acl.evaluate(Operation.DELETE, "x", null).grantingPolicies()).isEmpty();
        assertThat(Acl.root().evaluate(Operation.DELETE, "x", null).grantingPolicies()).containsExactly("root");
    }

    // vault-compat: spec 3.2, merged min/max wrapping TTL: the smaller value.
    @Test
    void evaluate_mergedWrappingTtls_smallerWins() {
        Acl acl = acl("path \"w\" { capabilities = [\"read\"]\n min_wrapping_ttl = \"10s\"\n max_wrapping_ttl = \"1h\" }",
                "path \"w\" { capabilities = [\"read\"]\n min_wrapping_ttl = \"5s\"\n max_wrapping_ttl = \"2h\" }");

        Decision d = acl.evaluate(Operation.READ, "w", Map.of());

        assertThat(d.minWrappingTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.maxWrappingTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void evaluate_numericParameterValues_compareByValue() {
        Acl acl = acl("path \"n\" { capabilities = [\"update\"]\n allowed_parameters = { \"ttl\" = [30] } }");

        assertThat(acl.evaluate(Operation.UPDATE, "n", Map.of("ttl", 30)).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.UPDATE, "n", Map.of("ttl", 30.0)).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.UPDATE, "n", Map.of("ttl", 31)).allowed()).isFalse();
        assertThat(acl.evaluate(Operation.UPDATE, "n", Map.of("ttl", "30")).allowed()).isFalse();
    }

    @Test
    void evaluate_noPolicies_deniesEverything() {
        assertThat(Acl.of(List.of()).evaluate(Operation.READ, "sys/policy", null)).isEqualTo(Decision.DENIED);
    }

    // The built-in default policy, as Vault's: lookup-self readable, cubbyhole usable, the rest denied.
    @Test
    void defaultPolicy_grantsVaultsSelfServicePaths() {
        Acl acl = Acl.of(List.of(Policy.parse("default", BuiltinPolicies.DEFAULT_TEXT)));

        assertThat(acl.evaluate(Operation.READ, "auth/token/lookup-self", null).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.UPDATE, "auth/token/renew-self", null).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.UPDATE, "sys/capabilities-self", null).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.CREATE, "cubbyhole/x", null).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.READ, "identity/oidc/provider/p/authorize", null).allowed()).isTrue();
        assertThat(acl.evaluate(Operation.READ, "secret/data/x", null).allowed()).isFalse();
        assertThat(acl.evaluate(Operation.LIST, "sys/policies/acl/", null).allowed()).isFalse();
    }
}
