package io.strongroom.server.config;

import io.strongroom.awskms.AwsKmsConfigResolver;
import io.strongroom.base.ConfigException;
import io.strongroom.hcl.ConfigNode;
import io.strongroom.hcl.ConfigNode.Item;
import io.strongroom.hcl.ConfigNode.ListNode;
import io.strongroom.hcl.ConfigNode.ObjNode;
import io.strongroom.hcl.ConfigNode.Scalar;
import io.strongroom.hcl.Durations;
import io.strongroom.hcl.Pos;
import io.strongroom.hcl.SafeText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Interprets one parsed file (HCL or JSON) as a {@link FileConfig}: checks every key and type and reports
 * {@code FILE:LINE:COL} for the first problem. Merging files is {@link ServerConfigLoader}'s job. Stateless.
 */
final class ServerConfigReader {

    static final List<String> TOP_LEVEL_KEYS = List.of("api_addr", "cache_size", "cluster_addr", "cluster_name",
            "default_lease_ttl", "disable_cache", "disable_mlock", "disable_sealwrap", "enable_multiseal", "listener", "log_format", "log_level", "max_lease_ttl",
            "pid_file", "seal", "storage", "telemetry", "ui");
    static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");
    static final List<String> LOG_FORMATS = List.of("standard", "json");
    static final int MAX_SEALS = 3;

    private static final Map<String, List<String>> STORAGE_KEYS = Map.of(
            "file", List.of("path"),
            "inmem", List.of(),
            "postgresql", List.of("connection_url", "ha_enabled", "ha_table", "max_idle_connections", "max_parallel",
                    "skip_create_table", "table"));
    private static final List<String> LISTENER_KEYS = List.of("address", "http_idle_timeout",
            "http_read_header_timeout", "http_read_timeout", "max_request_duration", "max_request_size", "telemetry",
            "tls_cert_file", "tls_cipher_suites", "tls_client_ca_file", "tls_disable", "tls_disable_client_certs",
            "tls_key_file", "tls_max_version", "tls_min_version", "tls_require_and_verify_client_cert");
    private static final List<String> TELEMETRY_KEYS = List.of("disable_hostname", "prometheus_retention_time");
    private static final List<String> LISTENER_TELEMETRY_KEYS = List.of("unauthenticated_metrics_access");
    private static final Set<String> TLS_VERSIONS = Set.of("tls12", "tls13");
    private static final List<String> SHAMIR_KEYS = List.of("disabled", "name", "priority");
    private static final List<String> AWSKMS_KEYS = AwsKmsConfigResolver.VALID_KEYS.stream().sorted().toList();

    /**
     * What one file said. Null or empty means "this file did not set it", which is what merging needs.
     */
    record FileConfig(StorageConfig storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                      Map<String, Object> scalars, Map<String, Pos> positions, TelemetryConfig telemetry) {
    }

    /** One stanza after normalising HCL block and JSON object/list shapes: {@code listener "tcp" {...}}. */
    private record Stanza(String kind, String label, ObjNode body, Pos pos) {
        /** {@code listener "tcp"}; the label is quoted as {@link SafeText} allows (it is checked before this is used). */
        String describe() {
            return kind + " " + SafeText.quote(label);
        }
    }

    private ServerConfigReader() {
    }

