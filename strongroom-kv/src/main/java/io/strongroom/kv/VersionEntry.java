package io.strongroom.kv;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a KV v2 secret.
 *
 * @param createdTime when the version was written
 * @param deletionTime when it is (or was) soft-deleted, or null; a past or present deletion time reads as deleted
 * @param destroyed whether its data was permanently removed
 * @param data the secret, or null once destroyed; never shown by {@link #toString()}
 */
record VersionEntry(Instant createdTime, Instant deletionTime, boolean destroyed, Map<String, Object> data) {

    /** Whether a read at {@code now} must answer "deleted or destroyed" (vault-compat: dataplane spec 5.3). */
    boolean unreadableAt(Instant now) {
        return destroyed || (deletionTime != null && !deletionTime.isAfter(now));
    }

    VersionEntry withDeletionTime(Instant t) {
        return new VersionEntry(createdTime, t, destroyed, data);
    }

    VersionEntry destroy() {
        return new VersionEntry(createdTime, deletionTime, true, null);
    }

    @Override
    public String toString() {
        return "VersionEntry[created=" + createdTime + ", deleted=" + deletionTime + ", destroyed=" + destroyed + "]";
    }
}
