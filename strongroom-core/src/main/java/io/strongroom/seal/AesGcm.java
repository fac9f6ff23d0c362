package io.strongroom.seal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 128-bit tag appended to the ciphertext (Go's {@code Seal} layout, which Vault's blobs use) and
 * optional associated data: the one helper both seal wrappers use. A {@link Cipher} is made per call (about
 * 10 µs): they are not thread-safe, and a seal operation is dominated by its KMS call or its rarity.
 */
public final class AesGcm {

    private AesGcm() {}

    /** Encrypts; {@code aad} null or empty means none. */
    public static byte[] encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        return run(Cipher.ENCRYPT_MODE, key, iv, aad, plaintext);
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws javax.crypto.AEADBadTagException when the ciphertext, tag, iv, key or aad do not match
     */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext) throws GeneralSecurityException {
        return run(Cipher.DECRYPT_MODE, key, iv, aad, ciphertext);
    }

    private static byte[] run(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        return cipher.doFinal(input);
    }
}
