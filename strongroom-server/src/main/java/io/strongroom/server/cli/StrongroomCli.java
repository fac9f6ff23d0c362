package io.strongroom.server.cli;

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
@Command(name = "strongroom", mixinStandardHelpOptions = true,
        description = "A secrets server that speaks HashiCorp Vault's HTTP API")
public final class StrongroomCli implements Callable<Integer> {

    private final CliContext ctx;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private StrongroomCli(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Parses {@code args}, runs the command and returns its exit code; never calls {@code System.exit}. */
    public static int execute(CliContext ctx, ServerRunner serverRunner, Diagnoser diagnoser, String... args) {
        CommandLine cli = build(ctx, serverRunner, diagnoser);
        int code = cli.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /** The command tree; exposed for help generation and tests. */
    public static CommandLine build(CliContext ctx, ServerRunner serverRunner, Diagnoser diagnoser) {
        CommandLine operator = new CommandLine(new OperatorCommand(ctx))
                .addSubcommand("init", new OperatorInitCommand(ctx))
                .addSubcommand("unseal", new OperatorUnsealCommand(ctx))
                .addSubcommand("seal", new OperatorSealCommand(ctx))
                .addSubcommand("rotate", new OperatorRotateCommand(ctx))
                .addSubcommand("key-status", new OperatorKeyStatusCommand(ctx))
                .addSubcommand("rekey", new OperatorRekeyCommand(ctx))
                .addSubcommand("generate-root", new OperatorGenerateRootCommand(ctx))
                .addSubcommand("diagnose", new OperatorDiagnoseCommand(ctx, diagnoser));
        CommandLine cli = new CommandLine(new StrongroomCli(ctx))
                .addSubcommand("server", new ServerCommand(ctx, serverRunner))
                .addSubcommand("status", new StatusCommand(ctx))
                .addSubcommand("operator", operator);
        DataCommands.register(cli, ctx);
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

    /** {@code strongroom operator}: a group; alone it prints its usage. */
    @Command(name = "operator", description = "Perform operator-specific tasks", mixinStandardHelpOptions = true)
    static final class OperatorCommand implements Callable<Integer> {
        private final CliContext ctx;

        OperatorCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.err().println("Usage: strongroom operator <init|unseal|seal|diagnose> [options]");
            return 1;
        }
    }
}
