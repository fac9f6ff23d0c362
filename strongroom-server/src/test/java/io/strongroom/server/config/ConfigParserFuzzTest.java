package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzes the config reader (HCL and JSON): any input ends in a config or in a {@link ConfigException} that starts
 * with {@code FILE:LINE:COL:}, on one line, within a time bound, and never quoting the secrets the input holds.
 */
class ConfigParserFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final int SECRET_RUN = 6;

    private static final String HCL = """
            storage "file" {
              path = "/var/lib/strongroom"
            }
            listener "tcp" { address = "127.0.0.1:8200"  tls_disable = true }
            seal "awskms" {
              region     = "eu-west-1"
              kms_key_id = "alias/strongroom"
              access_key = "%1$s"
              secret_key = "%2$s" # a comment
              session_token = <<EOF
            %3$s
            EOF
            }
            /* top-level settings */
            api_addr = "http://127.0.0.1:8200"
            default_lease_ttl = "768h"
            ui = true
            """;

    /** The shapes of issue #6: credentials on stray lines, as keys, as unquoted values. */
    private static final String HCL_STRAY = """
            storage "inmem" {}
            seal "awskms" {
              kms_key_id = "k"
              %1$s
              %2$s = "x"
              secret_key = %3$s
            }
            """;

    private static final String JSON = """
            {"storage": {"file": {"path": "/var/lib/strongroom"}},
             "listener": [{"tcp": {"address": "127.0.0.1:8200", "tls_disable": true}}],
             "seal": {"awskms": {"region": "eu-west-1", "kms_key_id": "alias/k",
                                 "access_key": "%1$s", "secret_key": "%2$s", "session_token": "%3$s"}},
             "ui": true}
            """;

    private static final String INTERESTING = "{}[]\"=,#/*<-\\\n\r\t $.:0aZ_\u0000\u00e9\uFEFF";

    // ---- the properties ----

    @Property(tries = 600)
    void anyString_hcl_configOrPositionedError(@ForAll @StringLength(max = 300) String text) {
        check("fuzz.hcl", text, List.of());
    }

    @Property(tries = 400)
    void anyString_json_configOrPositionedError(@ForAll @StringLength(max = 300) String text) {
        check("fuzz.json", text, List.of());
    }

    @Property(tries = 400)
    void anyBytes_configOrPositionedError(@ForAll @Size(max = 300) byte[] bytes, @ForAll boolean json) {
        String name = json ? "fuzz.json" : "fuzz.hcl";
        outcome(name, () -> ServerConfigLoader.parse(new ServerConfigLoader.Source(name,
                ServerConfigLoader.decode(name, bytes))), List.of());
    }

    @Property(tries = 600)
    void tokenSoup_hcl_configOrPositionedError(@ForAll("soup") String text) {
        check("soup.hcl", text, List.of());
    }

    @Property(tries = 1000)
    void mutatedHcl_secretsNeverInErrors(@ForAll("secrets") List<String> secrets, @ForAll("mutations") List<int[]> edits,
                                         @ForAll boolean stray) {
        String text = (stray ? HCL_STRAY : HCL).formatted(secrets.get(0), secrets.get(1), secrets.get(2));
        check("mutated.hcl", mutate(text, edits), secrets);
    }

    @Property(tries = 600)
    void mutatedJson_secretsNeverInErrors(@ForAll("secrets") List<String> secrets, @ForAll("mutations") List<int[]> edits) {
        check("mutated.json", mutate(JSON.formatted(secrets.get(0), secrets.get(1), secrets.get(2)), edits), secrets);
    }

    // ---- generators ----

    /**
     * Three credentials of 20 to 40 characters: letters and digits, upper case except every third character, so
     * that no piece of one looks like a config key (which errors may quote). Some start like real ones.
     */
    @Provide
    Arbitrary<List<String>> secrets() {
        Arbitrary<String> body = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
                .withCharRange('0', '9').ofMinLength(20).ofMaxLength(40).map(ConfigParserFuzzTest::mostlyUpper);
        Arbitrary<String> secret = Combinators.combine(Arbitraries.of("", "AKIA", "hvs.", "s."), body)
                .as((prefix, b) -> prefix + b);
        Arbitrary<String> numeric = Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(30)
                .filter(s -> s.charAt(0) != '0');
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, secret), net.jqwik.api.Tuple.of(1, numeric)).list().ofSize(3);
    }

    private static String mostlyUpper(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(i % 3 == 1 ? s.charAt(i) : Character.toUpperCase(s.charAt(i)));
        }
        return sb.toString();
    }

    /** 1 to 6 edits: {kind (0 insert, 1 delete, 2 replace), position, character}. */
    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<Integer> ch = Arbitraries.oneOf(
                Arbitraries.of(INTERESTING.chars().boxed().toList()),
                Arbitraries.integers().between(0, 0xFFFF));
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100_000), ch)
                .as((kind, at, c) -> new int[] {kind, at, c}).list().ofMinSize(1).ofMaxSize(6);
    }

    private static String mutate(String text, List<int[]> edits) {
        StringBuilder sb = new StringBuilder(text);
        for (int[] e : edits) {
            int at = sb.length() == 0 ? 0 : e[1] % sb.length();
            switch (e[0]) {
                case 0 -> sb.insert(at, (char) e[2]);
                case 1 -> sb.deleteCharAt(Math.min(at, Math.max(0, sb.length() - 1)));
                default -> sb.setCharAt(at, (char) e[2]);
            }
            if (sb.length() == 0) {
                break;
            }
        }
        return sb.toString();
    }

    /** Strings made of HCL pieces, so the parser gets past the first token more often than with random text. */
    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of("{", "}", "[", "]", "=", ",", "\"", "\"tcp\"", "listener", "seal", "storage", "awskms",
                        "path", "ui", "true", "1", "-2.5e3", "0x1F", "07", "09", "<<EOF\n", "<<-EOF\n", "EOF\n", "  EOF",
                        "\n", " ", "#", "//", "/*", "*/", "${", "\\", "\\u00e9", "\"a b\"", "address", "\"1.2.3.4:99999\"",
                        "tls_disable", "disabled", "\"true\"", "AKIAIOSFODNN7EXAMPLE")
                .list().ofMaxSize(40).map(l -> String.join("", l));
    }

    // ---- the oracle ----

    private static void check(String name, String text, List<String> secrets) {
        outcome(name, () -> {
            ServerConfig c = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source(name, text)), true);
            // the awskms resolver's messages count too: they carry the stanza's position
            SealSelection.effective(c, Map.of());
            return c;
        }, secrets);
    }

    private static void outcome(String name, java.util.concurrent.Callable<?> parse, List<String> secrets) {
        ConfigException error = assertTimeoutPreemptively(BOUND, () -> {
            try {
                parse.call();
                return null;
            } catch (ConfigException e) {
                return e;
            }
        });
        if (error == null) {
            return;
        }
        String msg = error.getMessage();
        assertThat(msg).startsWith(name + ":").matches("(?s)" + java.util.regex.Pattern.quote(name) + ":\\d+:\\d+: .+");
        assertThat(msg).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000");
        for (String secret : secrets) {
            for (int i = 0; i + SECRET_RUN <= secret.length(); i++) {
                assertThat(msg).doesNotContain(secret.substring(i, i + SECRET_RUN));
            }
        }
    }
}
