package io.strongroom.barrier;

import java.time.Instant;
import java.util.Objects;

/**
 * One data-encryption key of the keyring: an AES-256 key and the term that names it in every ciphertext.
 * Immutable, except that {@link Keyring#destroy()} zeroes the key bytes when the barrier seals.
 */
public final class BarrierKey {

    /** The only key version Vault has defined. */
    public static final int VERSION = 1;

    private final int term;
    private final int version;
    private final byte[] value;
    private final Instant installTime;
    private final long encryptions;

    /**
     * @param term positive term number
     * @param version key version, {@link #VERSION}
     * @param value 32-byte AES key; copied
     * @param installTime when the key was added
     * @param encryptions how many encryptions were made under it, as last persisted (Vault tracks this for
     *     auto-rotation; 0 if unknown)
     */
    public BarrierKey(int term, int version, byte[] value, Instant installTime, long encryptions) {
        if (term < 1) {
            throw new IllegalArgumentException("term must be positive");
        }
        if (value == null || value.length != 32) {
            throw new IllegalArgumentException("barrier key must be 32 bytes");
        }
        this.term = term;
        this.version = version;
        this.value = value.clone();
        this.installTime = Objects.requireNonNull(installTime, "installTime");
        this.encryptions = encryptions;
    }

    public int term() {
        return term;
    }

    public int version() {
        return version;
    }

    /** A copy of the key bytes. */
    public byte[] value() {
        return value.clone();
    }

    /** The key bytes themselves, for the barrier's hot path; callers must not modify them. */
    byte[] rawValue() {
        return value;
    }

    public Instant installTime() {
        return installTime;
    }

    public long encryptions() {
        return encryptions;
    }

    void destroy() {
        java.util.Arrays.fill(value, (byte) 0);
    }

    @Override
    public String toString() {
        return "BarrierKey{term=" + term + ", installTime=" + installTime + "}"; // never the key bytes
    }
}
