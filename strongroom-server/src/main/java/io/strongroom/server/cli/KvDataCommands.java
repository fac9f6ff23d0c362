package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kv get}, {@code kv put} and {@code kv patch} (spec 8, vault-compat). */
final class KvDataCommands {

    private KvDataCommands() {}

    /** {@code kv get [-version=N] [-field=F] [-mount=M] PATH}. */
    @Command(name = "get", description = "Retrieve data from the KV store", mixinStandardHelpOptions = true)
    static final class Get extends KvCommand {
        @Option(names = {"-version", "--version"}, paramLabel = "<int>", description = "The version to read")
        Integer version;

        @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
        String field;

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
            expectArgs(args, 1, 1);
            Target t = target(client);
            Map<String, String> query = new LinkedHashMap<>();
            if (t.v2()) {
                fullPath = t.with("data");
                if (version != null) {
                    query.put("version", String.valueOf(version));
                }
            } else {
                fullPath = t.v1();
            }
            JsonNode secret = client.read(fullPath, query);
            if (secret == null) {
                throw new Failure(2, "No value found at " + fullPath);
            }
            if (field != null) {
                if (!t.v2()) {
                    return printField(secretFields(secret), field, json);
                }
                JsonNode data = secret.path("data").get("data");
                if (data == null || !data.isObject()) {
                    throw new Failure(2, "No data found at " + fullPath);
                }
                return printField(data, field, json);
            }
            if (json) {
                printJson(secret);
                return 0;
            }
            printWarnings(secret);
            JsonNode data = secret.path("data");
            if (t.v2()) {
                printPath("Secret Path", fullPath);
                if (data.path("metadata").isObject()) {
                    printSection("Metadata", data.get("metadata"));
                    ctx.out().println();
                }
                data = data.path("data");
            }
            if (data.isObject()) {
                printSection("Data", data);
            }
            return 0;
        }
    }

    /** Common output of put and patch: "Success!" for 204, else the Secret Path and the new Metadata. */
    abstract static class Writing extends KvCommand {
        @Option(names = {"-cas", "--cas"}, paramLabel = "<int>", defaultValue = "-1",
                description = "Check-and-set: the current version (0: only if absent). Default: not sent")
        int cas;

        @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
        String field;

        String fullPath = "";

        Writing(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "writing data to " + fullPath;
        }

        int printWritten(JsonNode secret, boolean json) throws Exception {
            if (secret == null) {
                if (!json) {
                    ctx.out().println("Success! Data written to: " + fullPath);
                }
                return 0;
            }
            if (field != null) {
                return printField(secretFields(secret), field, json);
            }
            if (json) {
                printJson(secret);
                return 0;
            }
            printWarnings(secret);
            printPath("Secret Path", fullPath);
            printSection("Metadata", secret.path("data"));
            return 0;
        }

        Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>();
            if (cas >= 0) {
                options.put("cas", cas);
            }
            return options;
        }
    }

    /** {@code kv put [-cas=N] PATH K=V...}. */
    @Command(name = "put", description = "Set or update data in the KV store", mixinStandardHelpOptions = true)
    static final class Put extends Writing {
        Put(CliContext ctx) {
            super(ctx);
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, Integer.MAX_VALUE);
            Map<String, Object> data = parseData(args.subList(1, args.size()));
            if (data.isEmpty()) {
                throw new Failure(1, "Must supply data");
            }
            Target t = target(client);
            JsonNode secret;
            if (t.v2()) {
                fullPath = t.with("data");
                secret = client.write("PUT", fullPath, Map.of("data", data, "options", options()));
            } else {
                fullPath = t.v1();
                secret = client.write("PUT", fullPath, data);
            }
            return printWritten(secret, json);
        }
    }

    /**
     * {@code kv patch [-method=patch|rw] [-cas=N] [-remove-data=K] PATH K=V...}: a merge-patch; without
     * {@code -method} a 403 or 405 falls back to read-then-write with the read version as {@code cas}.
     */
    @Command(name = "patch", description = "Update data in the KV store without overwriting",
            mixinStandardHelpOptions = true)
    static final class Patch extends Writing {
        @Option(names = {"-method", "--method"}, paramLabel = "<patch|rw>", description = "patch or rw")
        String method;

        @Option(names = {"-remove-data", "--remove-data"}, paramLabel = "<key>",
                description = "Remove this key (repeatable)")
        List<String> removeData = new ArrayList<>();

        Patch(CliContext ctx) {
            super(ctx);
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, Integer.MAX_VALUE);
            Map<String, Object> data = parseData(args.subList(1, args.size()));
            removeData.forEach(k -> data.put(k, null));
            if (data.isEmpty()) {
                throw new Failure(1, "Must supply data");
            }
            if (method != null && !method.equals("patch") && !method.equals("rw")) {
                throw new Failure(1, "Unsupported method provided to -method flag: " + method);
            }
            Target t = target(client);
            if (!t.v2()) {
                throw new Failure(2, "K/V engine mount must be version 2 for patch support");
            }
            fullPath = t.with("data");
            if ("rw".equals(method)) {
                return printWritten(readThenWrite(client, data), json);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", data);
            body.put("options", options());
            ApiClient.Reply reply = client.call("PATCH", fullPath, null, body, "application/merge-patch+json");
            if (method == null && (reply.status() == 403 || reply.status() == 405)) {
                // vault-compat: a server or policy without PATCH: read, merge here, write with cas
                return printWritten(readThenWrite(client, data), json);
            }
            if (reply.status() >= 400) {
                throw client.error("PATCH", fullPath, reply);
            }
            return printWritten(reply.body(), json);
        }

        private JsonNode readThenWrite(ApiClient client, Map<String, Object> patch) {
            JsonNode secret;
            try {
                secret = client.read(fullPath, null);
            } catch (ApiErrorException e) {
                throw new Failure(2, "Error doing pre-read at " + fullPath + ": " + e.getMessage());
            }
            if (secret == null || !secret.path("data").isObject()) {
                throw new Failure(2, "No value found at " + fullPath);
            }
            JsonNode meta = secret.path("data").get("metadata");
            if (meta == null || !meta.isObject()) {
                throw new Failure(2, "No metadata found at " + fullPath + "; patch only works on existing data");
            }
            JsonNode old = secret.path("data").get("data");
            if (old == null || !old.isObject()) {
                throw new Failure(2, "No data found at " + fullPath + "; patch only works on existing data");
            }
            ObjectNode merged = ((ObjectNode) old).deepCopy();
            patch.forEach((k, v) -> {
                if (v == null) {
                    merged.remove(k);
                } else {
                    merged.set(k, ApiClient.JSON.valueToTree(v));
                }
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", merged);
            body.put("options", Map.of("cas", meta.path("version").asLong()));
            return client.write("PUT", fullPath, body);
        }
    }
}
