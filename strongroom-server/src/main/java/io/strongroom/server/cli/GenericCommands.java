package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code read}, {@code write}, {@code list} and {@code delete} of any logical path (spec 8, vault-compat). */
final class GenericCommands {

    private GenericCommands() {}

    /** {@code read [-field=F] PATH [K=V ...]}: GET, the data as query parameters. */
    @Command(name = "read", description = "Read data from a path", mixinStandardHelpOptions = true)
    static final class Read extends DataCommand {
        @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
        String field;

        @Parameters(paramLabel = "PATH [K=V...]", arity = "0..*")
        List<String> args = new ArrayList<>();

        Read(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "reading " + (args.isEmpty() ? "" : sanitizePath(args.get(0)));
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, Integer.MAX_VALUE);
            String path = sanitizePath(args.get(0));
            Map<String, String> query = new LinkedHashMap<>();
            parseData(args.subList(1, args.size())).forEach((k, v) -> query.put(k, String.valueOf(v)));
            JsonNode secret = client.read(path, query);
            if (secret == null) {
                throw new Failure(2, "No value found at " + path);
            }
            if (field != null) {
                return printField(secretFields(secret), field, json);
            }
            printSecret(secret, json);
            return 0;
        }
    }

    /** {@code write [-force] [-field=F] PATH [K=V ...]}: PUT of the argument data. */
    @Command(name = "write", description = "Write data to a path", mixinStandardHelpOptions = true)
    static final class Write extends DataCommand {
        @Option(names = {"-force", "--force", "-f"}, arity = "0..1", description = "Allow an empty write")
        boolean force;

        @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
        String field;

        @Parameters(paramLabel = "PATH [K=V...]", arity = "0..*")
        List<String> args = new ArrayList<>();

        Write(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "writing data to " + (args.isEmpty() ? "" : sanitizePath(args.get(0)));
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, Integer.MAX_VALUE);
            String path = sanitizePath(args.get(0));
            Map<String, Object> data = parseData(args.subList(1, args.size()));
            if (data.isEmpty() && !force) {
                throw new Failure(1, "Must supply data or use -force");
            }
            JsonNode secret = client.write("PUT", path, data);
            if (secret == null) {
                if (!json) {
                    ctx.out().println("Success! Data written to: " + path);
                }
                return 0;
            }
            if (field != null) {
                return printField(secretFields(secret), field, json);
            }
            printSecret(secret, json);
            return 0;
        }
    }

    /** {@code list PATH}: the keys under a path. */
    @Command(name = "list", description = "List data or secrets", mixinStandardHelpOptions = true)
    static final class ListKeys extends DataCommand {
        @Parameters(paramLabel = "PATH", arity = "0..*")
        List<String> args = new ArrayList<>();

        ListKeys(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "listing " + (args.isEmpty() ? "" : sanitizePath(args.get(0)));
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            String path = sanitizePath(args.get(0));
            return printList(this, client.list(path), path, json);
        }
    }

    /** Vault's list output: {@code Keys} and one key per line; nothing is exit 2. */
    static int printList(DataCommand cmd, JsonNode secret, String path, boolean json) throws Exception {
        if (secret == null || !secret.path("data").isObject()) {
            throw new ClientCommand.Failure(2, "No value found at " + path);
        }
        JsonNode keys = secret.path("data").get("keys");
        if (keys == null || !keys.isArray()) {
            throw new ClientCommand.Failure(2, "No entries found at " + path);
        }
        if (json) {
            cmd.printJson(keys);
        } else {
            cmd.printWarnings(secret);
            cmd.printLines(Tables.keys(keys));
        }
        return 0;
    }

    /** {@code delete PATH [K=V ...]}: DELETE. */
    @Command(name = "delete", description = "Delete secrets and configuration", mixinStandardHelpOptions = true)
    static final class Delete extends DataCommand {
        @Parameters(paramLabel = "PATH", arity = "0..*")
        List<String> args = new ArrayList<>();

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "deleting " + (args.isEmpty() ? "" : sanitizePath(args.get(0)));
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, Integer.MAX_VALUE);
            String path = sanitizePath(args.get(0));
            Map<String, Object> data = parseData(args.subList(1, args.size()));
            JsonNode secret = client.write("DELETE", path, data.isEmpty() ? null : data);
            if (secret != null && json) {
                printSecret(secret, true);
            } else if (!json) {
                ctx.out().println("Success! Data deleted (if it existed) at: " + path);
            }
            return 0;
        }
    }
}
