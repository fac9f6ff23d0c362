package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Vault's CLI table layouts, as pure functions of the JSON the server answered (spec 8).
 *
 * <p>vault-compat: columns are left-aligned and glued with four spaces, the last column is not padded, cells are
 * trimmed and an empty cell prints {@code n/a}; JSON {@code null} prints {@code <nil>}; lists and objects print as
 * Go's {@code %v} does ({@code [a b]}, {@code map[k:v]}); keys that look like TTLs ({@code ttl}, {@code *_ttl},
 * {@code period}, {@code *_period}, {@code *_duration}) holding a number of seconds print as durations
 * ({@code 768h}).
 */
final class Tables {

    private static final String GLUE = "    ";

    private Tables() {}

    /**
     * A section header: the title centred in {@code =} signs. vault-compat (spec 8): {@code n = totalLen -
     * (len(title) + 2)}; if {@code n <= 0} it becomes 4; an odd {@code n} is rounded up; half on each side.
     */
    static String header(String title, int totalLen) {
        int n = totalLen - (title.length() + 2);
        if (n <= 0) {
            n = 4;
        }
        if (n % 2 != 0) {
            n++;
        }
        String side = "=".repeat(n / 2);
        return side + " " + title + " " + side;
    }

    /** The header over a key/value table: width = longest key + 4 (glue) + 5 ("Value"). */
    static String headerForMap(String title, JsonNode object) {
        int max = 0;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            max = Math.max(max, it.next().length());
        }
        return header(title, max + 4 + 5);
    }

    /** Lines of columnized rows (no header added). */
    static List<String> columns(List<List<String>> rows) {
        List<List<String>> cells = new ArrayList<>();
        int[] widths = new int[rows.stream().mapToInt(List::size).max().orElse(0)];
        for (List<String> row : rows) {
            List<String> clean = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i).strip();
                clean.add(cell.isEmpty() ? "n/a" : cell);
                widths[i] = Math.max(widths[i], width(clean.get(i)));
            }
            cells.add(clean);
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                sb.append(cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths[i] - width(cell))).append(GLUE);
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    /** A table whose first row is the header; a row of dashes as long as each header is put under it. */
    static List<String> table(List<List<String>> rowsWithHeader) {
        List<List<String>> all = new ArrayList<>(rowsWithHeader);
        List<String> dashes = new ArrayList<>();
        for (String h : rowsWithHeader.get(0)) {
            dashes.add("-".repeat(h.length()));
        }
        all.add(1, dashes);
        return columns(all);
    }

    /** Vault's {@code OutputData} of an object: "Key / Value", the keys sorted; empty when there are none. */
    static List<String> keyValues(JsonNode object) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Key", "Value"));
        new TreeMap<>(fields(object)).forEach((k, v) -> rows.add(List.of(k, cell(k, v))));
        return rows.size() == 1 ? List.of() : table(rows);
    }

    /**
     * Vault's {@code OutputSecret} table of a whole envelope: lease rows, the auth block, then the data keys
     * sorted.
     */
    static List<String> secret(JsonNode envelope) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Key", "Value"));
        long lease = envelope.path("lease_duration").asLong(0);
        if (lease > 0) {
            String leaseId = envelope.path("lease_id").asText("");
            if (!leaseId.isEmpty()) {
                rows.add(List.of("lease_id", leaseId));
                rows.add(List.of("lease_duration", humanDuration(lease)));
                rows.add(List.of("lease_renewable", String.valueOf(envelope.path("renewable").asBoolean())));
            } else {
                // vault-compat: a lease without an id (KV v1) is shown as the refresh interval
                rows.add(List.of("refresh_interval", humanDuration(lease)));
            }
        }
        JsonNode auth = envelope.path("auth");
        if (auth.isObject()) {
            rows.addAll(authRows(auth));
        }
        new TreeMap<>(fields(envelope.path("data"))).forEach((k, v) -> rows.add(List.of(k, cell(k, v))));
        return rows.size() == 1 ? List.of() : table(rows);
    }

    /** The rows Vault prints for an {@code auth} block; the token duration is {@code ∞} for a lease of 0. */
    static List<List<String>> authRows(JsonNode auth) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("token", auth.path("client_token").asText("")));
        rows.add(List.of("token_accessor", auth.path("accessor").asText("")));
        long lease = auth.path("lease_duration").asLong(0);
        rows.add(List.of("token_duration", lease == 0 ? "∞" : humanDuration(lease)));
        rows.add(List.of("token_renewable", String.valueOf(auth.path("renewable").asBoolean())));
        rows.add(List.of("token_policies", quotedList(auth.path("token_policies"))));
        rows.add(List.of("identity_policies", quotedList(auth.path("identity_policies"))));
        rows.add(List.of("policies", quotedList(auth.path("policies"))));
        new TreeMap<>(fields(auth.path("metadata"))).forEach((k, v) -> rows.add(List.of("token_meta_" + k,
                goValue(v))));
        return rows;
    }

    /** The value of one table cell: a duration for TTL-like keys holding a number, else Go's {@code %v}. */
    static String cell(String key, JsonNode value) {
        if (looksLikeDuration(key) && value != null && value.isIntegralNumber()) {
            return humanDuration(value.asLong());
        }
        return goValue(value);
    }

    static boolean looksLikeDuration(String key) {
        return key.equals("ttl") || key.endsWith("_ttl") || key.equals("period") || key.endsWith("_period")
                || key.endsWith("_duration");
    }

    /** Go's {@code %v} of a decoded JSON value (numbers keep their JSON text, as Vault's json.Number does). */
    static String goValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "<nil>";
        }
        if (value.isArray()) {
            StringJoiner sj = new StringJoiner(" ", "[", "]");
            value.forEach(v -> sj.add(goValue(v)));
            return sj.toString();
        }
        if (value.isObject()) {
            StringJoiner sj = new StringJoiner(" ", "map[", "]");
            new TreeMap<>(fields(value)).forEach((k, v) -> sj.add(k + ":" + goValue(v)));
            return sj.toString();
        }
        return value.asText();
    }

    /** Go's {@code %q} of a string list: {@code ["default" "dev"]}; {@code []} for none. */
    static String quotedList(JsonNode list) {
        StringJoiner sj = new StringJoiner(" ", "[", "]");
        if (list != null && list.isArray()) {
            list.forEach(v -> sj.add(ApiClient.JSON.valueToTree(v.asText()).toString()));
        }
        return sj.toString();
    }

    /**
     * vault-compat: Go's {@code time.Duration} text with the zero minutes and seconds dropped: 2764800 s is
     * {@code 768h}, 90 s {@code 1m30s}, 3660 s {@code 1h1m}, 0 {@code 0s}.
     */
    static String humanDuration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long abs = Math.abs(seconds);
        if (seconds < 0) {
            sb.append('-');
        }
        long h = abs / 3600;
        long m = (abs % 3600) / 60;
        long s = abs % 60;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    /** A list output: {@code Keys}, dashes, one key per line. */
    static List<String> keys(JsonNode keys) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Keys"));
        keys.forEach(k -> rows.add(List.of(k.asText())));
        return table(rows);
    }

    static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> map = new TreeMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        }
        return map;
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
