package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KV v2 {@code data/<key>} (read, write, patch, soft delete) and {@code subkeys/<key>} (vault-compat: dataplane
 * spec 5.2, 5.3; behaviours 8 and 9).
 */
final class DataHandlers {

    static final String NO_DATA = "no data provided";
    private static final int NOT_FOUND = 404;

    private final KvStore store;
    private final Clock clock;

    DataHandlers(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reads the current version, or {@code ?version=N}. A never-written key or an unknown version is null
     * (404 {@code {"errors":[]}}); a deleted or destroyed version is a 404 that still carries
     * {@code {"data": null, "metadata": {...}}}.
     */
    Response read(String key, Map<String, Object> params) {
        long wanted = Params.integer(params, "version", 0);
        KeyRecord record = store.get(key);
        if (record == null) {
            return null;
        }
        long number = wanted > 0 ? wanted : record.currentVersion();
        VersionEntry v = record.versions().get(number);
        if (v == null) {
            return null;
        }
        if (v.unreadableAt(clock.instant())) {
            return Response.of(V2Support.readBody("data", null, number, v, record.customMetadata()))
                    .withStatus(NOT_FOUND);
        }
        return Response.of(V2Support.readBody("data", v.data(), number, v, record.customMetadata()));
    }

    /** Writes a new version: {@code {"data": {...}, "options": {"cas": N}}}. */
    Response write(String key, Map<String, Object> body) {
        Map<String, Object> data = Params.map(body, "data");
        if (data == null) {
            throw new InvalidRequestException(NO_DATA);
        }
        Map<String, Object> options = Params.map(body, "options");
        KvConfig config = store.config();
        Map<String, Object> copy = new LinkedHashMap<>(data);
        return store.locked(key, () -> {
            KeyRecord record = store.get(key);
            if (record == null) {
                record = V2Support.newKey();
            }
            V2Support.checkCas(options, config, record);
            return addVersion(key, record, config, copy);
        });
    }

    /**
     * Merge-patches the current version into a new one (RFC 7386: a null removes a key, objects merge). The key
     * and its current version must exist and be readable, else 404.
     */
    Response patch(String key, Map<String, Object> body) {
        if (body.get("data") == null) {
            throw new InvalidRequestException(NO_DATA);
        }
        Map<String, Object> patch = Params.map(body, "data");
        Map<String, Object> options = Params.map(body, "options");
        return store.locked(key, () -> {
            KeyRecord record = store.get(key);
            if (record == null) {
                return notFound();
            }
            KvConfig config = store.config();
            V2Support.checkCas(options, config, record);
            long current = record.currentVersion();
            VersionEntry v = record.versions().get(current);
            if (v == null) {
                return notFound();
            }
            if (v.unreadableAt(clock.instant())) {
                // vault-compat: this 404 carries the version metadata itself, not wrapped (KV path_data.go patch).
                return Response.of(V2Support.versionMetadata(current, v, record.customMetadata()))
                        .withStatus(NOT_FOUND);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> merged = (Map<String, Object>) MergePatch.apply(v.data(), patch);
            return addVersion(key, record, config, merged);
        });
    }

    private Response addVersion(String key, KeyRecord record, KvConfig config, Map<String, Object> data) {
        Instant now = clock.instant();
        VersionEntry entry = new VersionEntry(now, V2Support.deletionTime(now, config, record), false, data);
        KeyRecord next = record.addVersion(entry, config.maxVersions());
        store.put(key, next);
        return Response.of(V2Support.versionMetadata(next.currentVersion(), entry, next.customMetadata()));
    }

    /** Soft-deletes the latest version; nothing to do (still 204) when absent, destroyed or already deleted. */
    Response delete(String key) {
        return store.locked(key, () -> {
            KeyRecord record = store.get(key);
            if (record == null) {
                return null;
            }
            Instant now = clock.instant();
            VersionEntry latest = record.versions().get(record.currentVersion());
            if (latest == null || latest.unreadableAt(now)) {
                return null;
            }
            TreeMap<Long, VersionEntry> versions = new TreeMap<>(record.versions());
            versions.put(record.currentVersion(), latest.withDeletionTime(now));
            store.put(key, record.withVersions(versions));
            return null;
        });
    }

    /**
     * The secret's structure without its values: every leaf (a non-object or an empty object) becomes null;
     * {@code depth} > 0 stops descending at that level (vault-compat: KV path_subkeys.go).
     */
    Response subkeys(String key, Map<String, Object> params) {
        long depth = Params.integer(params, "depth", 0);
        long wanted = Params.integer(params, "version", 0);
        KeyRecord record = store.get(key);
        if (record == null) {
            return null;
        }
        long number = wanted > 0 ? wanted : record.currentVersion();
        VersionEntry v = record.versions().get(number);
        if (v == null) {
            return null;
        }
        if (v.unreadableAt(clock.instant())) {
            return Response.of(V2Support.readBody("subkeys", null, number, v, record.customMetadata()))
                    .withStatus(NOT_FOUND);
        }
        return Response.of(V2Support.readBody("subkeys", strip(v.data(), 1, depth), number, v,
                record.customMetadata()));
    }

    private static Map<String, Object> strip(Map<String, Object> in, long level, long maxDepth) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            boolean descend = v instanceof Map<?, ?> m && !m.isEmpty() && (maxDepth == 0 || level + 1 <= maxDepth);
            if (descend) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) v;
                out.put(k, strip(child, level + 1, maxDepth));
            } else {
                out.put(k, null);
            }
        });
        return out;
    }

    /** vault-compat: Vault answers these with {@code RespondWithStatusCode(nil, 404)}: an empty 404 envelope. */
    private static Response notFound() {
        return new Response(null, null, List.of(), 0, false, NOT_FOUND);
    }
}
