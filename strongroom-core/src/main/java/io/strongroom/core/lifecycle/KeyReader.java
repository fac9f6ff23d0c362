package io.strongroom.core.lifecycle;

import io.strongroom.barrier.BarrierPaths;

import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.BarrierDecryptionException;
import io.strongroom.barrier.InvalidRootKeyException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.ShamirKeyWrapper;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Reads the seal-protected keys and opens the barrier with them, telling damage from a passing failure: a blob
 * that cannot be opened, a key that is missing, a keyring the right root key cannot open are
 * {@link StorageCorruptedException}s naming the entry (never retried); KMS failures pass through as they are
 * (retried by the unseal loop).
 */
final class KeyReader {

    /**
     * The keys that open the barrier, wiped by {@link #close()}: the root key and its blob, and under an auto seal
     * the recovery key and its blob (null otherwise).
     */
    record UnsealKeys(MultiWrapValue rootBlob, byte[] rootKey, MultiWrapValue recoveryBlob, byte[] recoveryKey)
            implements AutoCloseable {
        @Override
        public void close() {
            Arrays.fill(rootKey, (byte) 0);
            if (recoveryKey != null) {
                Arrays.fill(recoveryKey, (byte) 0);
            }
        }
    }

    private final StoredKeys keys;

    KeyReader(StoredKeys keys) {
        this.keys = keys;
    }

    /**
     * The root key and, when one is stored, the recovery key, both unwrapped by the seal: every stored key is
     * checked at unseal, so a damaged recovery key shows now, not at the first recovery operation.
     */
    UnsealKeys readWithSeal(SealSet seals) {
        MultiWrapValue blob = rootBlob();
        byte[] rootKey = corruptionNamed(CorePaths.BARRIER_UNSEAL_KEYS, () -> keys.readRootKey(seals, blob));
        try {
            MultiWrapValue recovery = corruptionNamed(CorePaths.RECOVERY_KEY, keys::recoveryKeyBlob);
            SealConfig recoveryConfig = keys.readConfig(CorePaths.RECOVERY_CONFIG);
            byte[] recoveryKey = null;
            if (recovery != null) {
                recoveryKey = corruptionNamed(CorePaths.RECOVERY_KEY, () -> seals.unwrap(recovery));
            } else if (recoveryConfig != null && recoveryConfig.secretShares() > 0) {
                throw new StorageCorruptedException(CorePaths.RECOVERY_KEY, "the recovery key is missing although "
                        + CorePaths.RECOVERY_CONFIG + " has " + recoveryConfig.secretShares()
                        + " shares; restore it from a backup", null);
            }
            return new UnsealKeys(blob, rootKey, recovery, recoveryKey);
        } catch (RuntimeException e) {
            Arrays.fill(rootKey, (byte) 0);
            throw e;
        }
    }

    /**
     * The root key opened with the shamir key-encryption key the shares combined into.
     *
     * @throws InvalidRequestException when the shares do not open it: under shamir a blob that parses but fails
     *     authentication most likely means wrong shares
     */
    UnsealKeys readWithShamir(byte[] kek, SecureRandom random) {
        MultiWrapValue blob = rootBlob();
        ShamirKeyWrapper shamir = new ShamirKeyWrapper(kek, random);
        try {
            return new UnsealKeys(blob, keys.readRootKey(SealSet.single(shamir), blob), null, null);
        } catch (DecryptionFailedException e) {
            throw new InvalidRequestException("invalid key: the unseal key shares do not open the stored root key", e);
        } finally {
            shamir.destroy();
        }
    }

    /**
     * Unseals the barrier with a root key the seal has authenticated (its blob passed AES-GCM), so a keyring it
     * cannot open is a damaged keyring, not a wrong key.
     */
    static void openBarrier(Barrier barrier, byte[] rootKey) {
        try {
            barrier.unseal(rootKey);
        } catch (InvalidRootKeyException | BarrierDecryptionException e) {
            throw new StorageCorruptedException(BarrierPaths.KEYRING, "the barrier keyring cannot be opened with the "
                    + "root key from " + CorePaths.BARRIER_UNSEAL_KEYS + " ("
                    + (e instanceof InvalidRootKeyException ? "AES-GCM authentication failed" : e.getMessage())
                    + "): it was altered or damaged; restore it from a backup", e);
        }
    }

    private MultiWrapValue rootBlob() {
        MultiWrapValue blob = corruptionNamed(CorePaths.BARRIER_UNSEAL_KEYS, keys::rootKeyBlob);
        if (blob == null) {
            throw new StorageCorruptedException(CorePaths.BARRIER_UNSEAL_KEYS, "the stored root key is missing, "
                    + "so the seal cannot open this initialized store; restore it from a backup", null);
        }
        return blob;
    }

    /** Runs a read of a seal blob, turning "this blob cannot be opened" into damage of the named entry. */
    private static <T> T corruptionNamed(String entry, Supplier<T> read) {
        try {
            return read.get();
        } catch (DecryptionFailedException e) {
            throw new StorageCorruptedException(entry, e.getMessage()
                    + "; the entry was altered or damaged (or wrapped by a KMS key this account cannot use): "
                    + "restore it from a backup", e);
        }
    }
}
