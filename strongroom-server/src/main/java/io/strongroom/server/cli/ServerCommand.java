package io.strongroom.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strongroom server}: parses Vault's server flags and hands them to a {@link ServerRunner}. */
@Command(name = "server", description = "Start a server", mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {

    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error");

    @Option(names = {"-config", "--config"}, paramLabel = "<path>",
            description = "Configuration file or folder; repeat to merge several")
    List<String> config = new ArrayList<>();

    @Option(names = {"-dev", "--dev"}, description = "Development mode: in-memory, unsealed, root token printed")
    boolean dev;

    @Option(names = {"-dev-root-token-id", "--dev-root-token-id"}, paramLabel = "<string>",
            description = "Dev mode root token. Overrides VAULT_DEV_ROOT_TOKEN_ID")
    String devRootTokenId;

    @Option(names = {"-dev-listen-address", "--dev-listen-address"}, paramLabel = "<host:port>",
            description = "Dev mode listen address. Overrides VAULT_DEV_LISTEN_ADDRESS. Default: 127.0.0.1:8200")
    String devListenAddress;

    @Option(names = {"-log-level", "--log-level"}, paramLabel = "<level>",
            description = "trace, debug, info, warn or error. Overrides VAULT_LOG_LEVEL and the config's log_level. "
                    + "Default: info")
    String logLevel;

    private final CliContext ctx;
    private final ServerRunner runner;

    ServerCommand(CliContext ctx, ServerRunner runner) {
        this.ctx = ctx;
        this.runner = runner;
    }

    @Override
    public Integer call() {
        if (config.isEmpty() && !dev) {
            // vault-compat: same rule and exit code as vault server
            ctx.err().println("At least one config path must be specified with -config");
            return 1;
        }
        // vault-compat: -log-level, then VAULT_LOG_LEVEL, then the config's log_level, then info; null here
        // lets the config file decide
        String level = first(logLevel, ctx.env("VAULT_LOG_LEVEL"), null);
        if (level != null) {
            level = level.toLowerCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                ctx.err().println("unknown log level: " + level);
                return 1;
            }
            level = level.equals("warning") ? "warn" : level;
        }
        ServerOptions options = new ServerOptions(config, dev,
                first(devRootTokenId, ctx.env("VAULT_DEV_ROOT_TOKEN_ID"), null),
                first(devListenAddress, ctx.env("VAULT_DEV_LISTEN_ADDRESS"), "127.0.0.1:8200"),
                level);
        return runner.run(options, ctx.out(), ctx.err());
    }

    private static String first(String flag, String env, String fallback) {
        if (flag != null && !flag.isEmpty()) {
            return flag;
        }
        return env != null ? env : fallback;
    }
}
