package io.strongroom.awskms;

import io.strongroom.seal.AesGcm;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.KeyInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealAccessException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.AEADBadTagException;

/**
 * The {@code awskms} seal: envelope encryption with a local AES-256-GCM data key wrapped by AWS KMS.
 *
 * <h2>Encrypt (mechanism 1)</h2>
 * A fresh 32-byte data key and 12-byte IV from the injected {@link SecureRandom}; AES-256-GCM over the plaintext
 * with the caller's associated data (none when null); the data key wrapped by KMS {@code Encrypt} under the
 * <em>configured</em> key id (so a moved alias takes effect at once) with no encryption context; the key ARN KMS
 * answered is stored in the blob and becomes {@link #keyId()}. The data key is wiped as soon as it is wrapped
 * (our arrays; the copy inside the JCE's {@code SecretKeySpec} cannot be wiped from Java and is left to the GC).
 * One KMS call per encrypt. Blob layout: {@link BlobInfo}.
 *
 * <h2>Decrypt</h2>
 * Mechanism 1: KMS {@code Decrypt} of the wrapped key <em>without</em> a KeyId, so blobs written under rotated,
 * replaced or re-aliased keys keep opening for as long as those keys stay enabled (the seed's "Key Rotation").
 * Mechanism 0 (legacy, and blobs with no key info): KMS decrypts the ciphertext itself. One KMS call per decrypt.
 *
 * <p>Checks beyond Vault's: KMS's answer must name the key the blob records (ARN, or the bare key UUID older
 * writers stored), so the recorded key id, which rotation decisions trust, cannot be forged; the data key must
 * be 32 bytes (validate every KMS response). Every failure to open is a {@link DecryptionFailedException};
 * KMS being unusable is a {@link SealAccessException}.
 *
 * <p>Thread-safe: no shared mutable state but the atomically replaced current key id ({@link AesGcm} makes a
 * cipher per call: about 10 µs, noise beside a KMS round trip of milliseconds).
 */
public final class AwsKmsKeyWrapper implements KeyWrapper {

    /** The seal type, as Vault names it. */
    public static final String TYPE = "awskms";

    static final int DATA_KEY_BYTES = 32;
    static final int IV_BYTES = 12;

    private final KmsPort kms;
    private final String configuredKeyId;
    private final SecureRandom random;
    private final Map<String, String> metadata;
    private final AtomicReference<String> currentKeyId;

    private AwsKmsKeyWrapper(KmsPort kms, String configuredKeyId, String keyArn, SecureRandom random,
            Map<String, String> metadata) {
        this.kms = kms;
        this.configuredKeyId = configuredKeyId;
        this.random = random;
        this.metadata = metadata;
        this.currentKeyId = new AtomicReference<>(keyArn);
    }

