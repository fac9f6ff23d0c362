package io.strongroom.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SudoPathsTest {

    // vault-compat: spec 3.8.
    @ParameterizedTest
    @CsvSource({"auth/userpass, true", "audit, true", "audit/, true", "audit/file, true", "auditx, false",
            "seal, true", "mounts/secret, false", "policies/acl/x, false", "leases/lookup/x, true",
            "leases/lookup, false", "leases, true", "raw/core/x, true", "config/cors, true"})
    void matches_sysPaths_vaultRootPaths(String path, boolean sudo) {
        assertThat(SudoPaths.matches(SudoPaths.SYS, path)).isEqualTo(sudo);
    }

    @ParameterizedTest
    @CsvSource({"revoke-orphan/x, true", "revoke-orphan, false", "accessors/, true", "create, false"})
    void matches_tokenPaths_vaultRootPaths(String path, boolean sudo) {
        assertThat(SudoPaths.matches(SudoPaths.TOKEN, path)).isEqualTo(sudo);
    }
}
