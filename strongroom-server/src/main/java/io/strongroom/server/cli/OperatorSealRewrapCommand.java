package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strongroom operator seal-rewrap}: starts a rewrap of every KMS-protected entry under the current KMS key
 * ({@code POST sys/sealwrap/rewrap}; Vault Enterprise has the endpoint but no command: {@code vault write -f
 * sys/sealwrap/rewrap}) and follows it with a progress bar until it ends. {@code -status} only shows where it stands,
 * {@code -detach} starts it and returns. Exit code 2 when entries failed (they stay readable under their old key;
 * run it again once KMS is healthy).
 */
@Command(name = "seal-rewrap", description = "Re-wrap every KMS-protected entry under the current KMS key",
        mixinStandardHelpOptions = true)
final class OperatorSealRewrapCommand extends ClientCommand {

    private static final int BAR = 30;

    @Option(names = {"-status", "--status"}, description = "Show the progress of the current or last rewrap only")
    boolean statusOnly;

    @Option(names = {"-detach", "--detach"}, description = "Start the rewrap and return without waiting")
    boolean detach;

    @Option(names = {"-poll-interval-ms", "--poll-interval-ms"}, description = "How often to poll, in ms (default 500)",
            defaultValue = "500")
    long pollMillis;

    OperatorSealRewrapCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "re-wrapping";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        if (!statusOnly) {
            client.write("POST", "sys/sealwrap/rewrap", null);
        }
        if (statusOnly || detach) {
            JsonNode s = client.read("sys/sealwrap/rewrap", null);
            if (json) {
                printJson(s);
            } else {
                printLines(Tables.keyValues(flatten(s.get("data"))));
            }
            return 0;
        }
        int total = Math.max(1, client.read("sys/seal/key-usage", null).get("data").get("total_entries").asInt());
        JsonNode d;
        while (true) {
            d = client.read("sys/sealwrap/rewrap", null).get("data");
            if (!json) {
                ctx.out().print("\r" + bar(d, total));
                ctx.out().flush();
            }
            if (!d.get("is_running").asBoolean()) {
                break;
            }
            Thread.sleep(Math.max(50, pollMillis));
        }
        if (json) {
            printJson(d);
        } else {
            ctx.out().println();
            ctx.out().println(d.get("fully_wrapped").asBoolean()
                    ? "Success! Every entry is wrapped under the current KMS key."
                    : "The rewrap ended with entries not under the current key; see the server log.");
        }
        return d.get("entries").get("failed").asInt() > 0 ? 2 : 0;
    }

    /** {@code [##########..........]  120/300 entries, 0 failed} */
    static String bar(JsonNode d, int total) {
        int processed = d.get("entries").get("processed").asInt();
        int done = d.get("is_running").asBoolean() ? Math.min(processed, total) : total;
        int filled = (int) ((long) BAR * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + processed + "/"
                + Math.max(total, processed) + " entries, " + d.get("entries").get("failed").asInt() + " failed";
    }

    private static JsonNode flatten(JsonNode d) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        d.get("entries").fields().forEachRemaining(e -> out.set("entries_" + e.getKey(), e.getValue()));
        out.set("is_running", d.get("is_running"));
        out.set("fully_wrapped", d.get("fully_wrapped"));
        return out;
    }
}