    /**
     * Builds the wrapper after checking the key with {@code DescribeKey}: a bad setup (wrong region, no
     * permission, disabled key) fails here, at start, with a message that says what to do, rather than at the
     * first unseal.
     *
     * @param configuredKeyId key id, key ARN, alias name ({@code alias/x}) or alias ARN
     * @param metadata non-secret facts to report (region, endpoint ...); {@code key_id} is added
     * @throws SealAccessException when the key cannot be described or is not enabled
     */
    public static AwsKmsKeyWrapper create(KmsPort kms, String configuredKeyId, SecureRandom random,
            Map<String, String> metadata) {
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(random, "random");
        if (configuredKeyId == null || configuredKeyId.isBlank()) {
            throw new IllegalArgumentException("kms_key_id is required");
        }
        KmsPort.KeyDescription key = kms.describeKey(configuredKeyId);
        if (!key.enabled()) {
            SealAccessException.Reason reason = "Disabled".equals(key.keyState())
                    ? SealAccessException.Reason.DISABLED
                    : SealAccessException.Reason.INVALID_STATE;
            throw new SealAccessException(reason, "AWS KMS key " + key.keyArn() + " is " + key.keyState()
                    + ": the seal needs an enabled key"
                    + ("PendingDeletion".equals(key.keyState()) ? " (cancel the key deletion, then enable it)" : ""),
                    null);
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        meta.put("key_id", key.keyArn());
        return new AwsKmsKeyWrapper(kms, configuredKeyId, key.keyArn(), random, Map.copyOf(meta));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String keyId() {
        return currentKeyId.get();
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put("key_id", keyId());
        return m;
    }

    @Override
    public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(dataKey);
        random.nextBytes(iv);
        try {
            byte[] ciphertext = AesGcm.encrypt(dataKey, iv, aad, plaintext);
            KmsPort.Encrypted wrapped = kms.encrypt(configuredKeyId, dataKey);
            currentKeyId.set(wrapped.keyArn());
            return new BlobInfo(ciphertext, iv,
                    new KeyInfo(KeyInfo.MECHANISM_ENVELOPE_AES_GCM, wrapped.keyArn(), wrapped.ciphertextBlob()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public byte[] decrypt(BlobInfo blob, byte[] aad) {
        Objects.requireNonNull(blob, "blob");
        KeyInfo info = blob.keyInfo();
        long mechanism = info == null ? KeyInfo.MECHANISM_KMS_DIRECT : info.mechanism();
        if (mechanism == KeyInfo.MECHANISM_KMS_DIRECT) {
            // vault-compat: go-kms-wrapping reads blobs without key info as KMS-direct; no AAD can be bound there.
            if (blob.ciphertext().length == 0) {
                throw new DecryptionFailedException("malformed seal blob: no ciphertext");
            }
            KmsPort.Decrypted direct = kms.decrypt(blob.ciphertext());
            checkRecordedKey(info, direct.keyArn());
            return direct.plaintext();
        }
        if (mechanism != KeyInfo.MECHANISM_ENVELOPE_AES_GCM) {
            throw new DecryptionFailedException("invalid mechanism: " + mechanism);
        }
        if (info.keyId().isEmpty()) {
            // every envelope writer records the key; a blob without one has been altered
            throw new DecryptionFailedException("malformed seal blob: envelope key info has no key id");
        }
        if (info.wrappedKey().length == 0) {
            throw new DecryptionFailedException("malformed seal blob: envelope key info has no wrapped key");
        }
        byte[] iv = blob.iv();
        if (iv.length != IV_BYTES) {
            throw new DecryptionFailedException("malformed seal blob: iv is " + iv.length + " bytes, expected " + IV_BYTES);
        }
        KmsPort.Decrypted unwrapped = kms.decrypt(info.wrappedKey());
        byte[] dataKey = unwrapped.plaintext();
        try {
            checkRecordedKey(info, unwrapped.keyArn());
            if (dataKey == null || dataKey.length != DATA_KEY_BYTES) {
                throw new DecryptionFailedException("KMS returned a data key of "
                        + (dataKey == null ? 0 : dataKey.length) + " bytes, expected " + DATA_KEY_BYTES);
            }
            return AesGcm.decrypt(dataKey, iv, aad, blob.ciphertext());
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException("seal blob failed authentication: tampered, or wrong associated data", e);
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException("seal blob could not be decrypted", e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    /**
     * The blob's recorded key id must be the key KMS actually used. Vault records the ARN; older writers and
     * OpenBao recorded the bare key UUID, the ARN's last segment; an empty id (legacy KMS-direct blobs written
     * before key info existed) is not checked.
     */
    private static void checkRecordedKey(KeyInfo info, String kmsKeyArn) {
        if (info == null || info.keyId().isEmpty()) {
            return;
        }
        String recorded = info.keyId();
        if (recorded.equals(kmsKeyArn) || kmsKeyArn.endsWith(":key/" + recorded)) {
            return;
        }
        throw new DecryptionFailedException("seal blob records key " + recorded + " but KMS decrypted it with "
                + kmsKeyArn + ": the blob was altered");
    }


    @Override
    public String toString() {
        return "AwsKmsKeyWrapper[keyId=" + keyId() + "]";
    }
}
