package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Base of the data-plane commands ({@code read}, {@code kv ...}, {@code token ...}, {@code policy ...},
 * {@code secrets ...}): Vault's output helpers, and exit code 2 for any failure to talk to the server (spec 8:
 * "2 remote/server error (any API failure, TLS ...)").
 */
abstract class DataCommand extends ClientCommand {

    DataCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int connectionErrorCode() {
        return 2;
    }

    /** Parses argument data ({@code k=v}, {@code k=@file}, {@code -}); a bad argument is exit 1. */
    Map<String, Object> parseData(List<String> args) {
        try {
            return new ArgData(ctx.in(), Path.of("")).parse(args);
        } catch (UsageException e) {
            // vault-compat: the text of Vault's commands for bad K=V data
            throw new Failure(1, "Failed to parse K=V data: " + e.getMessage());
        }
    }

    /** vault-compat: OutputSecret: the raw envelope for json, else warnings then the secret table. */
    void printSecret(JsonNode envelope, boolean json) throws Exception {
        if (json) {
            printJson(envelope);
            return;
        }
        printWarnings(envelope);
        printLines(Tables.secret(envelope));
    }

    /** vault-compat: warnings go to standard error under Vault's heading. */
    void printWarnings(JsonNode envelope) {
        JsonNode warnings = envelope == null ? null : envelope.get("warnings");
        if (warnings == null || !warnings.isArray() || warnings.isEmpty()) {
            return;
        }
        ctx.err().println("WARNING! The following warnings were returned from Vault:");
        ctx.err().println();
        for (JsonNode w : warnings) {
            ctx.err().println("  * " + w.asText());
            ctx.err().println();
        }
    }

    /**
     * vault-compat: {@code -field}: the one value, raw ({@code %v}), with no newline unless standard output is a
     * terminal (so {@code $(strongroom kv get -field=password ...)} holds exactly the value); json format prints
     * it as JSON. A missing field is exit 1.
     */
    int printField(JsonNode container, String field, boolean json) throws Exception {
        JsonNode value = container == null ? null : container.get(field);
        if (value == null) {
            throw new Failure(1, "Field \"" + field + "\" not present in secret");
        }
        if (json) {
            printJson(value);
        } else if (ctx.terminal()) {
            ctx.out().println(Tables.goValue(value));
        } else {
            ctx.out().print(Tables.goValue(value));
        }
        return 0;
    }

    /** The fields {@code -field} can pick from a whole secret: its data plus the auth and lease rows. */
    static JsonNode secretFields(JsonNode envelope) {
        com.fasterxml.jackson.databind.node.ObjectNode all = ApiClient.JSON.createObjectNode();
        JsonNode auth = envelope.path("auth");
        if (auth.isObject()) {
            all.put("token", auth.path("client_token").asText());
            all.put("token_accessor", auth.path("accessor").asText());
            all.put("token_duration", auth.path("lease_duration").asLong());
            all.put("token_renewable", auth.path("renewable").asBoolean());
            all.set("token_policies", auth.path("token_policies"));
            all.set("identity_policies", auth.path("identity_policies"));
            all.set("policies", auth.path("policies"));
        }
        if (envelope.path("lease_duration").asLong() > 0) {
            all.put("lease_id", envelope.path("lease_id").asText());
            all.put("lease_duration", envelope.path("lease_duration").asLong());
            all.put("refresh_interval", envelope.path("lease_duration").asLong());
        }
        if (envelope.path("data").isObject()) {
            all.setAll((com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("data"));
        }
        return all;
    }
}
