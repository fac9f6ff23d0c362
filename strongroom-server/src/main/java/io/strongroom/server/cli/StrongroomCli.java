package io.strongroom.server.cli;

import io.strongroom.server.build.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code strongroom} command line: {@code server}, {@code status}, {@code operator init|unseal|seal|
 * diagnose}, and the data commands of {@link DataCommands} ({@code kv}, {@code read}, {@code write},
 * {@code list}, {@code delete}, {@code token}, {@code policy}, {@code secrets}, {@code login}), with Vault's flag
 * spelling ({@code -address=...}) and exit codes (0 ok, 1 usage or local error,
 * 2 remote error; {@code status}: 2 = sealed).
 *
 * <p>Commands get their environment and streams from a {@link CliContext}, never from {@link System}, so that
 * tests run them in-process.
 */
@Command(name = "strongroom", versionProvider = StrongroomCli.Version.class,
        description = "A secrets server that speaks HashiCorp Vault's HTTP API")
public final class StrongroomCli implements Callable<Integer> {

    private final CliContext ctx;

    @CommandLine.Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    // vault-compat: `vault -v`, `vault -version` and `vault --version` print what `vault version` prints
    @CommandLine.Option(names = {"-v", "-version", "--version"}, versionHelp = true,
            description = "Print the version and exit")
    boolean version;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private StrongroomCli(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Parses {@code args}, runs the command and returns its exit code; never calls {@code System.exit}.
     *
     * <p>Only the command named by the first argument is built: picocli reads each command's annotations by
     * reflection when it is added, and building all of them took most of a CLI command's time (docs/benchmarks.md).
     * With no command, or a name that no command has, the whole tree is built, for the usage listing.
     */
    public static int execute(CliContext ctx, ServerRunner serverRunner, Diagnoser diagnoser, String... args) {
        String first = args.length == 0 || args[0].startsWith("-") ? null : args[0];
        CommandLine cli = first == null ? null : build(ctx, serverRunner, diagnoser, first::equals);
        if (cli == null || cli.getSubcommands().isEmpty()) {
            cli = build(ctx, serverRunner, diagnoser);
        }
        int code = cli.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /** The whole command tree; exposed for help generation and tests. */
    public static CommandLine build(CliContext ctx, ServerRunner serverRunner, Diagnoser diagnoser) {
        return build(ctx, serverRunner, diagnoser, name -> true);
    }

    /** The command tree with only the top-level commands that {@code wanted} accepts. */
    static CommandLine build(CliContext ctx, ServerRunner serverRunner, Diagnoser diagnoser,
            java.util.function.Predicate<String> wanted) {
        CommandLine cli = new CommandLine(new StrongroomCli(ctx));
        Commands commands = new Commands(cli, wanted)
                .add("server", () -> new ServerCommand(ctx, serverRunner))
                .add("status", () -> new StatusCommand(ctx))
                .add("version", () -> new VersionCommand(ctx))
                .add("operator", () -> new CommandLine(new OperatorCommand(ctx))
                        .addSubcommand("init", new OperatorInitCommand(ctx))
                        .addSubcommand("unseal", new OperatorUnsealCommand(ctx))
                        .addSubcommand("seal", new OperatorSealCommand(ctx))
                        .addSubcommand("step-down", new OperatorStepDownCommand(ctx))
                        .addSubcommand("seal-rewrap", new OperatorSealRewrapCommand(ctx))
                        .addSubcommand("key-usage", new OperatorKeyUsageCommand(ctx))
                        .addSubcommand("rotate", new OperatorRotateCommand(ctx))
                        .addSubcommand("key-status", new OperatorKeyStatusCommand(ctx))
                        .addSubcommand("rekey", new OperatorRekeyCommand(ctx))
                        .addSubcommand("generate-root", new OperatorGenerateRootCommand(ctx))
                        .addSubcommand("diagnose", new OperatorDiagnoseCommand(ctx, diagnoser)));
        DataCommands.register(commands, ctx);
        // Vault's single-dash long flags must never be read as clustered short options.
        cli.setPosixClusteredShortOptionsAllowed(false);
        // vault-compat: "@file.json" and "k=@file" are argument data, not picocli argument files
        cli.setExpandAtFiles(false);
        // vault-compat: as Go's flag package, flags stop at the first argument, so data such as "-" or
        // "k=-v" after the path is never read as a flag
        cli.setStopAtPositional(true);
        cli.setOut(ctx.out());
        cli.setErr(ctx.err());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            if (ex instanceof CommandLine.UnmatchedArgumentException && !where.getSubcommands().isEmpty()) {
                // vault-compat: an unknown command prints the usage (what exists), not a parser message
                where.usage(ctx.err());
                return 1;
            }
            // vault-compat: usage errors exit 1 (picocli's default would be 2, Vault's "remote error")
            ctx.err().println(ex.getMessage());
            where.usage(ctx.err());
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ctx.err().println("Error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() {
        // No subcommand: show what exists, and fail like any other usage error.
        spec.commandLine().usage(ctx.err());
        return 1;
    }

    /** The version line of {@link BuildInfo#versionLine()}, for {@code -version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.versionLine()};
        }
    }

    /** {@code strongroom version}: prints the version line; needs no server. */
    @Command(name = "version", description = "Print the Strongroom version", mixinStandardHelpOptions = true)
    static final class VersionCommand implements Callable<Integer> {
        private final CliContext ctx;

        VersionCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.out().println(BuildInfo.versionLine());
            return 0;
        }
    }

    /** {@code strongroom operator}: a group; alone it prints its usage. */
    @Command(name = "operator", description = "Perform operator-specific tasks", mixinStandardHelpOptions = true)
    static final class OperatorCommand implements Callable<Integer> {
        private final CliContext ctx;

        OperatorCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.err().println("Usage: strongroom operator <init|unseal|seal|seal-rewrap|key-usage|diagnose> [options]");
            return 1;
        }
    }
}