    static FileConfig read(ObjNode root) {
        StorageConfig storage = null;
        Pos storagePos = null;
        List<ListenerConfig> listeners = new ArrayList<>();
        List<SealBlock> seals = new ArrayList<>();
        Map<String, Object> scalars = new LinkedHashMap<>();
        Map<String, Pos> positions = new LinkedHashMap<>();
        TelemetryConfig telemetry = null;
        Pos telemetryPos = null;
        for (Item it : root.items()) {
            switch (it.key()) {
                case "telemetry" -> {
                    if (telemetryPos != null) {
                        throw err(it.keyPos(), "only one telemetry stanza is allowed; the first is at line "
                                + telemetryPos.line());
                    }
                    telemetry = telemetry(block(it, "telemetry"));
                    telemetryPos = it.keyPos();
                }
                case "storage" -> {
                    for (Stanza s : stanzas(it)) {
                        if (storagePos != null) {
                            throw err(s.pos(), "only one storage stanza is allowed; the first is at line "
                                    + storagePos.line());
                        }
                        storage = storage(s);
                        storagePos = s.pos();
                    }
                }
                case "listener" -> stanzas(it).forEach(s -> listeners.add(listener(s)));
                case "seal" -> {
                    for (Stanza s : stanzas(it)) {
                        if (seals.size() == MAX_SEALS) {
                            // vault-compat: configutil.parseKMS(..., 3) rejects a fourth seal stanza.
                            throw err(s.pos(), "at most " + MAX_SEALS + " seal stanzas are allowed");
                        }
                        seals.add(seal(s));
                    }
                }
                default -> {
                    scalars.put(it.key(), topLevelScalar(it));
                    positions.put(it.key(), it.keyPos());
                }
            }
        }
        return new FileConfig(storage, listeners, seals, scalars, positions, telemetry);
    }

    private static Object topLevelScalar(Item it) {
        String k = it.key();
        if (!TOP_LEVEL_KEYS.contains(k)) {
            throw err(it.keyPos(), "unknown key " + SafeText.quote(k) + " at top level"
                    + SafeText.suggestion(k, TOP_LEVEL_KEYS) + "; valid keys are " + String.join(", ", TOP_LEVEL_KEYS));
        }
        ConfigNode v = it.value();
        return switch (k) {
            case "ui", "disable_mlock", "disable_cache", "disable_sealwrap", "enable_multiseal" -> bool(k, "", v);
            case "cache_size" -> cacheSize(v);
            case "default_lease_ttl", "max_lease_ttl" -> duration(k, v);
            case "log_level" -> oneOf(k, v, LOG_LEVELS);
            case "log_format" -> oneOf(k, v, LOG_FORMATS);
            default -> string(k, "", v);
        };
    }

    // ---- stanzas ----

    /**
     * vault-compat: HCL1 decodes {@code listener "tcp" {}}, {@code listener { tcp {} }}, {@code listener = {tcp = {}}}
     * and JSON's {@code {"listener": {"tcp": {}}}} / {@code [{"tcp": {}}]} to the same thing; accept all of them.
     */
    private static List<Stanza> stanzas(Item it) {
        List<Stanza> out = new ArrayList<>();
        if (it.labels().size() > 1) {
            throw err(it.keyPos(), it.key() + " takes one label (its type), found " + it.labels().size());
        }
        if (it.labels().size() == 1) {
            out.add(new Stanza(it.key(), it.labels().get(0), (ObjNode) it.value(), it.keyPos()));
            return out;
        }
        collect(it.key(), it.value(), out);
        return out;
    }

    private static void collect(String kind, ConfigNode v, List<Stanza> out) {
        if (v instanceof ListNode list) {
            for (ConfigNode n : list.items()) {
                collect(kind, n, out);
            }
        } else if (v instanceof ObjNode obj) {
            for (Item inner : obj.items()) {
                if (!inner.labels().isEmpty()) {
                    throw err(inner.keyPos(), "expected " + kind + " \"TYPE\" { ... }, found a nested block with labels");
                }
                if (inner.value() instanceof ObjNode body) {
                    out.add(new Stanza(kind, inner.key(), body, inner.keyPos()));
                } else if (inner.value() instanceof ListNode l) {
                    for (ConfigNode n : l.items()) {
                        if (!(n instanceof ObjNode body)) {
                            throw err(n.pos(), kind + " " + SafeText.quote(inner.key()) + " must be an object, got "
                                    + n.typeName());
                        }
                        out.add(new Stanza(kind, inner.key(), body, n.pos()));
                    }
                } else {
                    throw err(inner.value().pos(), kind + " " + SafeText.quote(inner.key()) + " must be an object, got "
                            + inner.value().typeName());
                }
            }
        } else {
            throw err(v.pos(), "\"" + kind + "\" must be a block like " + kind + " \"TYPE\" { ... }, got "
                    + v.typeName());
        }
    }

