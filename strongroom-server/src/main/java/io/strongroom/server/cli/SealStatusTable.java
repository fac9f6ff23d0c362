package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@code sys/seal-status} document (and, when known, {@code sys/leader}) as Vault's CLI key/value
 * table (vault-compat: the rows and their conditions follow {@code vault status}; the leader is unknown while
 * sealed, and then the HA rows are left out rather than guessed).
 */
final class SealStatusTable {

    private SealStatusTable() {}

    static void print(PrintWriter out, JsonNode seal, JsonNode leader) {
        List<String[]> rows = new ArrayList<>();
        boolean recovery = seal.path("recovery_seal").asBoolean(false);
        boolean sealed = seal.path("sealed").asBoolean(true);
        rows.add(row("Seal Type", seal.path("type").asText()));
        if (recovery && !seal.path("recovery_seal_type").asText().isEmpty()) {
            rows.add(row("Recovery Seal Type", seal.path("recovery_seal_type").asText()));
        }
        rows.add(row("Initialized", seal.path("initialized").asText()));
        rows.add(row("Sealed", seal.path("sealed").asText()));
        rows.add(row(recovery ? "Total Recovery Shares" : "Total Shares", seal.path("n").asText()));
        rows.add(row("Threshold", seal.path("t").asText()));
        if (sealed) {
            rows.add(row("Unseal Progress", seal.path("progress").asText() + "/" + seal.path("t").asText()));
            String nonce = seal.path("nonce").asText();
            rows.add(row("Unseal Nonce", nonce.isEmpty() ? "n/a" : nonce));
        }
        if (seal.path("migration").asBoolean(false)) {
            rows.add(row("Seal Migration in Progress", "true"));
        }
        rows.add(row("Version", seal.path("version").asText()));
        rows.add(row("Build Date", seal.path("build_date").asText()));
        optional(rows, "Storage Type", seal.path("storage_type").asText());
        optional(rows, "Cluster Name", seal.path("cluster_name").asText());
        optional(rows, "Cluster ID", seal.path("cluster_id").asText());
        if (leader != null) {
            boolean ha = leader.path("ha_enabled").asBoolean(false);
            rows.add(row("HA Enabled", String.valueOf(ha)));
            if (ha) {
                rows.add(row("HA Mode", leader.path("is_self").asBoolean() ? "active" : "standby"));
                optional(rows, "Active Node Address", leader.path("leader_address").asText());
            }
        }
        printTable(out, rows);
    }

    /** Vault's columnized table: a "Key / Value" header, dashes, then left-aligned columns. */
    static void printTable(PrintWriter out, List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(row("Key", "Value"));
        all.add(row("---", "-----"));
        all.addAll(rows);
        int width = all.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : all) {
            out.println((r[0] + " ".repeat(width - r[0].length()) + "    " + r[1]).stripTrailing());
        }
    }

    private static void optional(List<String[]> rows, String key, String value) {
        if (value != null && !value.isEmpty()) {
            rows.add(row(key, value));
        }
    }

    private static String[] row(String key, String value) {
        return new String[] {key, value};
    }
}
