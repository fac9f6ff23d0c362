package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.CorePaths;
import io.strongroom.base.StrongroomException;
import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.seal.SealSet;
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
 *   <li>{@code core/hsm/barrier-unseal-keys}: a {@link MultiWrapValue} (a plain BlobInfo for one seal) whose plaintext is the JSON array of base64 keys
 *       {@code ["<base64 root key>"]}, always exactly one element (vault-compat: vault-seal-spec 3.1).
 *   <li>{@code core/recovery-key}: a {@link MultiWrapValue} whose plaintext is the raw 32-byte recovery key.
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

    void writeRootKey(SealSet seals, byte[] rootKey) {
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, sealRootKey(seals, rootKey));
    }

    /** The stored-keys blob for {@code rootKey}, not yet written (init seals everything before writing). */
    byte[] sealRootKey(SealSet seals, byte[] rootKey) {
        byte[] json = ("[\"" + Base64.getEncoder().encodeToString(rootKey) + "\"]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return seals.wrap(json).toByteArray();
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /** The stored root key's blob, or null when none is stored. */
    MultiWrapValue rootKeyBlob() {
        byte[] raw = storage.get(CorePaths.BARRIER_UNSEAL_KEYS);
        return raw == null ? null : MultiWrapValue.parseFrom(raw);
    }

    byte[] readRootKey(SealSet seals, MultiWrapValue blob) {
        byte[] json = seals.unwrap(blob);
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

    void writeRecoveryKey(SealSet seals, byte[] recoveryKey) {
        storage.put(CorePaths.RECOVERY_KEY, seals.wrap(recoveryKey).toByteArray());
    }

    MultiWrapValue recoveryKeyBlob() {
        byte[] raw = storage.get(CorePaths.RECOVERY_KEY);
        return raw == null ? null : MultiWrapValue.parseFrom(raw);
    }

    /** Constant-time comparison of a combined recovery key against the stored one. */
    boolean recoveryKeyMatches(SealSet seals, byte[] candidate) {
        MultiWrapValue blob = recoveryKeyBlob();
        if (blob == null) {
            throw new StrongroomException("no recovery key is stored");
        }
        byte[] stored = seals.unwrap(blob);
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
     * Re-wraps the stored root key and recovery key when they are not wrapped by exactly the current keys of the
     * enabled seals (an alias moved, kms_key_id changed, a seal was added to or removed from a Seal HA set, or a seal
     * was down when they were last written), so data follows the current keys and an old key can later be retired.
     * Automatic AWS rotation keeps the ARN, so it never triggers this. Each write replaces one entry atomically and
     * the old blob stays valid until then, so a crash between the two leaves keys that still open. Failures only
     * warn (vault-compat: Vault's UpgradeKeys).
     */
    void rewrapIfMoved(SealSet seals, MultiWrapValue rootBlob, byte[] rootKey, MultiWrapValue recoveryBlob,
            byte[] recoveryKey) {
        if (seals.enabled().isEmpty()) {
            return; // a migration to shamir: the migration itself rewrites them
        }
        try {
            if (needsRewrap(seals, rootBlob)) {
                writeRootKey(seals, rootKey);
                LOG.info("core: stored root key re-wrapped from {} to {}", keys(rootBlob.keyIds()), ids(seals.currentKeyIds()));
            }
            if (recoveryBlob != null && needsRewrap(seals, recoveryBlob)) {
                writeRecoveryKey(seals, recoveryKey);
                LOG.info("core: recovery key re-wrapped from {} to {}", keys(recoveryBlob.keyIds()),
                        ids(seals.currentKeyIds()));
            }
        } catch (StrongroomException e) {
            LOG.warn("core: could not re-wrap stored keys under the current seal keys: {}", e.getMessage());
        }
    }

    /** "key ARN" for one key, "keys [ARN, ARN]" for several (log lines). */
    private static String keys(List<String> ids) {
        return (ids.size() == 1 ? "key " : "keys ") + ids(ids);
    }

    private static String ids(List<String> ids) {
        return ids.size() == 1 ? ids.get(0) : ids.toString();
    }

    /**
     * Whether a stored-key blob is under other keys than the enabled seals' current ones. A single legacy blob
     * without key info (mechanism 0, from very old writers) names no key and is left as it is.
     */
    static boolean needsRewrap(SealSet seals, MultiWrapValue blob) {
        if (blob.slots().size() == 1 && blob.slots().get(0).keyInfo() == null) {
            return false;
        }
        return !seals.isCurrent(blob.keyIds());
    }
}
