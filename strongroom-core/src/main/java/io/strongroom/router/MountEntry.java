package io.strongroom.router;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the mount table, as stored in it (JSON, see {@link MountTable}).
 *
 * @param path the mount point with its trailing slash ({@code secret/})
 * @param type the engine type ({@code kv}, {@code system}, {@code token})
 * @param uuid names the mount's storage view {@code logical/<uuid>/}; never reused
 * @param accessor {@code <type>_<8 hex>} (vault-compat: dataplane spec 2.4)
 * @param options engine options, string values ({@code version} for kv)
 * @param defaultLeaseTtl seconds, 0 = the system default
 * @param maxLeaseTtl seconds, 0 = the system default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountEntry(
        @JsonProperty("path") String path,
        @JsonProperty("type") String type,
        @JsonProperty("description") String description,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("accessor") String accessor,
        @JsonProperty("options") Map<String, String> options,
        @JsonProperty("default_lease_ttl") long defaultLeaseTtl,
        @JsonProperty("max_lease_ttl") long maxLeaseTtl,
        @JsonProperty("force_no_cache") boolean forceNoCache,
        @JsonProperty("local") boolean local,
        @JsonProperty("seal_wrap") boolean sealWrap) {

    /** vault-compat: the system-wide default and maximum lease TTL, 768h. */
    public static final long SYSTEM_TTL = 768L * 3600;

    public MountEntry {
        description = description == null ? "" : description;
        options = options == null ? Map.of() : Map.copyOf(new TreeMap<>(options));
    }

    /** The storage prefix this mount's backend sees (vault-compat: dataplane spec 4.3). */
    public String viewPrefix() {
        return "logical/" + uuid + "/";
    }

    /** The effective default lease TTL in seconds. */
    public long effectiveDefaultTtl() {
        return defaultLeaseTtl > 0 ? defaultLeaseTtl : SYSTEM_TTL;
    }

    /** The effective maximum lease TTL in seconds. */
    public long effectiveMaxTtl() {
        return maxLeaseTtl > 0 ? maxLeaseTtl : SYSTEM_TTL;
    }

    /** KV version from the options: 1 unless {@code version} is "2". */
    public int kvVersion() {
        return "2".equals(options.get("version")) ? 2 : 1;
    }

    public MountEntry withOptions(Map<String, String> newOptions) {
        return new MountEntry(path, type, description, uuid, accessor, newOptions, defaultLeaseTtl, maxLeaseTtl,
                forceNoCache, local, sealWrap);
    }

    public MountEntry withTune(String newDescription, long newDefaultTtl, long newMaxTtl) {
        return new MountEntry(path, type, newDescription, uuid, accessor, options, newDefaultTtl, newMaxTtl,
                forceNoCache, local, sealWrap);
    }

    /** This row as Vault shows it in {@code sys/mounts} (vault-compat: dataplane spec 4.1). */
    public Map<String, Object> toInfo(String serverVersion) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", type);
        m.put("description", description);
        m.put("accessor", accessor);
        m.put("local", local);
        m.put("seal_wrap", sealWrap);
        m.put("external_entropy_access", false);
        m.put("options", options.isEmpty() ? null : options);
        m.put("uuid", uuid);
        m.put("plugin_version", "");
        m.put("running_plugin_version", "v" + serverVersion + "+builtin");
        m.put("running_sha256", "");
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("default_lease_ttl", defaultLeaseTtl);
        config.put("max_lease_ttl", maxLeaseTtl);
        config.put("force_no_cache", forceNoCache);
        m.put("config", config);
        return m;
    }
}