    private static Map<String, Item> keys(Stanza s, List<String> allowed) {
        Map<String, Item> m = new LinkedHashMap<>();
        for (Item it : s.body().items()) {
            if (!allowed.contains(it.key())) {
                // The key may be a pasted credential (a stray line in a seal block): SafeText shortens it.
                throw err(it.keyPos(), "unknown key " + SafeText.quote(it.key()) + " in " + s.describe()
                        + SafeText.suggestion(it.key(), allowed)
                        + (allowed.isEmpty() ? "; it takes no keys" : "; valid keys are " + String.join(", ", allowed)));
            }
            m.put(it.key(), it);
        }
        return m;
    }

    /** An unlabelled block such as {@code telemetry { ... }}: an object, or (JSON, HCL1) a list of one object. */
    private static ObjNode block(Item it, String what) {
        if (!it.labels().isEmpty()) {
            throw err(it.keyPos(), what + " takes no label: write " + what + " { ... }");
        }
        ConfigNode v = it.value();
        if (v instanceof ListNode l && l.items().size() == 1) {
            v = l.items().get(0);
        }
        if (v instanceof ObjNode o) {
            return o;
        }
        throw err(v.pos(), "\"" + what + "\" must be a block like " + what + " { ... }, got " + v.typeName());
    }

    /** The keys of an unlabelled block, each checked against {@code allowed}. */
    private static Map<String, Item> blockKeys(ObjNode body, String describe, List<String> allowed) {
        Map<String, Item> m = new LinkedHashMap<>();
        for (Item it : body.items()) {
            if (!allowed.contains(it.key())) {
                throw err(it.keyPos(), "unknown key " + SafeText.quote(it.key()) + " in " + describe
                        + SafeText.suggestion(it.key(), allowed) + "; valid keys are " + String.join(", ", allowed));
            }
            m.put(it.key(), it);
        }
        return m;
    }

    /** vault-compat: the telemetry stanza, reduced to the keys this server uses (others are errors). */
    private static TelemetryConfig telemetry(ObjNode body) {
        Map<String, Item> k = blockKeys(body, "telemetry", TELEMETRY_KEYS);
        Duration retention = k.containsKey("prometheus_retention_time")
                ? duration("prometheus_retention_time", k.get("prometheus_retention_time").value())
                : TelemetryConfig.DEFAULT.prometheusRetentionTime();
        boolean disableHostname = k.containsKey("disable_hostname")
                && bool("disable_hostname", " in telemetry", k.get("disable_hostname").value());
        return new TelemetryConfig(retention, disableHostname);
    }

    private static StorageConfig storage(Stanza s) {
        List<String> allowed = STORAGE_KEYS.get(s.label());
        if (allowed == null) {
            throw err(s.pos(), "unsupported storage type " + SafeText.quote(s.label())
                    + "; supported: file, inmem, postgresql");
        }
        Map<String, Item> k = keys(s, allowed);
        String in = " in " + s.describe();
        return switch (s.label()) {
            case "file" -> {
                String path = optString(k.get("path"), in);
                if (path == null || path.isEmpty()) {
                    throw err(s.pos(), "\"path\" is required in " + s.describe());
                }
                yield new StorageConfig.File(path);
            }
            case "inmem" -> new StorageConfig.Inmem();
            default -> new StorageConfig.Postgresql(optString(k.get("connection_url"), in),
                    optString(k.get("table"), in),
                    k.containsKey("ha_enabled") && bool("ha_enabled", in, k.get("ha_enabled").value()),
                    optString(k.get("ha_table"), in),
                    count(k.get("max_parallel"), in), count(k.get("max_idle_connections"), in),
                    k.containsKey("skip_create_table") && bool("skip_create_table", in,
                            k.get("skip_create_table").value()));
        };
    }

