package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secrets enable|disable|list|tune} over {@code sys/mounts} (spec 4, 8; vault-compat). */
final class SecretsCommands {

    private SecretsCommands() {}

    /** vault-compat: mount paths are sanitized and end in one slash. */
    static String mountPath(String raw) {
        return ClientCommand.sanitizePath(raw) + "/";
    }

    /** {@code -options k=v} pairs; a pair without '=' is a usage error. */
    static Map<String, String> pairs(String flag, List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new ClientCommand.Failure(1, "invalid value \"" + pair + "\" for flag -" + flag
                        + ": format must be key=value");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    /** The flags shared by enable and tune. */
    abstract static class MountFlags extends DataCommand {
        @Option(names = {"-description", "--description"}, paramLabel = "<string>", description = "Description")
        String description;

        @Option(names = {"-default-lease-ttl", "--default-lease-ttl"}, paramLabel = "<duration>",
                description = "Default lease TTL of the mount")
        String defaultLeaseTtl;

        @Option(names = {"-max-lease-ttl", "--max-lease-ttl"}, paramLabel = "<duration>",
                description = "Maximum lease TTL of the mount")
        String maxLeaseTtl;

        @Option(names = {"-options", "--options"}, paramLabel = "<key=value>",
                description = "An engine option (repeatable)")
        List<String> options = new ArrayList<>();

        @Option(names = {"-version", "--version"}, paramLabel = "<int>", defaultValue = "0",
                description = "The engine version (KV: 1 or 2); same as -options=version=N")
        int version;

        @Option(names = {"-listing-visibility", "--listing-visibility"}, paramLabel = "<unauth|hidden>",
                description = "Listing visibility in the UI")
        String listingVisibility;

        MountFlags(CliContext ctx) {
            super(ctx);
        }

        Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            if (defaultLeaseTtl != null) {
                config.put("default_lease_ttl", ttl("default-lease-ttl", defaultLeaseTtl));
            }
            if (maxLeaseTtl != null) {
                config.put("max_lease_ttl", ttl("max-lease-ttl", maxLeaseTtl));
            }
            if (listingVisibility != null) {
                config.put("listing_visibility", listingVisibility);
            }
            return config;
        }

        Map<String, String> engineOptions() {
            Map<String, String> out = pairs("options", options);
            if (version > 0) {
                out.put("version", String.valueOf(version));
            }
            return out;
        }

        private static String ttl(String flag, String value) {
            // vault-compat: "system" means the system default, passed through
            return value.equals("system") ? value : FlagDurations.wire(flag, value);
        }
    }

    /** {@code secrets enable [-path=P] [-description] [-version] [-options k=v] TYPE}. */
    @Command(name = "enable", description = "Enable a secrets engine", mixinStandardHelpOptions = true)
    static final class Enable extends MountFlags {
        @Option(names = {"-path", "--path"}, paramLabel = "<string>", description = "Mount path; default: TYPE")
        String path;

        @Option(names = {"-local", "--local"}, arity = "0..1", fallbackValue = "true",
                description = "Not replicated")
        boolean local;

        @Option(names = {"-seal-wrap", "--seal-wrap"}, arity = "0..1", fallbackValue = "true",
                description = "Seal-wrap the engine's values")
        boolean sealWrap;

        @Parameters(paramLabel = "TYPE", arity = "0..*")
        List<String> args = new ArrayList<>();

        Enable(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "enabling";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            String type = args.get(0).strip();
            String mount = mountPath(path != null ? path : type);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("description", description == null ? "" : description);
            body.put("config", config());
            body.put("local", local);
            body.put("seal_wrap", sealWrap);
            Map<String, String> opts = engineOptions();
            if (!opts.isEmpty()) {
                body.put("options", opts);
            }
            client.write("POST", "sys/mounts/" + sanitizePath(mount), body);
            ctx.out().println("Success! Enabled the " + type + " secrets engine at: " + mount);
            return 0;
        }
    }

