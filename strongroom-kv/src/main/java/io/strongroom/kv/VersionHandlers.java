package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * KV v2 {@code delete/<key>}, {@code undelete/<key>} and {@code destroy/<key>} with {@code versions} as a list or a
 * comma-separated string (vault-compat: dataplane spec 5.2, 5.3). Unknown versions are skipped; the answer is
 * always 204.
 */
final class VersionHandlers {

    // vault-compat: the capital N of the first two and the lower-case n of the third are Vault's own.
    static final String NO_VERSION_DELETE = "No version number provided";
    static final String NO_VERSION_UNDELETE = "No version number provided";
    static final String NO_VERSION_DESTROY = "no version number provided";

    private final KvStore store;
    private final Clock clock;

    VersionHandlers(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Soft-deletes the given versions (those not already deleted or destroyed). */
    Response delete(String key, Map<String, Object> body) {
        List<Long> versions = versions(body, NO_VERSION_DELETE);
        return change(key, versions, (v, now) -> v.unreadableAt(now) ? v : v.withDeletionTime(now));
    }

    /**
     * Clears the deletion of the given versions (not destroyed ones); a mount or key {@code delete_version_after}
     * sets a new deadline counted from now.
     */
    Response undelete(String key, Map<String, Object> body) {
        List<Long> versions = versions(body, NO_VERSION_UNDELETE);
        KvConfig config = store.config();
        return store.locked(key, () -> {
            KeyRecord record = store.get(key);
            if (record == null) {
                return null;
            }
            Instant deadline = V2Support.deletionTime(clock.instant(), config, record);
            store.put(key, apply(record, versions, v -> v.destroyed() ? v : v.withDeletionTime(deadline)));
            return null;
        });
    }

    /** Permanently removes the data of the given versions; their metadata stays, marked destroyed. */
    Response destroy(String key, Map<String, Object> body) {
        List<Long> versions = versions(body, NO_VERSION_DESTROY);
        return change(key, versions, (v, now) -> v.destroyed() ? v : v.destroy());
    }

    private Response change(String key, List<Long> versions, BiFunction<VersionEntry, Instant, VersionEntry> f) {
        return store.locked(key, () -> {
            KeyRecord record = store.get(key);
            if (record == null) {
                return null;
            }
            Instant now = clock.instant();
            store.put(key, apply(record, versions, v -> f.apply(v, now)));
            return null;
        });
    }

    private static KeyRecord apply(KeyRecord record, List<Long> numbers,
            java.util.function.UnaryOperator<VersionEntry> f) {
        TreeMap<Long, VersionEntry> versions = new TreeMap<>(record.versions());
        for (long n : numbers) {
            VersionEntry v = versions.get(n);
            if (v != null) {
                versions.put(n, f.apply(v));
            }
        }
        return record.withVersions(versions);
    }

    private static List<Long> versions(Map<String, Object> body, String emptyMessage) {
        List<Long> versions = Params.versions(body, "versions");
        if (versions.isEmpty()) {
            throw new InvalidRequestException(emptyMessage);
        }
        return versions;
    }
}
