package io.strongroom.barrier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The barrier's value format, byte for byte. // vault-compat: Vault's {@code AESGCMBarrier} (vault-seal-spec 4.2):
 *
 * <pre>
 * offset  size  field
 * 0       4     term, unsigned big-endian: which keyring key encrypted this value
 * 4       1     version: 0x01 legacy (no associated data) or 0x02 (the storage path is the associated data)
 * 5       12    nonce, random per value
 * 17      n+16  AES-256-GCM ciphertext of the n plaintext bytes, then the 16-byte tag
 * </pre>
 *
 * We write only version 2 and read both. With version 2 the UTF-8 bytes of the storage path are the GCM associated
 * data, so a value copied to another path fails to authenticate; an empty path means no associated data. The term
 * and version bytes are not authenticated themselves, but changing either selects another key or drops the
 * associated data, so the tag check fails all the same.
 *
 * <p>Random 96-bit nonces are safe for about 2^32 encryptions per key. The keyring records Vault's rotation
 * limit ({@link RotationConfig#MAX_OPERATIONS}), but this version does not count encryptions or rotate by itself
 * yet: {@link Barrier#rotate()} is there for an operator-driven rotation, far below that limit in practice.
 */
final class BarrierCiphertext {

    static final byte VERSION_1 = 1;
    static final byte VERSION_2 = 2;
    static final int HEADER_SIZE = 5;
    static final int NONCE_SIZE = 12;
    static final int TAG_SIZE = 16;
    static final int MIN_SIZE = HEADER_SIZE + NONCE_SIZE + TAG_SIZE;

    private BarrierCiphertext() {
    }

    /** Encrypts {@code plaintext} as version 2 under {@code key}, writing {@code term} into the header. */
    static byte[] encrypt(int term, byte[] key, String path, byte[] plaintext, SecureRandom random) {
        byte[] out = new byte[MIN_SIZE + plaintext.length];
        ByteBuffer.wrap(out).putInt(term).put(VERSION_2);
        byte[] nonce = new byte[NONCE_SIZE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER_SIZE, NONCE_SIZE);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_SIZE * 8, nonce));
            addPath(gcm, path);
            gcm.doFinal(plaintext, 0, plaintext.length, out, HEADER_SIZE + NONCE_SIZE);
            return out;
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every JDK; reaching this is a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Reads the term of a value without decrypting it.
     *
     * @throws BarrierDecryptionException if the value is too short to be a barrier value
     */
    static int term(byte[] value) {
        if (value.length < MIN_SIZE) {
            throw new BarrierDecryptionException("barrier value too short");
        }
        return ByteBuffer.wrap(value).getInt();
    }

    /**
     * Decrypts a value with {@code key}, ignoring its term (the caller chose the key from it).
     *
     * @throws BarrierDecryptionException if the value is too short, has an unknown version, or does not authenticate
     */
    static byte[] decrypt(byte[] key, String path, byte[] value) {
        if (value.length < MIN_SIZE) {
            throw new BarrierDecryptionException("barrier value too short");
        }
        byte version = value[4];
        if (version != VERSION_1 && version != VERSION_2) {
            // vault-compat: Vault's message for an unknown version byte.
            throw new BarrierDecryptionException("version bytes mis-match");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_SIZE * 8, value, HEADER_SIZE, NONCE_SIZE));
            if (version == VERSION_2) {
                addPath(gcm, path);
            }
            int offset = HEADER_SIZE + NONCE_SIZE;
            return gcm.doFinal(value, offset, value.length - offset);
        } catch (GeneralSecurityException e) {
            throw new BarrierDecryptionException("barrier value failed to decrypt", e);
        }
    }

    private static void addPath(Cipher gcm, String path) {
        if (!path.isEmpty()) {
            gcm.updateAAD(path.getBytes(StandardCharsets.UTF_8));
        }
    }
}
