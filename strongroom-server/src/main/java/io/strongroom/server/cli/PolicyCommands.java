package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code policy write|read|list|delete|fmt} over {@code sys/policies/acl} (spec 3.6, 8; vault-compat). */
final class PolicyCommands {

    private PolicyCommands() {}

    /** vault-compat: policy names are trimmed and lower-cased by the CLI before they are sent. */
    static String policyName(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }

    /** {@code policy write NAME FILE|-}. */
    @Command(name = "write", description = "Upload a policy", mixinStandardHelpOptions = true)
    static final class Write extends DataCommand {
        @Parameters(paramLabel = "NAME FILE|-", arity = "0..*")
        List<String> args = new ArrayList<>();

        Write(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "uploading policy";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 2, 2);
            String name = policyName(args.get(0));
            String rules;
            try {
                rules = args.get(1).equals("-") ? new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(args.get(1)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Failure(1, "Error opening policy file: " + e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            client.write("PUT", "sys/policies/acl/" + name, Map.of("policy", rules));
            ctx.out().println("Success! Uploaded policy: " + name);
            return 0;
        }
    }

    /** {@code policy read NAME}: the rules as stored; json prints {@code {"policy": ...}}. */
    @Command(name = "read", description = "Print the contents of a policy", mixinStandardHelpOptions = true)
    static final class Read extends DataCommand {
        @Parameters(paramLabel = "NAME", arity = "0..*")
        List<String> args = new ArrayList<>();

        private String name = "";

        Read(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "reading policy named " + name;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            name = policyName(args.get(0));
            JsonNode secret = client.read("sys/policies/acl/" + name, null);
            String rules = secret == null ? "" : secret.path("data").path("policy").asText("");
            if (rules.isEmpty()) {
                throw new Failure(2, "No policy named: " + name);
            }
            if (json) {
                printJson(Map.of("policy", rules));
            } else {
                ctx.out().println(rules.strip());
            }
            return 0;
        }
    }

    /** {@code policy list}: one name per line (no header, as Vault's CLI). */
    @Command(name = "list", description = "List the installed policies", mixinStandardHelpOptions = true)
    static final class ListNames extends DataCommand {
        @Parameters(arity = "0..*", hidden = true)
        List<String> args = new ArrayList<>();

        ListNames(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "listing policies";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 0, 0);
            JsonNode secret = client.list("sys/policies/acl");
            JsonNode keys = secret == null ? ApiClient.JSON.createArrayNode() : secret.path("data").path("keys");
            if (json) {
                printJson(keys);
            } else {
                keys.forEach(k -> ctx.out().println(k.asText()));
            }
            return 0;
        }
    }

    /** {@code policy delete NAME}. */
    @Command(name = "delete", description = "Delete a policy by name", mixinStandardHelpOptions = true)
    static final class Delete extends DataCommand {
        @Parameters(paramLabel = "NAME", arity = "0..*")
        List<String> args = new ArrayList<>();

        private String name = "";

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "deleting " + name;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            name = policyName(args.get(0));
            client.write("DELETE", "sys/policies/acl/" + name, null);
            ctx.out().println("Success! Deleted policy: " + name);
            return 0;
        }
    }

    /**
     * {@code policy fmt FILE}: local only (see {@link PolicyFormatter}: a syntax check and a canonical layout,
     * written back to the file). Never contacts the server.
     */
    @Command(name = "fmt", description = "Check a policy's syntax and rewrite it in canonical layout (local)",
            mixinStandardHelpOptions = true)
    static final class Fmt extends DataCommand {
        @Parameters(paramLabel = "FILE", arity = "0..*")
        List<String> args = new ArrayList<>();

        Fmt(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "formatting policy";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            Path file = Path.of(args.get(0));
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Failure(1, "Error opening policy file: " + e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            String formatted;
            try {
                formatted = PolicyFormatter.format(text);
            } catch (IllegalArgumentException e) {
                throw new Failure(1, "Failed to parse policy: " + e.getMessage());
            }
            try {
                Files.writeString(file, formatted, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Failure(1, "Error writing formatted policy: " + e.getMessage());
            }
            ctx.out().println("Success! Formatted policy: " + args.get(0));
            return 0;
        }
    }
}
