package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strongroom operator key-usage}: how many stored entries still need each KMS key ({@code GET
 * sys/seal/key-usage}, sudo). An operator runs it after a rewrap to see "0 entries" on the old key before disabling
 * it; {@code -verify} re-reads every entry first instead of trusting the index.
 */
@Command(name = "key-usage", description = "Show how many stored entries need each KMS key",
        mixinStandardHelpOptions = true)
final class OperatorKeyUsageCommand extends ClientCommand {

    @Option(names = {"-verify", "--verify"}, description = "Scan every stored entry and repair the index first")
    boolean verify;

    OperatorKeyUsageCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "reading the key inventory";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        JsonNode body = client.read("sys/seal/key-usage", verify ? Map.of("verify", "true") : Map.of());
        if (json) {
            printJson(body);
            return 0;
        }
        JsonNode d = body.get("data");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Key ID", "Entries", "Current"));
        d.get("keys").fields().forEachRemaining(e -> rows.add(List.of(e.getKey(),
                e.getValue().get("entries").asText(), e.getValue().get("current").asText())));
        printLines(Tables.table(rows));
        ctx.out().println();
        ctx.out().println("Total entries: " + d.get("total_entries").asInt());
        if (d.has("verified")) {
            ctx.out().println("Verified by a full scan: " + d.get("scan_mismatches").asInt()
                    + " index mismatches found and repaired");
        }
        String current = d.get("current_key_id").asText();
        boolean onlyCurrent = true;
        for (var it = d.get("keys").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals(current) && e.getValue().get("entries").asInt() > 0) {
                onlyCurrent = false;
            }
        }
        ctx.out().println(onlyCurrent ? "No entry depends on a key other than the current one."
                : "Some entries still need an older key: run 'strongroom operator seal-rewrap' and keep the old key "
                        + "enabled until this shows 0 for it.");
        return 0;
    }
}
