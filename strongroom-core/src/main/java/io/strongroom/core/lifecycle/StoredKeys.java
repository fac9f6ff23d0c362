package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.CorePaths;
import io.strongroom.base.StrongroomException;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.storage.Storage;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the seal-protected keys in physical storage.
 *
 * <ul>
 *   <li>{@code core/hsm/barrier-unseal-keys}: a {@link BlobInfo} whose plaintext is the JSON array of base64 keys
 *       {@code ["<base64 root key>"]}, always exactly one element (vault-compat: vault-seal-spec 3.1).
 *   <li>{@code core/recovery-key}: a {@link BlobInfo} whose plaintext is the raw 32-byte recovery key.
 * </ul>
 * No associated data, as Vault (the seal layer binds nothing; the barrier binds paths).
 */
final class StoredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Storage storage;

    StoredKeys(Storage storage) {
        this.storage = storage;
    }

    void writeRootKey(KeyWrapper seal, byte[] rootKey) {
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, sealRootKey(seal, rootKey));
    }

    /** The stored-keys blob for {@code rootKey}, not yet written (init seals everything before writing). */
    byte[] sealRootKey(KeyWrapper seal, byte[] rootKey) {
        byte[] json = ("[\"" + Base64.getEncoder().encodeToString(rootKey) + "\"]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return seal.encrypt(json, null).toByteArray();
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /** The stored root key's blob, or null when none is stored. */
    BlobInfo rootKeyBlob() {
        byte[] raw = storage.get(CorePaths.BARRIER_UNSEAL_KEYS);
        return raw == null ? null : BlobInfo.parseFrom(raw);
    }

    byte[] readRootKey(KeyWrapper seal, BlobInfo blob) {
        byte[] json = seal.decrypt(blob, null);
        try {
            List<String> keys = JSON.readValue(json, new TypeReference<List<String>>() {});
            if (keys.size() != 1) {
                throw new DecryptionFailedException("stored keys hold " + keys.size() + " keys, expected exactly 1");
            }
            return Base64.getDecoder().decode(keys.get(0));
        } catch (IOException | IllegalArgumentException e) {
            throw new DecryptionFailedException("stored keys are not a JSON list of base64 keys", e);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /** Writes a blob sealed earlier (init seals everything before its first write). */
    void writeRaw(String path, byte[] blob) {
        storage.put(path, blob);
    }

    void writeRecoveryKey(KeyWrapper seal, byte[] recoveryKey) {
        storage.put(CorePaths.RECOVERY_KEY, seal.encrypt(recoveryKey, null).toByteArray());
    }

    BlobInfo recoveryKeyBlob() {
        byte[] raw = storage.get(CorePaths.RECOVERY_KEY);
        return raw == null ? null : BlobInfo.parseFrom(raw);
    }

    /** Constant-time comparison of a combined recovery key against the stored one. */
    boolean recoveryKeyMatches(KeyWrapper seal, byte[] candidate) {
        BlobInfo blob = recoveryKeyBlob();
        if (blob == null) {
            throw new StrongroomException("no recovery key is stored");
        }
        byte[] stored = seal.decrypt(blob, null);
        try {
            return MessageDigest.isEqual(stored, candidate);
        } finally {
            Arrays.fill(stored, (byte) 0);
        }
    }

    SealConfig readConfig(String path) {
        byte[] raw = storage.get(path);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(raw, SealConfig.class);
        } catch (IOException e) {
            throw new StrongroomException("stored " + path + " is not valid JSON", e);
        }
    }

    void writeConfig(String path, SealConfig config) {
        try {
            storage.put(path, JSON.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new StrongroomException("cannot encode " + path, e);
        }
    }

    /**
     * Re-wraps the stored root key and recovery key when they were written under another KMS key than the
     * current one (an alias moved, or kms_key_id changed), so data follows the current key and the old key can
     * later be retired. Automatic AWS rotation keeps the ARN, so it never triggers this. Each write replaces one
     * entry atomically and the old blob stays valid until then, so a crash between the two leaves keys that still
     * open. Failures only warn (vault-compat: Vault's UpgradeKeys).
     */
    void rewrapIfMoved(KeyWrapper autoSeal, BlobInfo rootBlob, byte[] rootKey, BlobInfo recoveryBlob,
            byte[] recoveryKey) {
        String current = autoSeal.keyId();
        try {
            if (rootBlob.keyInfo() != null && !current.equals(rootBlob.keyInfo().keyId())) {
                writeRootKey(autoSeal, rootKey);
                LOG.info("core: stored root key re-wrapped from key {} to {}", rootBlob.keyInfo().keyId(), autoSeal.keyId());
            }
            if (recoveryBlob != null && recoveryBlob.keyInfo() != null
                    && !current.equals(recoveryBlob.keyInfo().keyId())) {
                writeRecoveryKey(autoSeal, recoveryKey);
                LOG.info("core: recovery key re-wrapped from key {} to {}", recoveryBlob.keyInfo().keyId(),
                        autoSeal.keyId());
            }
        } catch (StrongroomException e) {
            LOG.warn("core: could not re-wrap stored keys under the current seal key: {}", e.getMessage());
        }
    }
}
