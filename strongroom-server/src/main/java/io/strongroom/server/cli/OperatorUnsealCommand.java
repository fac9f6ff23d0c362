package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strongroom operator unseal [KEY]}: submits one unseal (shamir) or recovery (auto seal) key share and
 * prints the resulting status. Without KEY it prompts without echo, so the share stays out of shell history.
 */
@Command(name = "unseal", description = "Submit one key share to unseal the server", mixinStandardHelpOptions = true)
final class OperatorUnsealCommand extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "Key share, hex or base64; prompted when absent")
    String key;

    @Option(names = {"-reset", "--reset"}, description = "Discard the shares submitted so far")
    boolean reset;

    @Option(names = {"-migrate", "--migrate"}, description = "Share of the OLD seal for a seal migration (unseal share from "
            + "shamir, recovery share from an auto seal)")
    boolean migrate;

    OperatorUnsealCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return reset ? "resetting unseal process" : "unsealing";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        JsonNode status;
        if (reset) {
            status = client.put("/v1/sys/unseal", Map.of("reset", true));
        } else {
            String share = key;
            if (share == null) {
                share = ctx.secretPrompt().apply("Unseal Key (will be hidden): ");
            }
            if (share == null || share.isBlank()) {
                throw new UsageException("no key share given");
            }
            status = client.put("/v1/sys/unseal", migrate ? Map.of("key", share.trim(), "migrate", true)
                    : Map.of("key", share.trim()));
        }
        if (json) {
            printJson(status);
        } else {
            SealStatusTable.print(ctx.out(), status, null);
        }
        return 0;
    }
}
