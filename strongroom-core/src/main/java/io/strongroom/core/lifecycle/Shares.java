package io.strongroom.core.lifecycle;

import io.strongroom.shamir.Shamir;
import java.security.SecureRandom;
import java.util.List;

/** Splits a key into the shares a {@link SealConfig} asks for. */
final class Shares {

    private Shares() {
    }

    static List<byte[]> split(byte[] key, SealConfig config, SecureRandom random) {
        if (config.secretShares() == 1) {
            return List.of(key.clone()); // vault-compat: one share is the key itself
        }
        return Shamir.split(key, config.secretShares(), config.secretThreshold(), random);
    }
}
