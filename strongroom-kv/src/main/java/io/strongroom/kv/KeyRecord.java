package io.strongroom.kv;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything KV v2 keeps about one secret: its metadata and every retained version with its data. Stored as one
 * document (see {@link KvStore}), so every change to a key is one atomic put.
 *
 * @param currentVersion the newest version number, 0 before the first write
 * @param oldestVersion vault-compat: 0 until the first prune, then the oldest version kept (dataplane spec 5.3)
 * @param maxVersions the key's own limit, 0 when unset
 * @param casRequired the key's own {@code cas_required}
 * @param deleteVersionAfterSeconds the key's own {@code delete_version_after}, 0 when unset
 * @param customMetadata null until set
 * @param createdTime when the key was first written (or its metadata created)
 * @param updatedTime when its last version was written
 * @param versions retained versions by number
 */
record KeyRecord(long currentVersion, long oldestVersion, long maxVersions, boolean casRequired,
        long deleteVersionAfterSeconds, Map<String, String> customMetadata, Instant createdTime,
        Instant updatedTime, NavigableMap<Long, VersionEntry> versions) {

    /** vault-compat: the effective limit when neither the key nor the mount sets one ({@code AddVersion}). */
    static final long DEFAULT_MAX_VERSIONS = 10;

    KeyRecord {
        customMetadata = customMetadata == null ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(customMetadata));
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    }

    /** A key with metadata only (created by a metadata write before any data). */
    static KeyRecord empty(Instant now) {
        return new KeyRecord(0, 0, 0, false, 0, null, now, now, new TreeMap<>());
    }

    KeyRecord withVersions(NavigableMap<Long, VersionEntry> v) {
        return new KeyRecord(currentVersion, oldestVersion, maxVersions, casRequired, deleteVersionAfterSeconds,
                customMetadata, createdTime, updatedTime, v);
    }

    KeyRecord withSettings(long max, boolean cas, long dva, Map<String, String> custom) {
        return new KeyRecord(currentVersion, oldestVersion, max, cas, dva, custom, createdTime, updatedTime,
                versions);
    }

    /**
     * Adds {@code entry} as version {@code currentVersion + 1} and drops the versions beyond the effective maximum
     * (vault-compat: the sliding window of Vault's {@code AddVersion}, dataplane spec 5.3).
     */
    KeyRecord addVersion(VersionEntry entry, long mountMaxVersions) {
        long next = currentVersion + 1;
        TreeMap<Long, VersionEntry> v = new TreeMap<>(versions);
        v.put(next, entry);
        long max = Math.max(maxVersions, mountMaxVersions);
        if (max <= 0) {
            max = DEFAULT_MAX_VERSIONS;
        }
        long oldest = oldestVersion;
        if (next - oldest >= max) {
            long lastToDrop = next - max;
            v.headMap(lastToDrop, true).clear();
            oldest = lastToDrop + 1;
        }
        Instant created = createdTime == null ? entry.createdTime() : createdTime;
        return new KeyRecord(next, oldest, maxVersions, casRequired, deleteVersionAfterSeconds, customMetadata,
                created, entry.createdTime(), v);
    }

    @Override
    public String toString() {
        return "KeyRecord[current=" + currentVersion + ", oldest=" + oldestVersion + ", versions="
                + versions.keySet() + "]";
    }
}
