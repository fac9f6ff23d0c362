package io.strongroom.barrier;

/**
 * When the keyring should rotate by itself. Persisted inside the keyring JSON.
 *
 * @param disabled automatic rotation is off
 * @param maxOperations rotate after this many encryptions under one key
 * @param intervalNanos rotate after this age (Go {@code time.Duration}, nanoseconds); 0 means never
 */
public record RotationConfig(boolean disabled, long maxOperations, long intervalNanos) {

    /**
     * About 90% of 2^32 encryptions, the NIST SP 800-38D limit for random 96-bit GCM nonces under one key.
     * // vault-compat: Vault's absoluteOperationMaximum and default (vault-seal-spec 4.4).
     */
    public static final long MAX_OPERATIONS = 3_865_470_566L;

    /** Vault's default for a new keyring: enabled, at most {@link #MAX_OPERATIONS}, no interval. */
    public static RotationConfig defaults() {
        return new RotationConfig(false, MAX_OPERATIONS, 0);
    }
}
