package io.strongroom.seal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.AEADBadTagException;

/**
 * A KMS-like {@link KeyWrapper} for core tests with real crypto: mechanism-1 envelopes whose data key is
 * AES-GCM-encrypted under a per-key-id master key, the key id carried inside the wrapped key (as KMS infers the
 * key from its ciphertext). The current key can move (an alias re-pointed), a key can be denied (disabled), and
 * transient throttling can be injected. Counts encrypt and decrypt calls ("KMS calls"). Thread-safe.
 */
public final class TestKms implements KeyWrapper {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile String current;
    private final AtomicInteger throttleNext = new AtomicInteger();
    public final AtomicInteger encrypts = new AtomicInteger();
    public final AtomicInteger decrypts = new AtomicInteger();

    public TestKms(String firstKey) {
        moveTo(firstKey);
    }

    /** Points the "alias" at {@code keyId} (created on first use). */
    public void moveTo(String keyId) {
        keys.computeIfAbsent(keyId, k -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return b;
        });
        current = keyId;
    }

    /** Every call that needs {@code keyId} is refused (the key was disabled). */
    public void deny(String keyId) {
        denied.add(keyId);
    }

    /** Undoes {@link #deny}. */
    public void allow(String keyId) {
        denied.remove(keyId);
    }

    /** The next {@code n} calls fail as throttled. */
    public void throttle(int n) {
        throttleNext.set(n);
    }

    public int calls() {
        return encrypts.get() + decrypts.get();
    }

    @Override
    public String type() {
        return "testkms";
    }

    @Override
    public String keyId() {
        return current;
    }

    private void gate(String keyId) {
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SealAccessException(SealAccessException.Reason.THROTTLED, "ThrottlingException", null);
        }
        if (denied.contains(keyId)) {
            throw new SealAccessException(SealAccessException.Reason.DISABLED, "key " + keyId + " is disabled", null);
        }
    }

    @Override
    public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
        encrypts.incrementAndGet();
        String keyId = current;
        gate(keyId);
        try {
            byte[] dek = new byte[32];
            random.nextBytes(dek);
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            byte[] ct = AesGcm.encrypt(dek, iv, aad, plaintext);
            byte[] kiv = new byte[12];
            random.nextBytes(kiv);
            byte[] wrappedDek = AesGcm.encrypt(keys.get(keyId), kiv, null, dek);
            byte[] id = keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] wrapped = new byte[1 + id.length + 12 + wrappedDek.length];
            wrapped[0] = (byte) id.length;
            System.arraycopy(id, 0, wrapped, 1, id.length);
            System.arraycopy(kiv, 0, wrapped, 1 + id.length, 12);
            System.arraycopy(wrappedDek, 0, wrapped, 13 + id.length, wrappedDek.length);
            return new BlobInfo(ct, iv, new KeyInfo(KeyInfo.MECHANISM_ENVELOPE_AES_GCM, keyId, wrapped));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(BlobInfo blob, byte[] aad) {
        decrypts.incrementAndGet();
        byte[] w = blob.keyInfo().wrappedKey();
        String keyId = new String(w, 1, w[0], java.nio.charset.StandardCharsets.UTF_8); // the ciphertext names it
        gate(keyId);
        if (!keys.containsKey(keyId)) {
            // another KMS's ciphertext (a seal in another account or region): refused, as KMS would
            throw new DecryptionFailedException("no key " + keyId + " in this KMS", null);
        }
        try {
            byte[] kiv = Arrays.copyOfRange(w, 1 + w[0], 13 + w[0]);
            byte[] dek = AesGcm.decrypt(keys.get(keyId), kiv, null, Arrays.copyOfRange(w, 13 + w[0], w.length));
            return AesGcm.decrypt(dek, blob.iv(), aad, blob.ciphertext());
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException("authentication failed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }
}
