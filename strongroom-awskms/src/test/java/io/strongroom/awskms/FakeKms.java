package io.strongroom.awskms;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A KMS for unit tests that does real cryptography: every key has one or more AES-256 materials (rotation adds
 * one; old ones keep decrypting), and a ciphertext blob is authenticated, so tamper and wrong-key tests mean
 * something.
 *
 * <p>Ciphertext blob: {@code arnLength (2, BE) | arn (UTF-8) | materialVersion (4, BE) | iv (12) | GCM(ct+tag)}, with
 * the arn and version as associated data. Like real KMS, Decrypt needs no key id: the blob names its key.
 *
 * <p>Errors are the ones {@link SdkKmsPort} produces for the same KMS answers, so wrapper tests see the same types.
 */
public final class FakeKms implements KmsPort {

    private static final String ACCOUNT = "111122223333";
    private final String region;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keysByArn = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public FakeKms() {
        this("us-east-1");
    }

    public FakeKms(String region) {
        this.region = region;
    }

    private static final class Key {
        final String arn;
        final List<byte[]> materials = new ArrayList<>();
        volatile String state = "Enabled";

        Key(String arn) {
            this.arn = arn;
        }
    }

    /** Creates a key and returns its ARN. */
    public String createKey() {
        String arn = "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + UUID.randomUUID();
        Key key = new Key(arn);
        key.materials.add(newMaterial());
        keysByArn.put(arn, key);
        return arn;
    }

    /** Creates or moves {@code alias/NAME} to the key. */
    public void setAlias(String alias, String keyArn) {
        aliases.put(alias, keyArn);
    }

    /** Adds new key material; old ciphertext keeps decrypting (what AWS rotation does). */
    public synchronized void rotate(String keyArn) {
        key(keyArn).materials.add(newMaterial());
    }

    public void setState(String keyArn, String state) {
        key(keyArn).state = state;
    }

    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    @Override
    public Encrypted encrypt(String keyId, byte[] plaintext) {
        count("Encrypt");
        Key key = resolve(keyId, "kms:Encrypt");
        usable(key);
        int version;
        byte[] material;
        synchronized (this) {
            version = key.materials.size() - 1;
            material = key.materials.get(version);
        }
        byte[] arn = key.arn.getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] header = ByteBuffer.allocate(2 + arn.length + 4 + 12)
                .putShort((short) arn.length).put(arn).putInt(version).put(iv).array();
        byte[] ct = gcm(Cipher.ENCRYPT_MODE, material, iv, header, plaintext);
        return new Encrypted(key.arn, ByteBuffer.allocate(header.length + ct.length).put(header).put(ct).array());
    }

    @Override
    public Decrypted decrypt(byte[] blob) {
        count("Decrypt");
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            byte[] arn = new byte[in.getShort()];
            in.get(arn);
            int version = in.getInt();
            byte[] iv = new byte[12];
            in.get(iv);
            byte[] ct = new byte[in.remaining()];
            in.get(ct);
            Key key = keysByArn.get(new String(arn, StandardCharsets.UTF_8));
            if (key == null || version < 0 || version >= key.materials.size()) {
                throw invalidCiphertext(null);
            }
            usable(key);
            byte[] header = new byte[blob.length - ct.length];
            System.arraycopy(blob, 0, header, 0, header.length);
            return new Decrypted(key.arn, gcm(Cipher.DECRYPT_MODE, key.materials.get(version), iv, header, ct));
        } catch (RuntimeException e) {
            if (e instanceof SealAccessException || e instanceof DecryptionFailedException) {
                throw e;
            }
            throw invalidCiphertext(e); // buffer underflow, negative sizes: a malformed blob
        }
    }

    @Override
    public KeyDescription describeKey(String keyId) {
        count("DescribeKey");
        Key key = resolve(keyId, "kms:DescribeKey");
        return new KeyDescription(key.arn, key.state);
    }

    private Key resolve(String keyId, String permission) {
        String arn = keyId;
        if (keyId.startsWith("alias/")) {
            arn = aliases.get(keyId);
        } else if (keyId.startsWith("arn:aws:kms:") && keyId.contains(":alias/")) {
            arn = aliases.get(keyId.substring(keyId.indexOf(":alias/") + 1));
        } else if (!keyId.startsWith("arn:")) {
            arn = "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
        }
        Key key = arn == null ? null : keysByArn.get(arn);
        if (key == null) {
            throw new SealAccessException(SealAccessException.Reason.NOT_FOUND,
                    "AWS KMS key " + keyId + " not found in region " + region + " (" + permission + ")", null);
        }
        return key;
    }

    private static void usable(Key key) {
        if ("Disabled".equals(key.state)) {
            throw new SealAccessException(SealAccessException.Reason.DISABLED, key.arn + " is disabled", null);
        }
        if (!"Enabled".equals(key.state)) {
            throw new SealAccessException(SealAccessException.Reason.INVALID_STATE, key.arn + " is " + key.state, null);
        }
    }

    private Key key(String arn) {
        Key key = keysByArn.get(arn);
        if (key == null) {
            throw new IllegalArgumentException("no such key " + arn);
        }
        return key;
    }

    private void count(String op) {
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
    }

    private byte[] newMaterial() {
        byte[] m = new byte[32];
        random.nextBytes(m);
        return m;
    }

    private static DecryptionFailedException invalidCiphertext(Throwable cause) {
        return new DecryptionFailedException("KMS rejected the ciphertext (InvalidCiphertextException)", cause);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw invalidCiphertext(e);
        }
    }
}
