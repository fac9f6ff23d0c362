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

    @Option(names = {"-ca-cert", "--ca-cert"}, paramLabel = "<string>",
            description = "PEM CA certificate file to verify the server's certificate. Overrides VAULT_CACERT.")
    String caCert;

    @Option(names = {"-ca-path", "--ca-path"}, paramLabel = "<string>",
            description = "Directory of PEM CA certificates to verify the server's certificate. Overrides VAULT_CAPATH.")
    String caPath;

    @Option(names = {"-client-cert", "--client-cert"}, paramLabel = "<string>",
            description = "PEM client certificate for TLS authentication. Overrides VAULT_CLIENT_CERT.")
    String clientCert;

    @Option(names = {"-client-key", "--client-key"}, paramLabel = "<string>",
            description = "PEM private key of -client-cert. Overrides VAULT_CLIENT_KEY.")
    String clientKey;

    @Option(names = {"-tls-skip-verify", "--tls-skip-verify"}, arity = "0..1", fallbackValue = "true",
            paramLabel = "<bool>", description = "Do not verify the server's certificate (insecure). "
                    + "Overrides VAULT_SKIP_VERIFY.")
    Boolean tlsSkipVerify;

    @Option(names = {"-tls-server-name", "--tls-server-name"}, paramLabel = "<string>",
            description = "Name to use as SNI and to verify the server's certificate. Overrides VAULT_TLS_SERVER_NAME.")
    String tlsServerName;

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

    /** The TLS settings: each flag, else its VAULT_* variable. */
    ClientTls tls(CliContext ctx) {
        boolean skip;
        if (tlsSkipVerify != null) {
            skip = tlsSkipVerify;
        } else {
            String env = ctx.env("VAULT_SKIP_VERIFY");
            // vault-compat: strconv.ParseBool spellings
            skip = env != null && switch (env.toLowerCase(java.util.Locale.ROOT)) {
                case "1", "t", "true" -> true;
                case "0", "f", "false" -> false;
                default -> throw new UsageException("invalid VAULT_SKIP_VERIFY \"" + env + "\": use true or false");
            };
        }
        return new ClientTls(or(caCert, ctx.env("VAULT_CACERT")), or(caPath, ctx.env("VAULT_CAPATH")),
                or(clientCert, ctx.env("VAULT_CLIENT_CERT")), or(clientKey, ctx.env("VAULT_CLIENT_KEY")), skip,
                or(tlsServerName, ctx.env("VAULT_TLS_SERVER_NAME")));
    }

    ApiClient client(CliContext ctx) {
        ClientTls tls = tls(ctx);
        if (tls.skipVerify()) {
            ctx.err().println("WARNING: TLS certificate verification is disabled (-tls-skip-verify /"
                    + " VAULT_SKIP_VERIFY); the connection is not protected against impersonation.");
        }
        return new ApiClient(address(ctx), token(ctx), tls);
    }

    private static String or(String flag, String env) {
        return flag != null && !flag.isEmpty() ? flag : env;
    }
}
