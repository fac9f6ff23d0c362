package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code token create|lookup|renew|revoke} against {@code auth/token/} (spec 2.1, 8; vault-compat). */
final class TokenCommands {

    private TokenCommands() {}

    /**
     * {@code token create}: {@code auth/token/create}, {@code create-orphan} with {@code -orphan}, or
     * {@code create/ROLE} with {@code -role}. The body is the Go client's: {@code display_name} and
     * {@code num_uses} always, the rest only when given.
     */
    @Command(name = "create", description = "Create a new token", mixinStandardHelpOptions = true)
    static final class Create extends DataCommand {
        @Option(names = {"-policy", "--policy"}, paramLabel = "<name>", split = ",",
                description = "A policy of the token (repeatable)")
        List<String> policies = new ArrayList<>();

        @Option(names = {"-ttl", "--ttl"}, paramLabel = "<duration>", description = "Initial TTL")
        String ttl;

        @Option(names = {"-explicit-max-ttl", "--explicit-max-ttl"}, paramLabel = "<duration>",
                description = "Hard limit of the token's life, renewals included")
        String explicitMaxTtl;

        @Option(names = {"-period", "--period"}, paramLabel = "<duration>", description = "Periodic token")
        String period;

        @Option(names = {"-orphan", "--orphan"}, arity = "0..1", fallbackValue = "true",
                description = "Create the token with no parent")
        boolean orphan;

        @Option(names = {"-use-limit", "--use-limit"}, paramLabel = "<int>", defaultValue = "0",
                description = "Number of uses; 0 = unlimited")
        int useLimit;

        @Option(names = {"-display-name", "--display-name"}, paramLabel = "<string>", defaultValue = "",
                description = "Name shown in lookups")
        String displayName;

        @Option(names = {"-no-default-policy", "--no-default-policy"}, arity = "0..1", fallbackValue = "true",
                description = "Do not attach the default policy")
        boolean noDefaultPolicy;

        @Option(names = {"-id", "--id"}, paramLabel = "<string>", description = "The token's value (sudo)")
        String id;

        @Option(names = {"-renewable", "--renewable"}, arity = "0..1", fallbackValue = "true",
                defaultValue = "true", description = "Allow renewals. Default: true")
        boolean renewable;

        @Option(names = {"-metadata", "--metadata"}, paramLabel = "<key=value>",
                description = "Metadata pair (repeatable)")
        List<String> metadata = new ArrayList<>();

        @Option(names = {"-role", "--role"}, paramLabel = "<name>", description = "Create against this role")
        String role;

        @Option(names = {"-type", "--type"}, paramLabel = "<service|batch>", defaultValue = "",
                description = "Token type")
        String type;

        @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
        String field;

        @Parameters(arity = "0..*", hidden = true)
        List<String> args = new ArrayList<>();