    /** {@code secrets disable PATH}. */
    @Command(name = "disable", description = "Disable a secrets engine", mixinStandardHelpOptions = true)
    static final class Disable extends DataCommand {
        @Parameters(paramLabel = "PATH", arity = "0..*")
        List<String> args = new ArrayList<>();

        private String mount = "";

        Disable(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "disabling secrets engine at " + mount;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            mount = mountPath(args.get(0));
            client.write("DELETE", "sys/mounts/" + sanitizePath(mount), null);
            ctx.out().println("Success! Disabled the secrets engine (if it existed) at: " + mount);
            return 0;
        }
    }

    /** {@code secrets tune [flags] PATH}. */
    @Command(name = "tune", description = "Tune a secrets engine", mixinStandardHelpOptions = true)
    static final class Tune extends MountFlags {
        @Parameters(paramLabel = "PATH", arity = "0..*")
        List<String> args = new ArrayList<>();

        private String mount = "";

        Tune(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "tuning secrets engine " + mount;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            mount = mountPath(args.get(0));
            Map<String, Object> body = new LinkedHashMap<>(config());
            if (description != null) {
                body.put("description", description);
            }
            Map<String, String> opts = engineOptions();
            if (!opts.isEmpty()) {
                body.put("options", opts);
            }
            JsonNode answer = client.write("POST", "sys/mounts/" + sanitizePath(mount) + "/tune", body);
            printWarnings(answer);
            ctx.out().println("Success! Tuned the secrets engine at: " + mount);
            return 0;
        }
    }

    /** {@code secrets list [-detailed]}: the mounts sorted by path. */
    @Command(name = "list", description = "List enabled secrets engines", mixinStandardHelpOptions = true)
    static final class ListMounts extends DataCommand {
        @Option(names = {"-detailed", "--detailed"}, arity = "0..1", fallbackValue = "true",
                description = "Show every column")
        boolean detailed;

        @Parameters(arity = "0..*", hidden = true)
        List<String> args = new ArrayList<>();

        ListMounts(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "listing secrets engines";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 0, 0);
            JsonNode answer = client.read("sys/mounts", null);
            JsonNode mounts = answer == null ? ApiClient.JSON.createObjectNode() : answer.path("data");
            if (json) {
                printJson(mounts);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            if (detailed) {
                rows.add(List.of("Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache",
                        "Replication", "Seal Wrap", "External Entropy Access", "Options", "Description", "UUID",
                        "Version", "Running Version", "Running SHA256", "Deprecation Status"));
            } else {
                rows.add(List.of("Path", "Type", "Accessor", "Description"));
            }
            Tables.fields(mounts).forEach((path, m) -> {
                if (!detailed) {
                    rows.add(List.of(path, m.path("type").asText(""), m.path("accessor").asText(""),
                            m.path("description").asText("")));
                    return;
                }
                JsonNode config = m.path("config");
                rows.add(List.of(path, m.path("type").asText(""), m.path("accessor").asText(""),
                        ttlOrSystem(config.path("default_lease_ttl")), ttlOrSystem(config.path("max_lease_ttl")),
                        String.valueOf(config.path("force_no_cache").asBoolean(false)),
                        m.path("local").asBoolean(false) ? "local" : "replicated",
                        String.valueOf(m.path("seal_wrap").asBoolean(false)),
                        String.valueOf(m.path("external_entropy_access").asBoolean(false)),
                        Tables.goValue(m.path("options")), m.path("description").asText(""),
                        m.path("uuid").asText(""), m.path("plugin_version").asText(""),
                        m.path("running_plugin_version").asText(""), m.path("running_sha256").asText(""),
                        m.path("deprecation_status").asText("")));
            });
            printLines(Tables.table(rows));
            return 0;
        }

        /** vault-compat: a TTL of 0 is the system default and prints as {@code system}. */
        private static String ttlOrSystem(JsonNode ttl) {
            long seconds = ttl.asLong(0);
            return seconds == 0 ? "system" : Tables.humanDuration(seconds);
        }
    }
}
