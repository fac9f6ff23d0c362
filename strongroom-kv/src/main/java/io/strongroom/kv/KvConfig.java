package io.strongroom.kv;

/**
 * A KV v2 mount's settings ({@code <mount>/config}).
 *
 * @param maxVersions versions kept per key; 0 means "not set" (then the key's own, or 10)
 * @param casRequired whether every write must carry {@code options.cas}
 * @param deleteVersionAfterSeconds 0 when unset, {@link #DISABLED} when disabled for every key, else seconds
 */
record KvConfig(long maxVersions, boolean casRequired, long deleteVersionAfterSeconds) {

    /** vault-compat: a negative {@code delete_version_after} is stored as -1s and disables it on all keys. */
    static final long DISABLED = -1;

    static final KvConfig DEFAULT = new KvConfig(0, false, 0);

    boolean deleteVersionAfterDisabled() {
        return deleteVersionAfterSeconds == DISABLED;
    }
}
