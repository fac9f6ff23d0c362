package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kv metadata get|put|patch|delete} (spec 8, vault-compat): KV v2 only. */
final class KvMetadataCommands {

    private KvMetadataCommands() {}

    /** The v2 metadata path of the argument; v1 is a local error. */
    static String metadataPath(KvCommand cmd, ApiClient client) {
        KvCommand.expectArgs(cmd.args, 1, 1);
        KvCommand.Target t = cmd.target(client);
        if (!t.v2()) {
            throw new ClientCommand.Failure(1, "Metadata not supported on KV Version 1");
        }
        return t.with("metadata");
    }

    /** {@code kv metadata get PATH}: the key's metadata, then one section per version. */
    @Command(name = "get", description = "Retrieve the metadata of a secret", mixinStandardHelpOptions = true)
    static final class Get extends KvCommand {
        private String fullPath = "";

        Get(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "reading " + fullPath;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            fullPath = metadataPath(this, client);
            JsonNode secret = client.read(fullPath, null);
            if (secret == null) {
                throw new Failure(2, "No value found at " + fullPath);
            }
            if (json) {
                printJson(secret);
                return 0;
            }
            printWarnings(secret);
            ObjectNode data = secret.path("data").isObject() ? ((ObjectNode) secret.get("data")).deepCopy()
                    : ApiClient.JSON.createObjectNode();
            JsonNode versions = data.remove("versions");
            printPath("Metadata Path", fullPath);
            printSection("Metadata", data);
            Map<Long, JsonNode> sorted = new TreeMap<>();
            if (versions != null) {
                versions.fields().forEachRemaining(e -> {
                    try {
                        sorted.put(Long.parseLong(e.getKey()), e.getValue());
                    } catch (NumberFormatException ignored) {
                        // not a version number: not shown, as Vault's CLI
                    }
                });
            }
            sorted.forEach((n, v) -> {
                ctx.out().println();
                printSection("Version " + n, v);
            });
            return 0;
        }
    }

    /** The flags shared by metadata put and patch; only the flags given are sent. */
    abstract static class Writing extends KvCommand {
        @Option(names = {"-max-versions", "--max-versions"}, paramLabel = "<int>", defaultValue = "-1",
                description = "Versions to keep; 0 = the mount's setting")
        int maxVersions;

        @Option(names = {"-cas-required", "--cas-required"}, arity = "0..1", fallbackValue = "true",
                paramLabel = "<bool>", description = "Require check-and-set on writes")
        Boolean casRequired;

        @Option(names = {"-delete-version-after", "--delete-version-after"}, paramLabel = "<duration>",
                description = "Delete each version this long after it is written")
        String deleteVersionAfter;

        @Option(names = {"-custom-metadata", "--custom-metadata"}, paramLabel = "<key=value>",
                description = "A custom metadata pair (repeatable)")
        List<String> customMetadata = new ArrayList<>();

        String fullPath = "";

        Writing(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "writing data to " + fullPath;
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (maxVersions >= 0) {
                body.put("max_versions", maxVersions);
            }
            if (casRequired != null) {
                body.put("cas_required", casRequired);
            }
            if (deleteVersionAfter != null) {
                body.put("delete_version_after", FlagDurations.wire("delete-version-after", deleteVersionAfter));
            }
            Map<String, Object> custom = new LinkedHashMap<>();
            for (String pair : customMetadata) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new Failure(1, "invalid value \"" + pair + "\" for flag -custom-metadata: "
                            + "format must be key=value");
                }
                custom.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            if (!custom.isEmpty()) {
                body.put("custom_metadata", custom);
            }
            return body;
        }

        int done(boolean json) {
            if (!json) {
                ctx.out().println("Success! Data written to: " + fullPath);
            }
            return 0;
        }
    }

    /** {@code kv metadata put [-max-versions -cas-required -delete-version-after -custom-metadata] PATH}. */
    @Command(name = "put", description = "Set or update the metadata of a secret", mixinStandardHelpOptions = true)
    static final class Put extends Writing {
        Put(CliContext ctx) {
            super(ctx);
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            Map<String, Object> body = body();
            fullPath = metadataPath(this, client);
            client.write("PUT", fullPath, body);
            return done(json);
        }
    }

    /** {@code kv metadata patch [...] [-remove-custom-metadata=K] PATH}: a merge-patch of the metadata. */
    @Command(name = "patch", description = "Patch the metadata of a secret", mixinStandardHelpOptions = true)
    static final class Patch extends Writing {
        @Option(names = {"-remove-custom-metadata", "--remove-custom-metadata"}, paramLabel = "<key>",
                description = "Remove this custom metadata key (repeatable)")
        List<String> removeCustomMetadata = new ArrayList<>();

        Patch(CliContext ctx) {
            super(ctx);
        }

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient client, boolean json) throws Exception {
            Map<String, Object> body = body();
            if (!removeCustomMetadata.isEmpty()) {
                Map<String, Object> custom = (Map<String, Object>) body.computeIfAbsent("custom_metadata",
                        k -> new LinkedHashMap<String, Object>());
                removeCustomMetadata.forEach(k -> custom.put(k, null));
            }
            fullPath = metadataPath(this, client);
            client.write("PATCH", fullPath, body);
            return done(json);
        }
    }

    /** {@code kv metadata delete PATH}: every version and the metadata. */
    @Command(name = "delete", description = "Delete all versions and the metadata of a secret",
            mixinStandardHelpOptions = true)
    static final class Delete extends KvCommand {
        private String fullPath = "";

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "deleting " + fullPath;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            fullPath = metadataPath(this, client);
            client.write("DELETE", fullPath, null);
            if (!json) {
                ctx.out().println("Success! Data deleted (if it existed) at: " + fullPath);
            }
            return 0;
        }
    }
}
