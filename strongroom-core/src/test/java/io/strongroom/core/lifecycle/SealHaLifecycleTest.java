package io.strongroom.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.seal.TestKms;
import io.strongroom.storage.InmemStorage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Seal HA in the lifecycle: init and unseal with two seals, one down; per-seal health; seal-backend-status. */
class SealHaLifecycleTest {

    private static final CoreLifecycle.Settings SETTINGS = new CoreLifecycle.Settings("t", "", "inmem", "c");
    private final SecureRandom random = new SecureRandom();
    private final InmemStorage disk = new InmemStorage();
    private final TestKms east = new TestKms("arn:east");
    private final TestKms west = new TestKms("arn:west");

    private SealSet pair() {
        return new SealSet(2, List.of(new SealSet.Member("east", 1, east), new SealSet.Member("west", 2, west)),
                List.of(), Clock.systemUTC());
    }

    private CoreLifecycle process(SealSet seals) {
        SealWrapStorage layer = new SealWrapStorage(disk, seals, new SealWrapStorage.Settings(true,
                Set.of("core/keyring"), List.of(), Set.of("core/hsm/barrier-unseal-keys", "core/recovery-key"), 100));
        return new CoreLifecycle(layer, new AesGcmBarrier(layer, random, Clock.systemUTC()),
                SealStrategies.create("awskms", seals), random, Clock.systemUTC(), SETTINGS);
    }

    @Test
    void unseal_firstPrioritySealDown_unsealsWithTheOther() {
        process(pair()).initialize(new InitRequest(null, null, 1, 1, null, null, null));
        east.deny("arn:east");
        CoreLifecycle restarted = process(pair());
        assertThat(restarted.tryAutoUnseal()).isTrue();
        assertThat(restarted.isSealed()).isFalse();
    }

    @Test
    void unseal_everySealDown_staysSealed() {
        process(pair()).initialize(new InitRequest(null, null, 1, 1, null, null, null));
        east.deny("arn:east");
        west.deny("arn:west");
        CoreLifecycle restarted = process(pair());
        try {
            restarted.tryAutoUnseal();
        } catch (RuntimeException expected) {
            // KMS failures surface to the unseal loop, which retries
        }
        assertThat(restarted.isSealed()).isTrue();
    }

    @Test
    void healthChecks_onePerSeal_markTheSet_recoveryRunsTheCatchUp() {
        SealSet seals = pair();
        CoreLifecycle core = process(seals);
        core.initialize(new InitRequest(null, null, 1, 1, null, null, null));
        List<KmsHealthCheck> checks = core.sealHealthChecks();
        assertThat(checks).extracting(KmsHealthCheck::name).containsExactly("east", "west");
        AtomicInteger recovered = new AtomicInteger();
        checks.get(1).onRecovered(recovered::incrementAndGet);

        west.deny("arn:west");
        assertThat(checks.get(1).probe()).isFalse();
        assertThat(seals.isUnhealthy("west")).isTrue();
        SealBackendStatus down = core.sealBackendStatus();
        assertThat(down.healthy()).isFalse();
        assertThat(down.unhealthySince()).isNotNull();
        assertThat(down.backends()).extracting(SealBackendStatus.Backend::name).containsExactly("east", "west");
        assertThat(down.backends().get(1).healthy()).isFalse();
        assertThat(down.backends().get(0).healthy()).isTrue();

        west.allow("arn:west");
        assertThat(checks.get(1).probe()).isTrue();
        assertThat(seals.isUnhealthy("west")).isFalse();
        assertThat(recovered.get()).isEqualTo(1);
        SealBackendStatus up = core.sealBackendStatus();
        assertThat(up.healthy()).isTrue();
        assertThat(up.unhealthySince()).isNull();
        assertThat(up.fullyWrapped()).isTrue();
    }

    @Test
    void healthCheck_sealMarkedByAFailedWrite_probeSuccessCountsAsRecovery() {
        SealSet seals = pair();
        CoreLifecycle core = process(seals);
        AtomicInteger recovered = new AtomicInteger();
        core.sealHealthChecks().get(0).onRecovered(recovered::incrementAndGet);
        seals.markUnhealthy("east"); // a write failed on it before any probe
        assertThat(core.sealHealthChecks().get(0).status().healthy()).isFalse();
        assertThat(core.sealHealthChecks().get(0).probe()).isTrue();
        assertThat(recovered.get()).isEqualTo(1);
        assertThat(seals.isUnhealthy("east")).isFalse();
    }

    @Test
    void singleSeal_oneCheckNamedByType() {
        CoreLifecycle core = process(SealSet.single(east));
        assertThat(core.sealHealthChecks()).hasSize(1);
        assertThat(core.sealHealthChecks().get(0).name()).isEqualTo("testkms");
        assertThat(core.sealBackendStatus().backends()).hasSize(1);
    }

    // vault-compat: vault-seal-spec 6.4, rotating the root or recovery key needs every seal healthy
    @Test
    void rootKeyRotationAndRekey_aSealUnhealthy_refused_thenAllowed() {
        SealSet seals = pair();
        CoreLifecycle core = process(seals);
        core.initialize(new InitRequest(null, null, 1, 1, null, null, null));
        assertThat(core.tryAutoUnseal()).isTrue();
        seals.markUnhealthy("west");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.keyAdmin().rotateRootKey())
                .isInstanceOf(io.strongroom.base.InvalidRequestException.class)
                .hasMessage("Seal HA: root key rotation needs every seal healthy, and [west] is not; try again when "
                        + "sys/seal-backend-status shows healthy");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.keyAdmin().startRekey(KeyAdmin.Target.RECOVERY,
                new KeyAdmin.RekeyRequest(1, 1, List.of(), false, false, null)))
                .hasMessageStartingWith("Seal HA: recovery key rekey needs every seal healthy");
        seals.markHealthy("west");
        core.keyAdmin().rotateRootKey();
        CoreLifecycle restarted = process(pair());
        assertThat(restarted.tryAutoUnseal()).isTrue();
    }
}
