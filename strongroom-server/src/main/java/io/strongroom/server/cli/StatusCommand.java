package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/**
 * {@code strongroom status}: the seal status and HA state.
 *
 * <p>vault-compat exit codes: 0 unsealed, 2 sealed, 1 error (including an error answer: a script asking "is it
 * sealed?" must not read an error as "sealed").
 */
@Command(name = "status", description = "Print seal and HA status", mixinStandardHelpOptions = true)
final class StatusCommand extends ClientCommand {

    StatusCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "checking seal status";
    }

    @Override
    int apiErrorCode() {
        return 1;
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        JsonNode seal = client.get("/v1/sys/seal-status");
        JsonNode leader = null;
        if (!seal.path("sealed").asBoolean(true)) {
            leader = client.get("/v1/sys/leader");
        }
        if (json) {
            // vault-compat: the json output is the seal status plus the leader's fields
            ObjectNode doc = ((ObjectNode) seal.deepCopy());
            doc.put("ha_enabled", leader != null && leader.path("ha_enabled").asBoolean(false));
            if (leader != null && leader.path("ha_enabled").asBoolean(false)) {
                doc.put("is_self", leader.path("is_self").asBoolean());
                doc.put("active_time", leader.path("active_time").asText());
                doc.put("leader_address", leader.path("leader_address").asText());
                doc.put("leader_cluster_address", leader.path("leader_cluster_address").asText());
            }
            printJson(doc);
        } else {
            SealStatusTable.print(ctx.out(), seal, leader);
        }
        return seal.path("sealed").asBoolean(true) ? 2 : 0;
    }
}
