package io.strongroom.router;

import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.GoDurations;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sys/mounts}, {@code sys/mounts/:path} and {@code sys/mounts/:path/tune} (vault-compat: dataplane spec
 * 4.1 and 4.2). Paths are relative to the sys mount.
 */
public final class SysMountEndpoints implements SysPaths {

    /** Moves an engine's stored data from one version of its format to another (KV v1 to v2). */
    @FunctionalInterface
    public interface Upgrader {
        /**
         * @return a warning for the client, or null
         * @throws InvalidRequestException when the change is not allowed (a downgrade)
         */
        String upgrade(MountEntry from, MountEntry to, BarrierStorage view);
    }

    private final Mounts mounts;
    private final Upgrader upgrader;
    private final String version;

    /**
     * @param version the server version, shown as {@code running_plugin_version} of built-in engines
     */
    public SysMountEndpoints(Mounts mounts, Upgrader upgrader, String version) {
        this.mounts = mounts;
        this.upgrader = upgrader;
        this.version = version;
    }

    @Override
    public boolean handles(String relativePath) {
        return relativePath.equals("mounts") || relativePath.equals("mounts/") || relativePath.startsWith("mounts/");
    }

    @Override
    public Response handle(Request req) {
        String rel = req.relativePath();
        if (rel.equals("mounts") || rel.equals("mounts/")) {
            if (req.operation() != Operation.READ) {
                throw new OperationUnsupportedException();
            }
            Map<String, Object> data = new TreeMap<>();
            for (MountEntry e : mounts.list()) {
                if (!e.path().startsWith("auth/")) {
                    data.put(e.path(), info(e));
                }
            }
            return Response.of(data);
        }
        String path = rel.substring("mounts/".length());
        if (path.endsWith("/tune")) {
            return tune(req, Mounts.normalize(path.substring(0, path.length() - "/tune".length())));
        }
        String mount = Mounts.normalize(path);
        return switch (req.operation()) {
            case READ -> Response.of(info(mounts.get(mount).orElseThrow(
                    () -> new InvalidRequestException("No secret engine mount at " + mount))));
            case CREATE, UPDATE -> enable(req, mount);
            case DELETE -> {
                mounts.disable(mount);
                yield null;
            }
            default -> throw new OperationUnsupportedException();
        };
    }

    private Response enable(Request req, String mount) {
        Map<String, Object> d = req.data();
        if (!(d.get("type") instanceof String type) || type.isEmpty()) {
            throw new InvalidRequestException("backend type must be specified as a string");
        }
        Map<String, String> options = stringMap(d.get("options"), "options");
        // vault-compat: the kv-v1 and kv-v2 aliases (dataplane spec 4.2)
        if (type.equals("kv-v1") || type.equals("kv-v2")) {
            options = new LinkedHashMap<>(options);
            options.put("version", type.substring(4));
            type = "kv";
        }
        if (!type.equals("kv") && options.containsKey("version")) {
            throw new InvalidRequestException("secrets engine \"" + type + "\" does not allow setting a version");
        }
        if (type.equals("kv")) {
            String v = options.getOrDefault("version", "1");
            if (!v.equals("1") && !v.equals("2") && !v.isEmpty()) {
                throw new InvalidRequestException("invalid KV version \"" + v + "\": use 1 or 2");
            }
        }
        Map<String, Object> config = objectMap(d.get("config"), "config");
        long defaultTtl = ttl(config.get("default_lease_ttl"), "default_lease_ttl");
        long maxTtl = ttl(config.get("max_lease_ttl"), "max_lease_ttl");
        String description = d.get("description") instanceof String s ? s : "";
        boolean sealWrap = bool(d.get("seal_wrap"), "seal_wrap");
        mounts.enable(mount, type, description, options, defaultTtl, maxTtl, sealWrap);
        return null;
    }

    private Response tune(Request req, String mount) {
        MountEntry entry = mounts.get(mount).orElseThrow(
                () -> new InvalidRequestException("cannot fetch mount config for \"" + mount + "\": no mount there"));
        if (req.operation() == Operation.READ) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("description", entry.description());
            data.put("default_lease_ttl", entry.effectiveDefaultTtl());
            data.put("max_lease_ttl", entry.effectiveMaxTtl());
            data.put("force_no_cache", entry.forceNoCache());
            if (!entry.options().isEmpty()) {
                data.put("options", entry.options());
            }
            return Response.of(data);
        }
        if (req.operation() != Operation.UPDATE && req.operation() != Operation.CREATE) {
            throw new OperationUnsupportedException();
        }
        if (entry.path().equals("sys/") || entry.path().startsWith("auth/")) {
            throw new InvalidRequestException("cannot tune \"" + entry.path() + "\" in this version");
        }
        Map<String, Object> d = req.data();
        long defaultTtl = d.containsKey("default_lease_ttl") ? ttl(d.get("default_lease_ttl"), "default_lease_ttl")
                : entry.defaultLeaseTtl();
        long maxTtl = d.containsKey("max_lease_ttl") ? ttl(d.get("max_lease_ttl"), "max_lease_ttl") : entry.maxLeaseTtl();
        if (defaultTtl > 0 && maxTtl > 0 && defaultTtl > maxTtl) {
            throw new InvalidRequestException("given default lease TTL greater than given max lease TTL");
        }
        String description = d.get("description") instanceof String s ? s : entry.description();
        MountEntry updated = entry.withTune(description, defaultTtl, maxTtl);
        String warning = null;
        if (d.containsKey("options")) {
            Map<String, String> options = new TreeMap<>(entry.options());
            options.putAll(stringMap(d.get("options"), "options"));
            MountEntry withOptions = updated.withOptions(options);
            if (!withOptions.options().equals(entry.options())) {
                if (!entry.type().equals("kv") && options.containsKey("version")) {
                    throw new InvalidRequestException("secrets engine \"" + entry.type()
                            + "\" does not allow setting a version");
                }
                warning = upgrader.upgrade(entry, withOptions, mounts.view(entry));
            }
            updated = withOptions;
        }
        mounts.replace(updated);
        return warning == null ? null : Response.warnings(List.of(warning));
    }

    Map<String, Object> info(MountEntry e) {
        return e.toInfo(version);
    }

    /** vault-compat: {@code "system"} means the system default (0 here). */
    /** vault-compat: Go's JSON decoding into a bool takes true/false; the CLI and form posts send strings. */
    private static boolean bool(Object v, String field) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidRequestException("invalid value for " + field + ": expected a boolean");
    }

    private static long ttl(Object v, String field) {
        if ("system".equals(v)) {
            return 0;
        }
        long seconds = GoDurations.parseSeconds(v);
        if (seconds < 0) {
            throw new InvalidRequestException("\"" + field + "\" must not be negative");
        }
        return seconds;
    }

    private static Map<String, String> stringMap(Object v, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : objectMap(v, field).entrySet()) {
            Object val = e.getValue();
            if (val != null && !(val instanceof String) && !(val instanceof Number) && !(val instanceof Boolean)) {
                throw new InvalidRequestException("\"" + field + "." + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), val == null ? "" : String.valueOf(val));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectMap(Object v, String field) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidRequestException("\"" + field + "\" must be an object");
        }
        return (Map<String, Object>) m;
    }
}
