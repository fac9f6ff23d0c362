package io.strongroom.awskms;

import io.strongroom.base.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a parsed {@code seal "awskms" { ... }} body plus the process environment into an {@link AwsKmsSealConfig}.
 *
 * <p>Precedence follows Vault 1.15+ ({@code configutil.getEnvConfig}): a <em>non-empty</em> environment variable
 * overrides the block value. Vault iterates its env map in random order; here the order is fixed so the result is
 * deterministic: {@code AWS_REGION} before {@code AWS_DEFAULT_REGION}, {@code AWSKMS_WRAPPER_KEY_ID} before
 * {@code VAULT_AWSKMS_SEAL_KEY_ID}.
 *
 * <p>The generic keys {@code name} and {@code priority} are validated here; Seal HA (several enabled seals, each
 * resolved with its own {@code _<name>}-suffixed environment) is assembled by the server's {@code SealSelection}.
 *
 * <p>The environment is passed in as a map; this class never reads {@code System.getenv}. Stateless and thread-safe.
 * Exception messages name keys, variables and paths but never secret values.
 */
public final class AwsKmsConfigResolver {

    /** Source label for values that came from the config block. */
    public static final String SOURCE_BLOCK = "seal \"awskms\" block";

    private static final String PREFIX = "seal \"awskms\": ";

    private static final Pattern SEAL_NAME = Pattern.compile("^[a-zA-Z0-9-_]+$");

    /** The string keys of the block in report order, each with its env overrides in the order they are tried. */
    private static final Map<String, List<String>> ENV_OVERRIDES = new LinkedHashMap<>();

    static {
        ENV_OVERRIDES.put("kms_key_id", List.of("AWSKMS_WRAPPER_KEY_ID", "VAULT_AWSKMS_SEAL_KEY_ID"));
        ENV_OVERRIDES.put("region", List.of("AWS_REGION", "AWS_DEFAULT_REGION"));
        ENV_OVERRIDES.put("endpoint", List.of("AWS_KMS_ENDPOINT"));
        ENV_OVERRIDES.put("access_key", List.of("AWS_ACCESS_KEY_ID"));
        ENV_OVERRIDES.put("secret_key", List.of("AWS_SECRET_ACCESS_KEY"));
        ENV_OVERRIDES.put("session_token", List.of("AWS_SESSION_TOKEN"));
        ENV_OVERRIDES.put("shared_creds_filename", List.of("AWS_SHARED_CREDENTIALS_FILE"));
        ENV_OVERRIDES.put("shared_creds_profile", List.of("AWS_PROFILE"));
        ENV_OVERRIDES.put("role_arn", List.of("AWS_ROLE_ARN"));
        ENV_OVERRIDES.put("web_identity_token_file", List.of("AWS_WEB_IDENTITY_TOKEN_FILE"));
        ENV_OVERRIDES.put("role_session_name", List.of("AWS_ROLE_SESSION_NAME"));
    }

    /** Keys whose values are credentials: masked everywhere and allowed to be indirect references. */
    private static final Set<String> SECRET_KEYS = Set.of("access_key", "secret_key", "session_token");

    /** The health-check keys: accepted here, interpreted by the server ({@code SealHealthConfig}). */
    public static final Set<String> HEALTH_CHECK_KEYS = Set.of("health_check_enabled", "health_check_interval",
            "health_check_interval_unhealthy", "health_check_timeout");

    /** Every key accepted in the block, sorted, for the "valid keys are" part of error messages. */
    public static final Set<String> VALID_KEYS;

