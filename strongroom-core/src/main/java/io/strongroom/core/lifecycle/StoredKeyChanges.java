package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.InvalidRootKeyException;
import io.strongroom.barrier.KeyringAdmin;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.seal.SealSet;
import io.strongroom.storage.Storage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two multi-write changes of the seal-protected keys, each safe against a crash at any write:
 *
 * <ul>
 *   <li><b>Root-key rotation</b> (auto seal): KMS-wrap the new root key (nothing written yet), write it to
 *       {@link CorePaths#ROOT_KEY_ROTATION}, re-encrypt the keyring with it (the commit), write it to
 *       {@link CorePaths#BARRIER_UNSEAL_KEYS}, remove the pending entry. {@link #finishInterrupted} at the next
 *       unseal lets the keyring decide: the pending key opens it (finish) or not (drop).
 *   <li><b>Recovery-key change</b>: back up the old recovery key blob and config in
 *       {@link CorePaths#RECOVERY_REKEY_BACKUP}, write the new blob and config, remove the backup (the commit, just
 *       before the new shares are handed out). {@link #finishInterrupted} puts a backup found at unseal back.
 * </ul>
 */
final class StoredKeyChanges {

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeyChanges.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final Barrier barrier;
    private final StoredKeys keys;

    StoredKeyChanges(Storage storage, Barrier barrier, StoredKeys keys) {
        this.storage = storage;
        this.barrier = barrier;
        this.keys = keys;
    }

    private KeyringAdmin admin() {
        return keyringAdmin(barrier);
    }

    /** The barrier's keyring operations (root-key rotation); shared with {@link SealMigration}. */
    static KeyringAdmin keyringAdmin(Barrier barrier) {
        if (barrier instanceof KeyringAdmin a) {
            return a;
        }
        throw new IllegalStateException("this barrier cannot rotate its root key");
    }

    /** Rotates the root key under an unsealed barrier; the seal wraps the new key before anything is written. */
    void rotateRootKey(SealSet seal, byte[] newRootKey) {
        byte[] blob = keys.sealRootKey(seal, newRootKey); // KMS Encrypt: a refusal leaves storage untouched
        storage.put(CorePaths.ROOT_KEY_ROTATION, blob);
        admin().rotateRootKey(newRootKey);
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, blob);
        storage.delete(CorePaths.ROOT_KEY_ROTATION);
        LOG.info("core: root key rotated; the new one is wrapped by keys {}", seal.currentKeyIds());
    }

    /** Replaces the recovery key and its config; the old pair is restored at unseal if this is interrupted. */
    void replaceRecoveryKey(SealSet seal, byte[] newRecoveryKey, SealConfig newConfig) {
        byte[] newBlob = seal.wrap(newRecoveryKey).toByteArray(); // KMS first, nothing written yet
        ObjectNode backup = JSON.createObjectNode();
        byte[] oldBlob = storage.get(CorePaths.RECOVERY_KEY);
        backup.put("key", oldBlob == null ? null : Base64.getEncoder().encodeToString(oldBlob));
        backup.set("config", JSON.valueToTree(keys.readConfig(CorePaths.RECOVERY_CONFIG)));
        byte[] backupJson;
        try {
            backupJson = JSON.writeValueAsBytes(backup);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
        storage.put(CorePaths.RECOVERY_REKEY_BACKUP, backupJson);
        try {
            storage.put(CorePaths.RECOVERY_KEY, newBlob);
            keys.writeConfig(CorePaths.RECOVERY_CONFIG, newConfig);
            storage.delete(CorePaths.RECOVERY_REKEY_BACKUP); // the commit
        } catch (RuntimeException e) {
            // the new shares will not be handed out: put the old pair back now, or at the next unseal
            try {
                restoreRecovery(backupJson);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        LOG.info("core: recovery key rekeyed: {} shares, threshold {}", newConfig.secretShares(),
                newConfig.secretThreshold());
    }

    /**
     * Completes or undoes a change a crash interrupted; runs at unseal before the stored keys are read, with the
     * barrier sealed and sealed again on return.
     *
     * @param seal the auto seal, or null (shamir: nothing of this kind can be pending)
     */
    void finishInterrupted(SealSet seal) {
        if (seal == null || !barrier.isSealed()) {
            return;
        }
        byte[] backup = storage.get(CorePaths.RECOVERY_REKEY_BACKUP);
        if (backup != null) {
            restoreRecovery(backup);
        }
        byte[] pending = storage.get(CorePaths.ROOT_KEY_ROTATION);
        if (pending != null) {
            finishRootRotation(seal, pending);
        }
    }

    private void restoreRecovery(byte[] backup) {
        try {
            var node = JSON.readTree(backup);
            var key = node.get("key");
            var config = node.get("config");
            if (key == null || key.isNull()) {
                storage.delete(CorePaths.RECOVERY_KEY);
            } else {
                storage.put(CorePaths.RECOVERY_KEY, Base64.getDecoder().decode(key.asText()));
            }
            if (config == null || config.isNull()) {
                storage.delete(CorePaths.RECOVERY_CONFIG);
            } else {
                keys.writeConfig(CorePaths.RECOVERY_CONFIG, JSON.treeToValue(config, SealConfig.class));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageCorruptedException(CorePaths.RECOVERY_REKEY_BACKUP, "an interrupted recovery rekey "
                    + "left a backup that cannot be read: " + e.getMessage(), e);
        }
        storage.delete(CorePaths.RECOVERY_REKEY_BACKUP);
        LOG.warn("core: an interrupted recovery-key rekey was undone; the previous recovery shares stay valid");
    }

    private void finishRootRotation(SealSet seal, byte[] pending) {
        byte[] newRoot = keys.readRootKey(seal, MultiWrapValue.parseFrom(pending));
        try {
            barrier.unseal(newRoot);
        } catch (InvalidRootKeyException stillOld) {
            storage.delete(CorePaths.ROOT_KEY_ROTATION);
            LOG.warn("core: an interrupted root-key rotation had not re-encrypted the keyring; it was dropped");
            Arrays.fill(newRoot, (byte) 0);
            return;
        }
        try {
            admin().rotateRootKey(newRoot); // rewrites the root-key entry too, which the crash may have missed
            storage.put(CorePaths.BARRIER_UNSEAL_KEYS, pending);
            storage.delete(CorePaths.ROOT_KEY_ROTATION);
            LOG.warn("core: an interrupted root-key rotation was completed");
        } finally {
            Arrays.fill(newRoot, (byte) 0);
            barrier.seal();
        }
    }
}
