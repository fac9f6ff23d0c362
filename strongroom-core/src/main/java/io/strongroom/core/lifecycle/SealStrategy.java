package io.strongroom.core.lifecycle;

import io.strongroom.seal.SealSet;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * What differs between seals, kept in one place so the lifecycle ({@link CoreLifecycle}) never asks which seal it
 * runs: how init protects the root key and which shares it hands out, where the operators' share configuration
 * lives, whether the server can open itself, and what a combined set of shares means (the KEK that opens the
 * root key under shamir; an authorization under an auto seal, whose root key still comes from KMS).
 *
 * <p>Built by {@link SealStrategies#create} from the configured type. An auto seal holds a {@link SealSet}: one
 * seal, several (Seal HA), or the new seal with the old one reading (seal migration), without a branch here.
 * Immutable and thread-safe; the lifecycle calls the package-private steps under its own lock.
 */
public abstract sealed class SealStrategy permits ShamirSealStrategy, AutoSealStrategy {

    SealStrategy() {
    }

    /** The seal type as Vault names it: {@code shamir}, {@code awskms}. */
    public abstract String type();

    /**
     * The auto seals that wrap the stored keys and seal-wrapped values; empty for shamir. Seal wrapping and
     * rewrap use them.
     */
    public abstract Optional<SealSet> seals();

    /** Whether the server can unseal itself with the stored keys (an auto seal), so an unseal loop is worth running. */
    public abstract boolean unsealsItself();

    /** The type of the recovery seal for {@code sys/seal-status}, or null when the seal has no recovery keys. */
    abstract String recoverySealType();

    /** The share configurations an init request asks for, checked against what this seal accepts. */
    abstract InitConfigs initConfigs(InitRequest req);

    /** Where the configuration of the shares operators hold is stored. */
    abstract String sharesConfigPath();

    /**
     * Every seal operation of init (KMS calls included) before anything is written.
     *
     * @param rootKey the new root key; not retained
     */
    abstract PreparedInit prepareInit(byte[] rootKey, InitConfigs configs, StoredKeys keys, SecureRandom random);

    /** The seal's own init writes besides the root key blob (recovery config and key for an auto seal). */
    abstract void writeInitEntries(StoredKeys keys, InitConfigs configs, PreparedInit prepared);

    /**
     * The keys that open the barrier without shares (auto-unseal).
     *
     * @throws IllegalStateException for a seal that cannot unseal itself
     */
    abstract KeyReader.UnsealKeys storedKeys(KeyReader reader);

    /**
     * The keys that open the barrier, given the secret the submitted shares combined into.
     *
     * @throws io.strongroom.base.InvalidRequestException when the shares are wrong
     */
    abstract KeyReader.UnsealKeys keysFromShares(byte[] combined, KeyReader reader, StoredKeys keys,
            SecureRandom random);

    /** Runs after the barrier opened with {@code k} (an auto seal re-wraps stored keys whose KMS key moved). */
    abstract void afterOpen(StoredKeys keys, KeyReader.UnsealKeys k);

    /** For log lines: "shamir" or "auto seal awskms, key arn:...". */
    abstract String describe();

    /**
     * The sealed results of an init's seal operations; {@link #close()} wipes the second key.
     *
     * @param sealedRootKey the blob for {@code core/hsm/barrier-unseal-keys}
     * @param sealedRecoveryKey the blob for {@code core/recovery-key}, or null
     * @param unsealShares the shamir shares, empty under an auto seal
     * @param recoveryShares the recovery shares, empty under shamir
     * @param secondKey the recovery key or the shamir KEK (wiped by close), or null
     */
    record PreparedInit(byte[] sealedRootKey, byte[] sealedRecoveryKey, List<byte[]> unsealShares,
            List<byte[]> recoveryShares, byte[] secondKey) implements AutoCloseable {
        @Override
        public void close() {
            if (secondKey != null) {
                java.util.Arrays.fill(secondKey, (byte) 0);
            }
        }
    }
}
