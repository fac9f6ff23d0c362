package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.SealResponse;
import org.junit.jupiter.api.Test;

/** vault-compat: the real vault-java-driver reads our seal-status and health documents. */
// Vault#seal() is deprecated in favour of sys().seal(); it is the entry point most existing code uses.
@SuppressWarnings("deprecation")
class VaultDriverCompatTest {

    private static Vault client(HttpFixture f) throws Exception {
        return Vault.create(new VaultConfig().address(f.address).token(FakeLifecycle.ROOT_TOKEN)
                .engineVersion(1).openTimeout(5).readTimeout(10).build());
    }

    @Test
    void vaultJavaDriver_readsSealStatusAndHealth_autoSealUnsealed() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            Vault vault = client(f);
            SealResponse seal = vault.seal().sealStatus();
            assertThat(seal.getRestResponse().getStatus()).isEqualTo(200);
            assertThat(seal.getSealed()).isFalse();
            assertThat(seal.getThreshold()).isEqualTo(3L);
            assertThat(seal.getNumberOfShares()).isEqualTo(5L);
            assertThat(seal.getProgress()).isZero();

            HealthResponse health = vault.debug().health();
            assertThat(health.getRestResponse().getStatus()).isEqualTo(200);
            assertThat(health.getInitialized()).isTrue();
            assertThat(health.getSealed()).isFalse();
            assertThat(health.getStandby()).isFalse();
            assertThat(health.getServerTimeUTC()).isEqualTo(1_700_000_000L);
        }
    }

    @Test
    void vaultJavaDriver_readsSealedShamirStatusAndHealth() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            Vault vault = client(f);
            SealResponse seal = vault.seal().sealStatus();
            assertThat(seal.getSealed()).isTrue();
            assertThat(seal.getThreshold()).isEqualTo(3L);

            HealthResponse health = vault.debug().health();
            assertThat(health.getRestResponse().getStatus()).isEqualTo(503);
            assertThat(health.getSealed()).isTrue();
        }
    }
}
