package io.strongroom.token;

import io.strongroom.barrier.BarrierStorage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token store's salt and Vault's SaltID (vault-compat: dataplane spec 2.5, Vault's {@code salt.Salt}). The salt
 * is a random UUID string kept at {@code salt} in the store's view, made on first use. {@code SaltID(id)} is
 * {@code "h" + hex(HMAC-SHA256(key = salt, id))} for ids containing a {@code .} (every generated {@code hvs.} token)
 * and {@code hex(SHA1(salt + id))} otherwise (accessors, custom ids), so a store written here keeps Vault's keys.
 *
 * <p>Thread-safe.
 */
final class TokenSalt {

    static final String PATH = "salt";

    private final BarrierStorage view;
    private final SecureRandom random;
    private volatile String salt;

    TokenSalt(BarrierStorage view, SecureRandom random) {
        this.view = view;
        this.random = random;
    }

    /** The SaltID of a token id or an accessor. */
    String saltId(String id) {
        String s = salt();
        byte[] saltBytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        try {
            if (id.indexOf('.') >= 0) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(saltBytes, "HmacSHA256"));
                return "h" + HexFormat.of().formatHex(mac.doFinal(idBytes));
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(saltBytes);
            return HexFormat.of().formatHex(sha1.digest(idBytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks HmacSHA256 or SHA-1", e);
        }
    }

    private String salt() {
        String s = salt;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (salt == null) {
                byte[] stored = view.get(PATH);
                if (stored == null) {
                    String fresh = randomUuid();
                    view.put(PATH, fresh.getBytes(StandardCharsets.UTF_8));
                    salt = fresh;
                } else {
                    salt = new String(stored, StandardCharsets.UTF_8);
                }
            }
            return salt;
        }
    }

    private String randomUuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(hi, lo).toString();
    }
}
