package io.strongroom.server.core;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.FakeKms;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * The lifecycle tests' common ground: a KMS fake with real AES-GCM and one key behind {@code alias/seal}, the awskms
 * wrapper over it, and a lifecycle over a given storage with the real barrier ("a process": a new one over the same
 * storage is a restart).
 */
final class LifecycleFixture {

    static final String ALIAS = "alias/seal";
    private static final CoreLifecycle.Settings SETTINGS = new CoreLifecycle.Settings("0.1.0", "2026-11-28T00:00:00Z",
            "file", "test-cluster");

    final SecureRandom random = new SecureRandom();
    final FakeKms kms = new FakeKms();
    /** The key {@link #ALIAS} points at first. */
    final String keyArn;

    LifecycleFixture() {
        keyArn = kms.createKey();
        kms.setAlias(ALIAS, keyArn);
    }

    KeyWrapper awskms() {
        return AwsKmsKeyWrapper.create(kms, ALIAS, random, Map.of("region", "us-east-1"));
    }

    /** @param seal the auto seal, or null for shamir */
    CoreLifecycle start(Storage storage, KeyWrapper seal) {
        return new CoreLifecycle(storage, new AesGcmBarrier(storage, random, Clock.systemUTC()),
                seal == null ? SealStrategies.shamir() : SealStrategies.auto(seal), random,
                Clock.systemUTC(), SETTINGS);
    }
}