    private static ListenerConfig listener(Stanza s) {
        if (!s.label().equals("tcp")) {
            throw err(s.pos(), "unsupported listener type " + SafeText.quote(s.label()) + "; supported: tcp");
        }
        Map<String, Item> k = keys(s, LISTENER_KEYS);
        String in = " in " + s.describe();
        String address = optString(k.get("address"), in);
        if (address != null) {
            checkPort(address, k.get("address").value().pos(), in);
        }
        boolean tlsDisable = k.containsKey("tls_disable") && bool("tls_disable", in, k.get("tls_disable").value());
        String cert = optString(k.get("tls_cert_file"), in);
        String key = optString(k.get("tls_key_file"), in);
        String min = optString(k.get("tls_min_version"), in);
        if (min != null && !TLS_VERSIONS.contains(min)) {
            throw err(k.get("tls_min_version").value().pos(), "\"tls_min_version\"" + in
                    + " must be tls12 or tls13, got a string that is neither");
        }
        String max = optString(k.get("tls_max_version"), in);
        if (max != null && !TLS_VERSIONS.contains(max)) {
            throw err(k.get("tls_max_version").value().pos(), "\"tls_max_version\"" + in
                    + " must be tls12 or tls13, got a string that is neither");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw err(k.get("tls_max_version").value().pos(), "\"tls_max_version\"" + in
                    + " is lower than tls_min_version");
        }
        List<String> suites = new java.util.ArrayList<>();
        String suiteList = optString(k.get("tls_cipher_suites"), in);
        if (suiteList != null && !suiteList.isBlank()) {
            // vault-compat: a comma-separated list of Go's (IANA) names; the value is not echoed in errors
            String[] names = suiteList.split(",");
            for (int i = 0; i < names.length; i++) {
                int entry = i + 1;
                suites.add(TlsCipherSuites.jsseName(names[i]).orElseThrow(() -> err(
                        k.get("tls_cipher_suites").value().pos(), "\"tls_cipher_suites\"" + in + ": entry " + entry
                                + " is not a supported cipher suite name (use Go/IANA names such as "
                                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")));
            }
        }
        String clientCa = optString(k.get("tls_client_ca_file"), in);
        boolean requireClientCert = k.containsKey("tls_require_and_verify_client_cert")
                && bool("tls_require_and_verify_client_cert", in, k.get("tls_require_and_verify_client_cert").value());
        boolean disableClientCerts = k.containsKey("tls_disable_client_certs")
                && bool("tls_disable_client_certs", in, k.get("tls_disable_client_certs").value());
        if (requireClientCert && disableClientCerts) {
            // vault-compat: Vault refuses the two together
            throw err(s.pos(), s.describe() + ": \"tls_disable_client_certs\" and "
                    + "\"tls_require_and_verify_client_cert\" are mutually exclusive");
        }
        if (!tlsDisable && (cert == null || key == null)) {
            // vault-compat: Vault refuses to start a TLS listener without a certificate and key.
            throw err(s.pos(), s.describe() + ": \"tls_cert_file\" and \"tls_key_file\" are required unless "
                    + "tls_disable = true");
        }
        boolean unauthenticatedMetrics = false;
        if (k.containsKey("telemetry")) {
            // vault-compat: listener "tcp" { telemetry { unauthenticated_metrics_access = true } }
            String where = s.describe() + " telemetry";
            Map<String, Item> t = blockKeys(block(k.get("telemetry"), "telemetry"), where, LISTENER_TELEMETRY_KEYS);
            unauthenticatedMetrics = t.containsKey("unauthenticated_metrics_access") && bool(
                    "unauthenticated_metrics_access", " in " + where, t.get("unauthenticated_metrics_access").value());
        }
        return new ListenerConfig(address == null || address.isEmpty() ? ListenerConfig.DEFAULT_ADDRESS : address,
                tlsDisable, cert, key, min, max, suites, clientCa, requireClientCert, disableClientCerts,
                unauthenticatedMetrics, limits(k, in));
    }

    /** The listener's request limits; see {@link ListenerLimits} for what each bounds. */
    private static ListenerLimits limits(Map<String, Item> k, String in) {
        ListenerLimits d = ListenerLimits.DEFAULTS;
        long size = k.containsKey("max_request_size") ? bytes("max_request_size", in, k.get("max_request_size").value())
                : d.maxRequestSize();
        Duration maxDuration = limitDuration(k, "max_request_duration", in, d.maxRequestDuration());
        if (maxDuration.isZero()) {
            maxDuration = d.maxRequestDuration(); // vault-compat: 0 means the default, 90 s
        }
        return new ListenerLimits(size, maxDuration, limitDuration(k, "http_idle_timeout", in, d.idleTimeout()),
                limitDuration(k, "http_read_header_timeout", in, d.readHeaderTimeout()),
                limitDuration(k, "http_read_timeout", in, d.readTimeout()));
    }

    private static Duration limitDuration(Map<String, Item> k, String key, String in, Duration fallback) {
        if (!k.containsKey(key)) {
            return fallback;
        }
        ConfigNode v = k.get(key).value();
        Duration d = duration(key, v);
        if (d.isNegative() || (d.isZero() && !key.equals("max_request_duration"))) {
            throw err(v.pos(), "\"" + key + "\"" + in + " must be a positive duration such as \"30s\"");
        }
        return d;
    }

    /** vault-compat: {@code max_request_size} is an integer number of bytes (a string of digits is read too). */
    private static long bytes(String key, String in, ConfigNode v) {
        if (v instanceof Scalar sc) {
            if (sc.value() instanceof Long n) {
                return n;
            }
            if (sc.value() instanceof String str && str.matches("-?[0-9]{1,18}")) {
                return Long.parseLong(str);
            }
        }
        throw err(v.pos(), "\"" + key + "\"" + in + " must be a whole number of bytes, e.g. 33554432");
    }

    private static SealBlock seal(Stanza s) {
        // vault-compat: configutil.parseKMS lower-cases the seal label to get the type.
        String type = s.label().toLowerCase(Locale.ROOT);
        if (!type.equals("awskms") && !type.equals("shamir")) {
            throw err(s.pos(), "unsupported seal type " + SafeText.quote(s.label()) + "; supported: awskms, shamir");
        }
        // Keys are checked here, where each has its position, rather than by AwsKmsConfigResolver, which only
        // sees a map: a stray line holding a credential inside the block is then reported by line, and shortened.
        keys(new Stanza(s.kind(), type, s.body(), s.pos()), type.equals("shamir") ? SHAMIR_KEYS : AWSKMS_KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        boolean disabled = false;
        for (Item it : s.body().items()) {
            body.put(it.key(), it.value().toPlain());
            if (it.key().equals("disabled")) {
                // Same rule as AwsKmsConfigResolver: a bool or a lenient string, not a number.
                if (it.value() instanceof Scalar sc && sc.value() instanceof Long) {
                    throw err(it.value().pos(), "\"disabled\" in " + s.describe() + " must be a boolean, got number");
                }
                disabled = bool("disabled", " in " + s.describe(), it.value());
            }
        }
        if (type.equals("shamir") && disabled) {
            // vault-compat: Vault refuses "Shamir seals cannot be set disabled"; a migration disables the other seal.
            throw err(s.pos(), "seal \"shamir\" cannot be disabled (Shamir seals cannot be set disabled); to migrate "
                    + "away from Shamir just add the new seal, and to migrate to Shamir disable the old auto seal");
        }
        return new SealBlock(type, disabled, body, s.pos());
    }

    // ---- typed values ----

    /**
     * vault-compat: {@code max_parallel} and {@code max_idle_connections} are strings of digits in Vault's docs;
     * a plain number is taken too.
     */
    private static String count(Item it, String in) {
        if (it == null) {
            return null;
        }
        ConfigNode v = it.value();
        if (v instanceof Scalar sc && sc.value() instanceof Long n && n >= 0 && n <= 100_000) {
            return Long.toString(n);
        }
        if (v instanceof Scalar sc && sc.value() instanceof String str && str.matches("[0-9]{1,6}")) {
            return str;
        }
        // vault-compat: "failed parsing max_parallel parameter: ..."
        throw err(v.pos(), "failed parsing " + it.key() + " parameter" + in + ": must be a whole number");
    }

    private static String optString(Item it, String in) {
        return it == null ? null : string(it.key(), in, it.value());
    }

    private static String string(String key, String in, ConfigNode v) {
        if (v instanceof Scalar s && s.value() instanceof String str) {
            return str;
        }
        throw err(v.pos(), "\"" + key + "\"" + in + " must be a string, got " + v.typeName());
    }

    /** vault-compat: parseutil.ParseBool: true/false, "1"/"0", "t"/"f" (any case), and the integers 1 and 0. */
    /** vault-compat: {@code cache_size}, entries of the physical read cache; a number or a string of digits. */
    private static Integer cacheSize(ConfigNode v) {
        if (v instanceof Scalar sc) {
            Object o = sc.value();
            if (o instanceof Long n && n >= 1 && n <= 100_000_000L) {
                return n.intValue();
            }
            if (o instanceof String str && str.matches("[0-9]{1,9}") && Integer.parseInt(str) >= 1) {
                return Integer.parseInt(str);
            }
        }
        throw err(v.pos(), "\"cache_size\" must be a whole number of entries from 1 to 100000000");
    }

    static boolean bool(String key, String in, ConfigNode v) {
        if (v instanceof Scalar s) {
            Object o = s.value();
            if (o instanceof Boolean b) {
                return b;
            }
            if (o instanceof Long n && (n == 0 || n == 1)) {
                return n == 1;
            }
            if (o instanceof String str) {
                Boolean b = AwsKmsConfigResolver.parseLenientBool(str);
                if (b != null) {
                    return b;
                }
                throw err(v.pos(), "\"" + key + "\"" + in + " must be a boolean (true, false, \"1\", \"0\"), got a "
                        + "string that is not one");
            }
        }
        throw err(v.pos(), "\"" + key + "\"" + in + " must be a boolean, got " + v.typeName());
    }

    private static Duration duration(String key, ConfigNode v) {
        if (v instanceof Scalar s && s.value() instanceof Long n && n >= 0) {
            return Duration.ofSeconds(n);
        }
        if (v instanceof Scalar s && s.value() instanceof String str) {
            Duration d = Durations.parse(str);
            if (d != null) {
                return d;
            }
            throw err(v.pos(), "\"" + key + "\" must be a duration like \"768h\", \"30m\" or integer seconds, got a "
                    + "string that is not one");
        }
        throw err(v.pos(), "\"" + key + "\" must be a duration like \"768h\", \"30m\" or integer seconds, got "
                + v.typeName());
    }

    private static String oneOf(String key, ConfigNode v, List<String> allowed) {
        String s = string(key, "", v).toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw err(v.pos(), "\"" + key + "\" must be one of " + String.join(", ", allowed)
                    + ", got a string that is none of them");
        }
        return s;
    }

    /**
     * The port of a listener address must be 0 to 65535 (0: any free port). An address without a port uses 8200.
     * The address is not quoted: the position says where it is.
     */
    private static void checkPort(String address, Pos at, String in) {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.endsWith("]")) {
            return;
        }
        String port = address.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw err(at, "\"address\"" + in + " has an invalid port: it must be a number from 0 to 65535");
        }
    }

    private static ConfigException err(Pos pos, String message) {
        return new ConfigException(pos.error(message));
    }
}