    static {
        Set<String> keys = new TreeSet<>(ENV_OVERRIDES.keySet());
        keys.add("disabled");
        keys.add("name");
        keys.add("priority");
        // the seal health check (OpenBao HEAD's names, vault-seal-spec 1.2); read by the server, not the wrapper
        keys.addAll(HEALTH_CHECK_KEYS);
        VALID_KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    private AwsKmsConfigResolver() {
    }

    /**
     * True when the environment alone asks for the awskms seal ({@code VAULT_SEAL_TYPE=awskms}, any case).
     *
     * @param env the process environment as a map; not null
     */
    public static boolean activatedByEnv(Map<String, String> env) {
        String type = env.get("VAULT_SEAL_TYPE");
        return type != null && type.trim().equalsIgnoreCase("awskms");
    }

    /**
     * Validates the block, merges the environment over it and resolves indirect credential references.
     *
     * @param block the parsed body of {@code seal "awskms"}; may be empty, not null
     * @param env   the process environment as a map; not null
     * @return the effective, validated settings
     * @throws ConfigException naming the offending key or variable when the input is unknown, mistyped or
     *                         inconsistent; never containing a secret value
     */
    public static AwsKmsSealConfig resolve(Map<String, Object> block, Map<String, String> env) {
        for (String key : block.keySet()) {
            if (!VALID_KEYS.contains(key)) {
                // A stray credential can end up as a key: only a key-shaped word is quoted whole.
                String shown = key.matches("[a-z]+(_[a-z]+)*") && key.length() <= 24 ? key
                        : key.substring(0, Math.min(3, key.length())) + "...";
                throw new ConfigException(PREFIX + "unknown key \"" + shown + "\"; valid keys are "
                        + String.join(", ", VALID_KEYS));
            }
        }
        validateSealHaKeys(block);
        boolean disabled = parseDisabled(block.get("disabled"));

        Map<String, Setting> s = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ENV_OVERRIDES.entrySet()) {
            s.put(e.getKey(), merge(e.getKey(), block.get(e.getKey()), e.getValue(), env));
        }

        for (String key : SECRET_KEYS) {
            s.put(key, dereference(key, s.get(key), env));
        }

        if (!s.get("kms_key_id").isSet()) {
            throw new ConfigException(PREFIX + "\"kms_key_id\" is required (or set VAULT_AWSKMS_SEAL_KEY_ID)");
        }
        // vault-compat: awsutil refuses half a static key pair rather than silently using another source.
        if (s.get("access_key").isSet() != s.get("secret_key").isSet()) {
            String have = s.get("access_key").isSet() ? "access_key" : "secret_key";
            String missing = have.equals("access_key") ? "secret_key" : "access_key";
            throw new ConfigException(PREFIX + "\"" + have + "\" is set (" + s.get(have).source() + ") but \""
                    + missing + "\" is not; set both or neither");
        }
        for (String needsRole : List.of("web_identity_token_file", "role_session_name")) {
            if (s.get(needsRole).isSet() && !s.get("role_arn").isSet()) {
                throw new ConfigException(PREFIX + "\"" + needsRole + "\" is set (" + s.get(needsRole).source()
                        + ") but \"role_arn\" is not; it only applies when assuming a role");
            }
        }

        return new AwsKmsSealConfig(s.get("kms_key_id"), s.get("region"), s.get("endpoint"),
                s.get("access_key"), s.get("secret_key"), s.get("session_token"),
                s.get("shared_creds_filename"), s.get("shared_creds_profile"), s.get("role_arn"),
                s.get("web_identity_token_file"), s.get("role_session_name"), disabled);
    }