        Create(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "creating token";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 0, 0);
            Map<String, Object> body = new LinkedHashMap<>();
            if (id != null) {
                body.put("id", id);
            }
            if (!policies.isEmpty()) {
                body.put("policies", policies.stream().map(String::strip).filter(p -> !p.isEmpty()).toList());
            }
            Map<String, String> meta = new LinkedHashMap<>();
            for (String pair : metadata) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new Failure(1, "invalid value \"" + pair + "\" for flag -metadata: format must be key=value");
                }
                meta.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            if (!meta.isEmpty()) {
                body.put("meta", meta);
            }
            if (ttl != null) {
                body.put("ttl", FlagDurations.wire("ttl", ttl));
            }
            if (explicitMaxTtl != null) {
                body.put("explicit_max_ttl", FlagDurations.wire("explicit-max-ttl", explicitMaxTtl));
            }
            if (period != null) {
                body.put("period", FlagDurations.wire("period", period));
            }
            if (orphan) {
                body.put("no_parent", true);
            }
            if (noDefaultPolicy) {
                body.put("no_default_policy", true);
            }
            // vault-compat: the Go client always sends these (spec 2.1)
            body.put("display_name", displayName);
            body.put("num_uses", useLimit);
            body.put("renewable", renewable);
            body.put("type", type);
            String path = role != null ? "auth/token/create/" + role
                    : orphan ? "auth/token/create-orphan" : "auth/token/create";
            JsonNode secret = client.write("POST", path, body);
            if (secret == null) {
                throw new Failure(2, "Error creating token: empty response from the server");
            }
            if (field != null) {
                return printField(secretFields(secret), field, json);
            }
            printSecret(secret, json);
            return 0;
        }
    }

    /** {@code token lookup [TOKEN]} or {@code token lookup -accessor ACCESSOR}. */
    @Command(name = "lookup", description = "Display information about a token", mixinStandardHelpOptions = true)
    static final class Lookup extends DataCommand {
        @Option(names = {"-accessor", "--accessor"}, arity = "0..1", fallbackValue = "true",
                description = "The argument is an accessor")
        boolean accessor;

        @Parameters(paramLabel = "TOKEN|ACCESSOR", arity = "0..*")
        List<String> args = new ArrayList<>();

        Lookup(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "looking up token";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            JsonNode secret;
            if (accessor) {
                expectArgs(args, 1, 1);
                secret = client.write("POST", "auth/token/lookup-accessor", Map.of("accessor", args.get(0)));
            } else if (args.isEmpty()) {
                secret = client.read("auth/token/lookup-self", null);
            } else {
                expectArgs(args, 0, 1);
                secret = client.write("POST", "auth/token/lookup", Map.of("token", args.get(0)));
            }
            if (secret == null) {
                throw new Failure(2, "Error looking up token: no token information returned");
            }
            printSecret(secret, json);
            return 0;
        }
    }

    /** {@code token renew [-increment=D] [TOKEN]} or {@code -accessor ACCESSOR}. */
    @Command(name = "renew", description = "Renew a token's lease", mixinStandardHelpOptions = true)
    static final class Renew extends DataCommand {
        @Option(names = {"-increment", "--increment", "-i"}, paramLabel = "<duration>",
                description = "Requested new TTL; default: the token's own")
        String increment;

        @Option(names = {"-accessor", "--accessor"}, arity = "0..1", fallbackValue = "true",
                description = "The argument is an accessor")
        boolean accessor;

        @Parameters(paramLabel = "TOKEN|ACCESSOR", arity = "0..*")
        List<String> args = new ArrayList<>();

        Renew(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "renewing token";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, accessor ? 1 : 0, 1);
            Map<String, Object> body = new LinkedHashMap<>();
            if (increment != null) {
                body.put("increment", FlagDurations.seconds("increment", increment));
            }
            JsonNode secret;
            if (accessor) {
                body.put("accessor", args.get(0));
                secret = client.write("POST", "auth/token/renew-accessor", body);
            } else if (args.isEmpty()) {
                secret = client.write("PUT", "auth/token/renew-self", body);
            } else {
                body.put("token", args.get(0));
                secret = client.write("PUT", "auth/token/renew", body);
            }
            if (secret == null) {
                throw new Failure(2, "Error renewing token: no token information returned");
            }
            printSecret(secret, json);
            return 0;
        }
    }

    /** {@code token revoke [-self | -accessor | -mode=orphan|path] [TOKEN]}. */
    @Command(name = "revoke", description = "Revoke a token and its children", mixinStandardHelpOptions = true)
    static final class Revoke extends DataCommand {
        @Option(names = {"-self", "--self"}, arity = "0..1", fallbackValue = "true",
                description = "Revoke the token in use")
        boolean self;

        @Option(names = {"-accessor", "--accessor"}, arity = "0..1", fallbackValue = "true",
                description = "The argument is an accessor")
        boolean accessor;

        @Option(names = {"-mode", "--mode"}, paramLabel = "<orphan|path>", defaultValue = "",
                description = "orphan: keep the children (sudo); path: revoke by lease prefix")
        String mode;

        @Parameters(paramLabel = "TOKEN|ACCESSOR", arity = "0..*")
        List<String> args = new ArrayList<>();

        Revoke(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "revoking token";
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            if (!mode.isEmpty() && !mode.equals("orphan") && !mode.equals("path")) {
                throw new Failure(1, "Invalid mode: " + mode + " (use orphan or path)");
            }
            if (self) {
                if (accessor) {
                    throw new Failure(1, "Cannot use -self with -accessor");
                }
                if (!mode.isEmpty()) {
                    throw new Failure(1, "Cannot use -self with -mode");
                }
                if (!args.isEmpty()) {
                    throw new Failure(1, "Tokens cannot be specified with -self");
                }
                client.write("PUT", "auth/token/revoke-self", null);
            } else {
                expectArgs(args, 1, 1);
                String value = args.get(0);
                if (accessor) {
                    if (!mode.isEmpty()) {
                        throw new Failure(1, "Cannot use -accessor with -mode");
                    }
                    client.write("POST", "auth/token/revoke-accessor", Map.of("accessor", value));
                } else if (mode.equals("orphan")) {
                    client.write("PUT", "auth/token/revoke-orphan", Map.of("token", value));
                } else if (mode.equals("path")) {
                    client.write("PUT", "sys/leases/revoke-prefix/" + sanitizePath(value), null);
                } else {
                    client.write("PUT", "auth/token/revoke", Map.of("token", value));
                }
            }
            ctx.out().println("Success! Revoked token (if it existed)");
            return 0;
        }
    }
}
