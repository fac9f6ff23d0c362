package io.strongroom.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code "hmac-sha256:" + hex(HMAC-SHA256(key = the device's salt, value))} (vault-compat: dataplane spec 6.4).
 * The salt is a secret: never shown.
 */
public final class Hasher {

    public static final String PREFIX = "hmac-sha256:";
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One keyed {@link Mac} per thread: {@code Mac.getInstance} and {@code init} cost more than the hash of a short
     * value, and an audit entry hashes ten or more values (the audit benchmark in {@code docs/benchmarks.md}).
     */
    private final ThreadLocal<Mac> macs;

    public Hasher(String salt) {
        SecretKeySpec key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    public String hash(String value) {
        // doFinal resets the Mac to its keyed initial state, ready for the next value
        return PREFIX + HEX.formatHex(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A copy of {@code value} with every string leaf hashed, in maps and lists at any depth; map keys, numbers,
     * booleans and nulls are kept.
     */
    public Object hashLeaves(Object value) {
        if (value instanceof String s) {
            return hash(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), hashLeaves(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(hashLeaves(v)));
            return out;
        }
        return value;
    }

    @Override
    public String toString() {
        return "Hasher[salt=********]";
    }
}
