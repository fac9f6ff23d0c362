package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code strongroom operator key-status}: the active keyring term, when it was installed, its encryptions. */
@Command(name = "key-status", description = "Show the barrier key's term, install time and encryption count",
        mixinStandardHelpOptions = true)
final class OperatorKeyStatusCommand extends ClientCommand {

    OperatorKeyStatusCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "reading key status";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        JsonNode status = client.read("sys/key-status", null);
        if (json) {
            printJson(status);
        } else {
            printLines(rows(status.path("data")));
        }
        return 0;
    }

    /** vault-compat: the rows of Vault's {@code operator key-status} table. */
    static List<String> rows(JsonNode data) {
        return Tables.columns(List.of(
                List.of("Key Term", data.path("term").asText()),
                List.of("Install Time", data.path("install_time").asText()),
                List.of("Encryption Count", data.path("encryptions").asText())));
    }
}