    /** Block value first, then each env var in order: the first non-empty env var wins (Vault 1.15+). */
    private static Setting merge(String key, Object blockValue, List<String> envNames, Map<String, String> env) {
        boolean secret = SECRET_KEYS.contains(key);
        // The block is type-checked even when an env var overrides it: a broken file should fail everywhere,
        // not only on machines where the variable happens to be unset.
        if (blockValue != null && !(blockValue instanceof String)) {
            throw new ConfigException(PREFIX + "\"" + key + "\" must be a string, got " + typeName(blockValue));
        }
        for (String name : envNames) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                // vault-compat: configutil.getEnvConfig (Vault 1.15+) lets a non-empty env var override the file.
                return new Setting(v, "env " + name, secret);
            }
        }
        String str = (String) blockValue;
        if (str == null || str.isEmpty()) {
            // An empty string in the block means "not set", as in Vault's map[string]string config.
            return new Setting(null, Setting.SOURCE_UNSET, secret);
        }
        return new Setting(str, SOURCE_BLOCK, secret);
    }

    /**
     * Resolves Vault's indirect references ({@code env://}, {@code file://}, {@code string://}) in a credential.
     * vault-compat: configutil.ParsePath, used by Vault for credential keys of KMS blocks.
     */
    private static Setting dereference(String key, Setting setting, Map<String, String> env) {
        // Only block values are references; an env var already holds the credential itself.
        if (!setting.isSet() || !SOURCE_BLOCK.equals(setting.source())) {
            return setting;
        }
        String v = setting.value();
        String where = setting.source();
        if (v.startsWith("env://")) {
            String name = v.substring("env://".length());
            String resolved = env.get(name);
            if (resolved == null || resolved.isEmpty()) {
                throw new ConfigException(PREFIX + "\"" + key + "\" refers to environment variable \"" + name
                        + "\", which is not set (" + where + ")");
            }
            return new Setting(resolved, where + " via env://" + name, true);
        }
        if (v.startsWith("file://")) {
            String path = v.substring("file://".length());
            try {
                String content = Files.readString(Path.of(path), StandardCharsets.UTF_8).trim();
                return new Setting(content.isEmpty() ? null : content, where + " via file://" + path, true);
            } catch (IOException | InvalidPathException e) {
                // The cause is not kept: some IO messages echo file content; the path alone is enough to act on.
                throw new ConfigException(PREFIX + "\"" + key + "\" refers to file \"" + path
                        + "\", which cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (v.startsWith("string://")) {
            String literal = v.substring("string://".length());
            return new Setting(literal.isEmpty() ? null : literal, where, true);
        }
        return setting;
    }

    private static boolean parseDisabled(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            Boolean parsed = parseLenientBool(s);
            if (parsed != null) {
                return parsed;
            }
            // the value is not quoted: values in this block may be credentials
            throw new ConfigException(PREFIX + "\"disabled\" must be a boolean (true, false, 1, 0, t, f), got a "
                    + "string that is not one");
        }
        throw new ConfigException(PREFIX + "\"disabled\" must be a boolean, got " + typeName(v));
    }

    /**
     * Go's strconv.ParseBool subset that Vault's lenient parser accepts, case-insensitive. Empty means false,
     * as Vault treats {@code disabled = ""} as not disabled.
     *
     * @return the value, or null when the text is not a boolean
     */
    public static Boolean parseLenientBool(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1":
                return Boolean.TRUE;
            case "false", "f", "0", "":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static void validateSealHaKeys(Map<String, Object> block) {
        Object name = block.get("name");
        if (name != null) {
            if (!(name instanceof String n)) {
                throw new ConfigException(PREFIX + "\"name\" must be a string, got " + typeName(name));
            }
            if (!SEAL_NAME.matcher(n).matches()) {
                throw new ConfigException(PREFIX + "\"name\" must match ^[a-zA-Z0-9-_]+$ (value not shown)");
            }
        }
        Object priority = block.get("priority");
        if (priority != null) {
            long p;
            if (priority instanceof Long || priority instanceof Integer) {
                p = ((Number) priority).longValue();
            } else if (priority instanceof String ps && ps.trim().matches("[0-9]{1,9}")) {
                p = Long.parseLong(ps.trim());
            } else {
                throw new ConfigException(PREFIX + "\"priority\" must be a positive integer, got "
                        + typeName(priority));
            }
            if (p < 1) {
                throw new ConfigException(PREFIX + "\"priority\" must be a positive integer, got " + p);
            }
        }
    }

    /** The HCL/JSON type name of a parsed value, for "must be a string, got number" messages. */
    public static String typeName(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof List<?>) {
            return "list";
        }
        if (v instanceof Map<?, ?>) {
            return "object";
        }
        return v == null ? "null" : "unsupported value";
    }
}
