package io.strongroom.server.cli;

import picocli.CommandLine.Option;

/**
 * The options every command that talks to a server shares. Vault spells long options with one dash
 * ({@code -address=...}); both spellings are accepted.
 *
 * <p>Precedence, as Vault: the flag, then the environment ({@code VAULT_ADDR}, {@code VAULT_TOKEN},
 * {@code VAULT_FORMAT}), then the default ({@code http://127.0.0.1:8200}, {@code ~/.vault-token}, table).
 */
public final class ClientOptions {

    static final String DEFAULT_ADDRESS = "http://127.0.0.1:8200";

    @Option(names = {"-address", "--address"}, paramLabel = "<string>",
            description = "Address of the server. Overrides VAULT_ADDR. Default: " + DEFAULT_ADDRESS)
    String address;

    @Option(names = {"-token", "--token"}, paramLabel = "<string>",
            description = "Token for authenticated requests. Overrides VAULT_TOKEN.")
    String token;

    @Option(names = {"-format", "--format"}, paramLabel = "<table|json>",
            description = "Output format: table or json. Overrides VAULT_FORMAT. Default: table")
    String format;

    String address(CliContext ctx) {
        if (address != null && !address.isEmpty()) {
            return address;
        }
        String env = ctx.env("VAULT_ADDR");
        return env != null ? env : DEFAULT_ADDRESS;
    }

    String token(CliContext ctx) {
        if (token != null && !token.isEmpty()) {
            return token;
        }
        String env = ctx.env("VAULT_TOKEN");
        if (env != null) {
            return env;
        }
        // vault-compat: the token helper's file (spec 7), written by `login`
        TokenHelper helper = TokenHelper.of(ctx);
        return helper == null ? null : helper.get();
    }

    /** True for json; false for table. */
    boolean json(CliContext ctx) {
        String value = format != null ? format : ctx.env("VAULT_FORMAT");
        if (value == null || value.equalsIgnoreCase("table")) {
            return false;
        }
        if (value.equalsIgnoreCase("json")) {
            return true;
        }
        throw new UsageException("invalid -format \"" + value + "\": use table or json");
    }

    ApiClient client(CliContext ctx) {
        return new ApiClient(address(ctx), token(ctx));
    }
}
