package io.strongroom.server.cli;

import picocli.CommandLine.Command;

/**
 * {@code strongroom operator step-down}: asks the active node to give up leadership (needs root or sudo on
 * {@code sys/step-down}). vault-compat: prints {@code Success! Stepped down: <addr>}.
 */
@Command(name = "step-down", description = "Force the active node to step down from leadership",
        mixinStandardHelpOptions = true)
final class OperatorStepDownCommand extends ClientCommand {

    OperatorStepDownCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "stepping down";
    }

    @Override
    int run(ApiClient client, boolean json) {
        client.put("/v1/sys/step-down", null);
        ctx.out().println("Success! Stepped down: " + client.address());
        return 0;
    }
}
