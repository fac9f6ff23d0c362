package io.strongroom.server.cli;

import picocli.CommandLine.Command;

/** {@code strongroom operator seal}: seals the server (needs a root token). */
@Command(name = "seal", description = "Seal the server", mixinStandardHelpOptions = true)
final class OperatorSealCommand extends ClientCommand {

    OperatorSealCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "sealing";
    }

    @Override
    int run(ApiClient client, boolean json) {
        client.put("/v1/sys/seal", null);
        ctx.out().println("Success! Vault is sealed.");
        return 0;
    }
}
