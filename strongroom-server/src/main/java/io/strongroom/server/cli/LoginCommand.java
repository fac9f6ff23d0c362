package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code login [TOKEN|-]}: checks the token with {@code auth/token/lookup-self} and stores it with the token
 * helper ({@code ~/.vault-token}, mode 0600), so later commands use it when {@code VAULT_TOKEN} is unset
 * (spec 8, vault-compat). Without TOKEN it prompts without echo; {@code -} reads it from standard input.
 */
@Command(name = "login", description = "Authenticate locally with a token", mixinStandardHelpOptions = true)
final class LoginCommand extends DataCommand {

    @Option(names = {"-method", "--method"}, paramLabel = "<token>", defaultValue = "token",
            description = "Auth method; only token is supported")
    String method;

    @Option(names = {"-no-store", "--no-store"}, arity = "0..1", fallbackValue = "true",
            description = "Do not store the token with the token helper")
    boolean noStore;

    @Option(names = {"-field", "--field"}, paramLabel = "<string>", description = "Print only this field")
    String field;

    @Parameters(paramLabel = "TOKEN", arity = "0..*")
    List<String> args = new ArrayList<>();

    LoginCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "authenticating";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        if (!method.equals("token")) {
            throw new Failure(1, "Unknown auth method: " + method + ". Only token is supported.");
        }
        expectArgs(args, 0, 1);
        String token = readToken();
        if (token == null || token.isBlank()) {
            throw new Failure(1, "Error authenticating: a token must be passed to auth, please view the help for"
                    + " more information");
        }
        token = token.strip();
        JsonNode lookup;
        try {
            lookup = client.withToken(token).read("auth/token/lookup-self", null);
        } catch (ApiErrorException e) {
            throw new Failure(2, "Error authenticating: error looking up token: " + e.getMessage());
        }
        if (lookup == null || !lookup.path("data").isObject()) {
            throw new Failure(2, "Error authenticating: empty response from lookup-self");
        }
        if (!noStore) {
            TokenHelper helper = TokenHelper.of(ctx);
            if (helper == null) {
                throw new Failure(2, "Error storing token: no home directory (HOME is not set)");
            }
            try {
                helper.store(token);
            } catch (IOException e) {
                throw new Failure(2, "Error storing token: " + e.getMessage());
            }
        }
        ObjectNode secret = asAuthSecret(token, lookup);
        if (field != null) {
            return printField(secretFields(secret), field, json);
        }
        if (json) {
            printJson(secret);
            return 0;
        }
        if (ctx.env("VAULT_TOKEN") != null) {
            // vault-compat: the environment still wins over the helper
            ctx.err().println("WARNING! The VAULT_TOKEN environment variable is set! The value of this variable"
                    + " will take precedence; if this is unwanted please unset VAULT_TOKEN or update its value"
                    + " accordingly.");
            ctx.err().println();
        }
        if (noStore) {
            ctx.out().println("Success! You are now authenticated. The token information displayed below is not"
                    + " stored in the token helper; set VAULT_TOKEN or pass -token to use it.");
        } else {
            ctx.out().println("Success! You are now authenticated. The token information displayed below");
            ctx.out().println("is already stored in the token helper. You do NOT need to run \"vault login\"");
            ctx.out().println("again. Future Vault requests will automatically use this token.");
        }
        ctx.out().println();
        printLines(Tables.secret(secret));
        return 0;
    }

    private String readToken() throws IOException {
        if (args.isEmpty()) {
            return ctx.secretPrompt().apply("Token (will be hidden): ");
        }
        if (args.get(0).equals("-")) {
            return new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
        }
        return args.get(0);
    }

    /** vault-compat: the token method's answer: an {@code auth} block built from the lookup {@code data}. */
    static ObjectNode asAuthSecret(String token, JsonNode lookup) {
        JsonNode data = lookup.path("data");
        ObjectNode secret = ApiClient.JSON.createObjectNode();
        secret.put("request_id", lookup.path("request_id").asText(""));
        secret.put("lease_id", "");
        secret.put("lease_duration", 0);
        secret.put("renewable", false);
        secret.putNull("data");
        secret.putNull("warnings");
        ObjectNode auth = secret.putObject("auth");
        auth.put("client_token", token);
        auth.put("accessor", data.path("accessor").asText(""));
        auth.set("policies", data.path("policies").isArray() ? data.get("policies")
                : ApiClient.JSON.createArrayNode());
        auth.set("token_policies", data.path("policies").isArray() ? data.get("policies")
                : ApiClient.JSON.createArrayNode());
        auth.set("identity_policies", data.path("identity_policies").isArray() ? data.get("identity_policies")
                : ApiClient.JSON.createArrayNode());
        auth.set("metadata", data.path("meta").isObject() ? data.get("meta") : ApiClient.JSON.nullNode());
        auth.put("orphan", data.path("orphan").asBoolean(false));
        auth.put("entity_id", data.path("entity_id").asText(""));
        auth.put("lease_duration", data.path("ttl").asLong(0));
        auth.put("renewable", data.path("renewable").asBoolean(false));
        return secret;
    }
}
