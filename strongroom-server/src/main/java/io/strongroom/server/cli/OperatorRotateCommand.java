package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code strongroom operator rotate}: a new keyring term (needs sudo on {@code sys/rotate}); prints the new key
 * status as Vault does.
 */
@Command(name = "rotate", description = "Rotate the barrier encryption key (a new keyring term)",
        mixinStandardHelpOptions = true)
final class OperatorRotateCommand extends ClientCommand {

    OperatorRotateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "rotating key";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        client.write("PUT", "sys/rotate", null);
        JsonNode status = client.read("sys/key-status", null);
        if (json) {
            printJson(status);
            return 0;
        }
        ctx.out().println("Success! Rotated key");
        ctx.out().println();
        printLines(OperatorKeyStatusCommand.rows(status.path("data")));
        return 0;
    }
}
