package io.strongroom.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strongroom operator diagnose}: hands the configuration to a {@link Diagnoser}. */
@Command(name = "diagnose", description = "Check a configuration without starting the server",
        mixinStandardHelpOptions = true)
final class OperatorDiagnoseCommand implements Callable<Integer> {

    @Option(names = {"-config", "--config"}, paramLabel = "<path>",
            description = "Configuration file or folder; repeat to merge several")
    List<String> config = new ArrayList<>();

    private final CliContext ctx;
    private final Diagnoser diagnoser;

    OperatorDiagnoseCommand(CliContext ctx, Diagnoser diagnoser) {
        this.ctx = ctx;
        this.diagnoser = diagnoser;
    }

    @Override
    public Integer call() {
        if (config.isEmpty()) {
            ctx.err().println("At least one config path must be specified with -config");
            return 1;
        }
        return diagnoser.diagnose(new DiagnoseOptions(config), ctx.out(), ctx.err());
    }
}
