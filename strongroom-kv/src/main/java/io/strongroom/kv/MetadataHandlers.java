package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KV v2 {@code metadata/<key>} (read, write, merge-patch, delete, list) and the mount's {@code config}
 * (vault-compat: dataplane spec 5.2, 5.3).
 */
final class MetadataHandlers {

    static final String MISSING_PATH = "missing path";
    private static final String MAX_VERSIONS = "max_versions";
    private static final String CAS_REQUIRED = "cas_required";
    private static final String DELETE_VERSION_AFTER = "delete_version_after";
    private static final String CUSTOM_METADATA = "custom_metadata";

    private final KvStore store;
    private final Clock clock;

    MetadataHandlers(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Response read(String key) {
        KeyRecord r = store.get(key);
        if (r == null) {
            return null;
        }
        Map<String, Object> versions = new TreeMap<>();
        r.versions().forEach((n, v) -> {
            Map<String, Object> m = new TreeMap<>();
            m.put("created_time", GoFormat.time(v.createdTime()));
            m.put("deletion_time", GoFormat.time(v.deletionTime()));
            m.put("destroyed", v.destroyed());
            versions.put(Long.toString(n), m);
        });
        Map<String, Object> data = new TreeMap<>();
        data.put("cas_required", r.casRequired());
        data.put("created_time", GoFormat.time(r.createdTime()));
        data.put("current_version", r.currentVersion());
        data.put("custom_metadata", r.customMetadata() == null ? null : new TreeMap<>(r.customMetadata()));
        data.put("delete_version_after", GoFormat.duration(r.deleteVersionAfterSeconds()));
        data.put("max_versions", r.maxVersions());
        data.put("oldest_version", r.oldestVersion());
        data.put("updated_time", GoFormat.time(r.updatedTime()));
        data.put("versions", versions);
        return Response.of(data);
    }

    /**
     * Sets the key's settings, creating its metadata when absent. A body with none of the four fields changes
     * nothing (vault-compat: Vault's fast path returns before creating anything).
     */
    Response write(String key, Map<String, Object> body) {
        if (key.isEmpty()) {
            throw new InvalidRequestException(MISSING_PATH);
        }
        boolean hasMax = set(body, MAX_VERSIONS);
        boolean hasCas = set(body, CAS_REQUIRED);
        boolean hasDva = set(body, DELETE_VERSION_AFTER);
        boolean hasCustom = set(body, CUSTOM_METADATA);
        if (!hasMax && !hasCas && !hasDva && !hasCustom) {
            return null;
        }
        long max = maxVersions(body);
        boolean cas = Params.bool(body, CAS_REQUIRED, false);
        long dva = keyDeleteVersionAfter(body);
        Map<String, String> custom = hasCustom ? CustomMetadata.parse(Params.map(body, CUSTOM_METADATA), false) : null;
        Response answer = casWarning(hasCas, cas);
        return store.locked(key, () -> {
            KeyRecord r = store.get(key);
            if (r == null) {
                r = KeyRecord.empty(clock.instant());
            }
            store.put(key, r.withSettings(hasMax ? max : r.maxVersions(), hasCas ? cas : r.casRequired(),
                    hasDva ? dva : r.deleteVersionAfterSeconds(), hasCustom ? custom : r.customMetadata()));
            return answer;
        });
    }

    /**
     * Merge-patches the key's settings: a field set to null is reset, {@code custom_metadata} merges key by key
     * (null removes one). The key must exist, else 404.
     */
    Response patch(String key, Map<String, Object> body) {
        if (key.isEmpty()) {
            throw new InvalidRequestException(MISSING_PATH);
        }
        Map<String, Object> customPatch = Params.map(body, CUSTOM_METADATA);
        if (customPatch != null) {
            CustomMetadata.parse(customPatch, true);
        }
        long max = maxVersions(body);
        boolean cas = Params.bool(body, CAS_REQUIRED, false);
        long dva = keyDeleteVersionAfter(body);
        Response answer = casWarning(set(body, CAS_REQUIRED), cas);
        return store.locked(key, () -> {
            KeyRecord r = store.get(key);
            if (r == null) {
                return new Response(null, null, List.of(), 0, false, 404);
            }
            Map<String, String> custom = r.customMetadata();
            if (body.containsKey(CUSTOM_METADATA)) {
                custom = customPatch == null ? null : mergeCustom(custom, customPatch);
            }
            store.put(key, r.withSettings(body.containsKey(MAX_VERSIONS) ? max : r.maxVersions(),
                    body.containsKey(CAS_REQUIRED) ? cas : r.casRequired(),
                    body.containsKey(DELETE_VERSION_AFTER) ? dva : r.deleteVersionAfterSeconds(), custom));
            return answer;
        });
    }

    private static Map<String, String> mergeCustom(Map<String, String> existing, Map<String, Object> patch) {
        Map<String, String> merged = existing == null ? new TreeMap<>() : new TreeMap<>(existing);
        Map<String, String> converted = CustomMetadata.parse(patch, true);
        patch.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, converted.get(k));
            }
        });
        return merged;
    }

    /** Removes the key with every version, permanently. */
    Response delete(String key) {
        if (key.isEmpty() || key.endsWith("/")) {
            return null;
        }
        return store.locked(key, () -> {
            store.delete(key);
            return null;
        });
    }

    Response list(String prefix) {
        return Response.list(store.list(prefix));
    }

    // ---------------------------------------------------------------- config

    Response readConfig() {
        KvConfig c = store.config();
        Map<String, Object> data = new TreeMap<>();
        data.put("cas_required", c.casRequired());
        data.put("delete_version_after", GoFormat.duration(c.deleteVersionAfterSeconds()));
        data.put("max_versions", c.maxVersions());
        return Response.of(data);
    }

    /** vault-compat: {@code delete_version_after} 0 resets it, a negative value disables it on every key. */
    Response writeConfig(Map<String, Object> body) {
        boolean hasMax = set(body, MAX_VERSIONS);
        boolean hasCas = set(body, CAS_REQUIRED);
        boolean hasDva = set(body, DELETE_VERSION_AFTER);
        if (!hasMax && !hasCas && !hasDva) {
            return null;
        }
        long max = maxVersions(body);
        boolean cas = Params.bool(body, CAS_REQUIRED, false);
        long dvaRaw = Params.durationSeconds(body, DELETE_VERSION_AFTER);
        long dva = dvaRaw < 0 ? KvConfig.DISABLED : dvaRaw;
        store.updateConfig(c -> new KvConfig(hasMax ? max : c.maxVersions(), hasCas ? cas : c.casRequired(),
                hasDva ? dva : c.deleteVersionAfterSeconds()));
        return null;
    }

    private Response casWarning(boolean hasCas, boolean cas) {
        if (hasCas && !cas && store.config().casRequired()) {
            return Response.warnings(List.of(V2Support.CAS_FALSE_WARNING));
        }
        return null;
    }

    private static boolean set(Map<String, Object> body, String field) {
        return body.get(field) != null;
    }

    /** vault-compat: Vault keeps max_versions as a uint32, so a negative value wraps around. */
    private static long maxVersions(Map<String, Object> body) {
        return Params.integer(body, MAX_VERSIONS, 0) & 0xFFFF_FFFFL;
    }

    /** A key's delete_version_after cannot be negative (Vault's TypeDurationSecond). */
    private static long keyDeleteVersionAfter(Map<String, Object> body) {
        long dva = Params.durationSeconds(body, DELETE_VERSION_AFTER);
        if (dva < 0) {
            throw Params.conversion(DELETE_VERSION_AFTER, body.get(DELETE_VERSION_AFTER),
                    "cannot provide negative value");
        }
        return dva;
    }
}
