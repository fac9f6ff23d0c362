package io.strongroom.seal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * The shamir seal's wrapper: AES-256-GCM under a key-encryption key (KEK) that exists only while an operator's
 * unseal key shares have been combined. It protects the stored root key at {@code core/hsm/barrier-unseal-keys},
 * the same place the auto seal uses, so both seals share one unseal path (vault-compat: Vault ≥1.3 stores the
 * root key under the Shamir KEK the same way).
 *
 * <p>Blob: {@link BlobInfo} with {@code ciphertext} = GCM output, {@code iv} = 12-byte nonce, and key info
 * {mechanism 0, key_id "shamir"}. Immutable and thread-safe; a new instance per combined KEK.
 */
public final class ShamirKeyWrapper implements KeyWrapper {

    public static final String TYPE = "shamir";
    private final byte[] kek;
    private final SecureRandom random;

    public ShamirKeyWrapper(byte[] kek, SecureRandom random) {
        if (Objects.requireNonNull(kek, "kek").length != 32) {
            throw new IllegalArgumentException("the shamir key must be 32 bytes");
        }
        this.kek = kek.clone();
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String keyId() {
        return TYPE;
    }

    @Override
    public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        try {
            return new BlobInfo(AesGcm.encrypt(kek, iv, aad, plaintext), iv, new KeyInfo(0, TYPE, new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    @Override
    public byte[] decrypt(BlobInfo blob, byte[] aad) {
        try {
            return AesGcm.decrypt(kek, blob.iv(), aad, blob.ciphertext());
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException("the unseal key does not open the stored root key", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DecryptionFailedException("malformed stored root key", e);
        }
    }


    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    /** Best-effort wipe of the KEK; the instance is unusable afterwards. */
    public void destroy() {
        Arrays.fill(kek, (byte) 0);
    }

    @Override
    public String toString() {
        return "ShamirKeyWrapper[kek=********]";
    }
}
