package io.strongroom.policy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link Policy#parse}: any input ends in a policy (which an ACL can then use) or in an
 * {@link InvalidRequestException} whose message starts with {@code failed to parse policy: }; never another
 * exception.
 */
class PolicyParseFuzzTest {

    private static final String SEED = """
            # a policy
            path "secret/data/app/*" {
              capabilities = ["read", "list"]
              allowed_parameters = { "color" = ["red", "blu*"], "*" = [] }
              denied_parameters { "admin" = [] }
              required_parameters = ["name"]
              min_wrapping_ttl = "1m"
              max_wrapping_ttl = 3600
            }
            path "/kv/+/config" { policy = "write" }
            path "sys/*" { capabilities = ["deny"] }
            """;

    private static final String JSON_SEED = """
            {"path": {"secret/*": {"capabilities": ["read"], "allowed_parameters": {"a": [1, "b*"]}},
                      "x/+/y": {"policy": "sudo", "max_wrapping_ttl": "1h"}}}
            """;

    private static final String INTERESTING = "{}[]\"=,#/*+<-\\\n\t $:0aZ_\u0000\u00e9";

    @Property(tries = 800)
    void anyString_policyOrParseError(@ForAll @StringLength(max = 300) String text) {
        check(text);
    }

    @Property(tries = 800)
    void mutatedHcl_policyOrParseError(@ForAll("mutations") List<int[]> edits) {
        check(mutate(SEED, edits));
    }

    @Property(tries = 500)
    void mutatedJson_policyOrParseError(@ForAll("mutations") List<int[]> edits) {
        check(mutate(JSON_SEED, edits));
    }

    @Property(tries = 500)
    void tokenSoup_policyOrParseError(@ForAll("soup") String text) {
        check(text);
    }

    private static void check(String text) {
        Policy p;
        try {
            p = Policy.parse("fuzz", text);
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).startsWith("failed to parse policy: ");
            return;
        }
        assertThat(p.raw()).isEqualTo(text);
        // Whatever parsed must also be usable.
        Acl acl = Acl.of(List.of(p));
        acl.evaluate(Operation.UPDATE, "secret/data/app/x", Map.of("color", "red", "n", 1));
        assertThat(acl.capabilities("kv/a/config")).isNotEmpty();
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of("path", "\"secret/*\"", "\"a/+/b\"", "{", "}", "[", "]", "=", ",", "capabilities",
                "\"read\"", "\"deny\"", "policy", "allowed_parameters", "denied_parameters", "required_parameters",
                "min_wrapping_ttl", "max_wrapping_ttl", "\"1h\"", "12", "-3", "true", "<<EOF\nx\nEOF\n", "#c\n", "\n",
                "\"*\"", "\"+*\"", "name", "\"\"").list().ofMaxSize(40).map(l -> String.join(" ", l));
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
                case 1 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, (char) e[2]);
                    }
                }
            }
        }
        return sb.toString();
    }
}
