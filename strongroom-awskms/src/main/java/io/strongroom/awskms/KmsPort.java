package io.strongroom.awskms;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;

/**
 * The narrow view of AWS KMS that the seal needs: three calls, as small records. One adapter implements it over
 * the AWS SDK ({@link SdkKmsPort}); tests use a fake that does real AES-GCM per key id.
 *
 * <p>Implementations are thread-safe. Errors are already translated: a key-service problem is a
 * {@link SealAccessException} with a {@link SealAccessException.Reason} and an actionable message; a ciphertext
 * KMS rejects as invalid is a {@link DecryptionFailedException}.
 */
public interface KmsPort {

    /**
     * KMS {@code Encrypt} under {@code keyId} (key id, key ARN, alias name or alias ARN), no encryption context.
     *
     * @return the key ARN KMS reports (aliases resolved) and the ciphertext blob
     */
    Encrypted encrypt(String keyId, byte[] plaintext);

    /**
     * KMS {@code Decrypt} <em>without</em> a KeyId: KMS finds the key from the ciphertext, so blobs made under
     * rotated or replaced keys keep opening (vault-compat: go-kms-wrapping never sends KeyId on Decrypt).
     *
     * @return the key ARN KMS reports and the plaintext (caller wipes it)
     */
    Decrypted decrypt(byte[] ciphertextBlob);

    /** KMS {@code DescribeKey}: resolves any key identifier to its ARN and reports its state. */
    KeyDescription describeKey(String keyId);

    /** The result of an Encrypt. */
    record Encrypted(String keyArn, byte[] ciphertextBlob) {}

    /** The result of a Decrypt. The plaintext is secret: this record's toString must not show it. */
    record Decrypted(String keyArn, byte[] plaintext) {
        @Override
        public String toString() {
            return "Decrypted[keyArn=" + keyArn + ", plaintext=" + (plaintext == null ? 0 : plaintext.length) + " bytes]";
        }
    }

    /**
     * The parts of DescribeKey the seal uses.
     *
     * @param keyArn the key's ARN
     * @param keyState KMS's KeyState: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable ...
     */
    record KeyDescription(String keyArn, String keyState) {
        /** @return true when the key state is {@code Enabled}, the only state in which the seal can use it */
        public boolean enabled() {
            return "Enabled".equals(keyState);
        }
    }
}
