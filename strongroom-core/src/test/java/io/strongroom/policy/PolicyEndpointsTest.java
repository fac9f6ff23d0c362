package io.strongroom.policy;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.storage.InmemStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy store over a real barrier, and the sys endpoints on top (vault-compat: dataplane spec 3.5 to 3.7). */
class PolicyEndpointsTest {

    private static final String RULES = "path \"secret/*\" { capabilities = [\"read\"] }\n";

    private AesGcmBarrier barrier;
    private PolicyStore store;
    private PolicyEndpoints endpoints;

    @BeforeEach
    void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        barrier = new AesGcmBarrier(new InmemStorage(), random, Clock.systemUTC());
        barrier.initialize(key);
        barrier.unseal(key);
        store = new PolicyStore(new BarrierView(barrier, "sys/"));
        store.ensureDefault();
        endpoints = new PolicyEndpoints(store);
    }

    private Response call(Operation op, String rel, Map<String, Object> data) {
        return endpoints.handle(new Request("id", op, "sys/" + rel, "sys/", data, null, false, "127.0.0.1"));
    }

    @Test
    void put_thenBarrierEntry_vaultJsonAtSysPolicyName() {
        call(Operation.UPDATE, "policies/acl/app", Map.of("policy", RULES));

        String stored = new String(barrier.get("sys/policy/app"), StandardCharsets.UTF_8);
        assertThat(stored).isEqualTo("{\"Version\":2,\"Raw\":\"path \\\"secret/*\\\" { capabilities = [\\\"read\\\"] }\\n\","
                + "\"Type\":0,\"Templated\":false}");
    }

    @Test
    void ensureDefault_freshStore_vaultDefaultTextStoredAndTemplated() {
        assertThat(store.get("default")).get().extracting(Policy::raw).isEqualTo(BuiltinPolicies.DEFAULT_TEXT);
        assertThat(new String(barrier.get("sys/policy/default"), StandardCharsets.UTF_8)).contains("\"Templated\":true");
    }

    @Test
    void ensureDefault_editedDefault_kept() {
        store.put("default", RULES);
        store.ensureDefault();

        assertThat(store.get("default")).get().extracting(Policy::raw).isEqualTo(RULES);
    }

    @Test
    void readAcl_existing_nameAndPolicy() {
        call(Operation.UPDATE, "policies/acl/app", Map.of("policy", RULES));

        assertThat(call(Operation.READ, "policies/acl/app", Map.of()).data())
                .containsExactly(Map.entry("name", "app"), Map.entry("policy", RULES));
        assertThat(call(Operation.READ, "policy/app", Map.of()).data())
                .containsExactly(Map.entry("name", "app"), Map.entry("rules", RULES));
    }

    @Test
    void read_missing_nullFor404() {
        assertThat(call(Operation.READ, "policies/acl/nope", Map.of())).isNull();
        assertThat(call(Operation.READ, "policy/nope", Map.of())).isNull();
    }

    @Test
    void read_root_emptyRules() {
        assertThat(call(Operation.READ, "policy/root", Map.of()).data())
                .containsExactly(Map.entry("name", "root"), Map.entry("rules", ""));
    }

    // vault-compat: spec 3.6, the legacy list has keys and policies, root last; the ACL list has keys only.
    @Test
    void list_bothApis_sortedWithRootLast() {
        call(Operation.UPDATE, "policies/acl/zeta", Map.of("policy", RULES));
        call(Operation.UPDATE, "policy/alpha", Map.of("policy", RULES));

        assertThat(call(Operation.LIST, "policies/acl/", Map.of()).data())
                .containsExactly(Map.entry("keys", List.of("alpha", "default", "zeta", "root")));
        Response legacy = call(Operation.READ, "policy", Map.of());
        assertThat(legacy.data()).containsEntry("keys", List.of("alpha", "default", "zeta", "root"))
                .containsEntry("policies", List.of("alpha", "default", "zeta", "root"));
        assertThat(call(Operation.LIST, "policy/", Map.of()).data()).isEqualTo(legacy.data());
    }

    @Test
    void readAclRoot_withoutList_unsupportedOperation() {
        assertThatThrownBy(() -> call(Operation.READ, "policies/acl", Map.of()))
                .isInstanceOf(OperationUnsupportedException.class).hasMessage("unsupported operation");
    }

    @Test
    void put_upperCaseName_lowerCasedWithWarning() {
        Response r = call(Operation.UPDATE, "policies/acl/MyApp", Map.of("policy", RULES));

        assertThat(r.warnings()).containsExactly("policy name was converted to myapp");
        assertThat(store.get("myapp")).isPresent();
        assertThat(store.get(" MYAPP ")).isPresent();
    }

    @Test
    void put_lowerCaseName_noContent() {
        assertThat(call(Operation.CREATE, "policies/acl/app", Map.of("policy", RULES))).isNull();
    }

    @Test
    void put_base64Policy_decodedAndStored() {
        String b64 = Base64.getEncoder().encodeToString(RULES.getBytes(StandardCharsets.UTF_8));

        call(Operation.UPDATE, "policies/acl/b", Map.of("policy", b64));

        assertThat(store.get("b")).get().extracting(Policy::raw).isEqualTo(RULES);
    }

    @Test
    void putLegacy_rulesField_storedWithDeprecationWarning() {
        Response r = call(Operation.UPDATE, "policy/old", Map.of("rules", RULES));

        assertThat(r.warnings()).containsExactly("'rules' is deprecated, please use 'policy' instead");
        assertThat(store.get("old")).get().extracting(Policy::raw).isEqualTo(RULES);
    }

    @Test
    void put_emptyPolicy_vaultMessage() {
        assertThatThrownBy(() -> call(Operation.UPDATE, "policies/acl/x", Map.of("policy", "")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("'policy' parameter not supplied or empty");
        assertThatThrownBy(() -> call(Operation.UPDATE, "policies/acl/x", Map.of("rules", RULES)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("'policy' parameter not supplied or empty");
    }

    @Test
    void put_unparsable_vaultMessageAndNothingStored() {
        assertThatThrownBy(() -> call(Operation.UPDATE, "policies/acl/x",
                Map.of("policy", "path \"a\" { capabilities = [\"fly\"] }")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("failed to parse policy: path \"a\": invalid capability \"fly\"");
        assertThat(barrier.get("sys/policy/x")).isNull();
    }

    // vault-compat: spec 3.5.
    @Test
    void putAndDelete_builtins_vaultMessages() {
        assertThatThrownBy(() -> call(Operation.UPDATE, "policies/acl/root", Map.of("policy", RULES)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("cannot update \"root\" policy");
        assertThatThrownBy(() -> call(Operation.DELETE, "policies/acl/root", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("cannot delete \"root\" policy");
        assertThatThrownBy(() -> call(Operation.DELETE, "policy/default", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("cannot delete default policy");
        assertThat(store.get("default")).isPresent();
    }

    @Test
    void delete_existingAndAbsent_noContentAndGone() {
        call(Operation.UPDATE, "policies/acl/app", Map.of("policy", RULES));

        assertThat(call(Operation.DELETE, "policies/acl/app", Map.of())).isNull();
        assertThat(call(Operation.DELETE, "policies/acl/app", Map.of())).isNull();
        assertThat(call(Operation.READ, "policies/acl/app", Map.of())).isNull();
        assertThat(barrier.get("sys/policy/app")).isNull();
    }

    @Test
    void aclFor_afterUpdate_seesNewRules() {
        store.put("app", RULES);
        assertThat(store.aclFor(List.of("app")).capabilities("secret/x")).containsExactly("read");

        store.put("app", "path \"secret/*\" { capabilities = [\"update\"] }");

        assertThat(store.aclFor(List.of("APP", "unknown")).capabilities("secret/x")).containsExactly("update");
        assertThat(store.aclFor(List.of("app", "root")).isRoot()).isTrue();
    }

    @Test
    void get_afterRestartOnSameBarrier_readsStoredPolicy() {
        store.put("app", RULES);

        PolicyStore reopened = new PolicyStore(new BarrierView(barrier, "sys/"));

        assertThat(reopened.get("app")).get().extracting(Policy::raw).isEqualTo(RULES);
    }

    @Test
    void get_corruptEntry_storageCorrupted() {
        barrier.put("sys/policy/bad", "not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.get("bad")).isInstanceOf(StorageCorruptedException.class)
                .hasMessageStartingWith("storage entry policy/bad: not JSON");
    }

    @Test
    void handle_unknownPath_unsupportedPath() {
        assertThatThrownBy(() -> call(Operation.READ, "policies/egp/x", Map.of()))
                .isInstanceOf(UnsupportedPathException.class);
        assertThat(PolicyEndpoints.serves("policies/acl/x")).isTrue();
        assertThat(PolicyEndpoints.serves("capabilities-self")).isTrue();
        assertThat(PolicyEndpoints.serves("mounts")).isFalse();
    }

    // vault-compat: spec 3.7.
    @Test
    void capabilitiesSelf_paths_perPathAndNoCapabilitiesKey() {
        Acl acl = Acl.of(List.of(Policy.parse("p", RULES)));

        Response r = endpoints.capabilitiesSelf(req(Map.of("paths", List.of("secret/a", "other"))), acl);

        assertThat(r.data()).containsExactly(Map.entry("secret/a", List.of("read")), Map.entry("other", List.of("deny")));
    }

    @Test
    void capabilitiesSelf_onePathDeprecatedField_alsoCapabilities() {
        Response r = endpoints.capabilitiesSelf(req(Map.of("path", "secret/a")), Acl.root());

        assertThat(r.data()).containsExactly(Map.entry("secret/a", List.of("root")),
                Map.entry("capabilities", List.of("root")));
    }

    @Test
    void capabilitiesSelf_commaString_split() {
        Response r = endpoints.capabilitiesSelf(req(Map.of("paths", "a, b")), Acl.of(List.of()));

        assertThat(r.data()).containsOnlyKeys("a", "b");
    }

    @Test
    void capabilitiesSelf_noPaths_vaultMessage() {
        assertThatThrownBy(() -> endpoints.capabilitiesSelf(req(Map.of()), Acl.root()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("paths must be supplied");
        assertThatThrownBy(() -> endpoints.capabilitiesSelf(
                new Request("id", Operation.READ, "sys/capabilities-self", "sys/", Map.of(), null, false, ""),
                Acl.root())).isInstanceOf(OperationUnsupportedException.class);
    }

    private static Request req(Map<String, Object> data) {
        return new Request("id", Operation.UPDATE, "sys/capabilities-self", "sys/", data, null, false, "127.0.0.1");
    }

    @Test
    void aclFor_policyRewrittenOrDeleted_nextAclFollowsIt_notACachedOne() {
        store.put("app", "path \"secret/data/a\" { capabilities = [\"read\"] }");
        List<String> names = List.of("app", "default");
        assertThat(store.aclFor(names).evaluate(Operation.READ, "secret/data/a", Map.of()).allowed()).isTrue();
        assertThat(store.aclFor(names)).as("cached while nothing changes").isSameAs(store.aclFor(names));
        store.put("app", "path \"secret/data/b\" { capabilities = [\"read\"] }");
        assertThat(store.aclFor(names).evaluate(Operation.READ, "secret/data/a", Map.of()).allowed()).isFalse();
        assertThat(store.aclFor(names).evaluate(Operation.READ, "secret/data/b", Map.of()).allowed()).isTrue();
        store.delete("app");
        assertThat(store.aclFor(names).evaluate(Operation.READ, "secret/data/b", Map.of()).allowed()).isFalse();
    }
}
