package io.strongroom.policy;

import io.strongroom.base.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.strongroom.policy.Capability.CREATE;
import static io.strongroom.policy.Capability.DELETE;
import static io.strongroom.policy.Capability.DENY;
import static io.strongroom.policy.Capability.LIST;
import static io.strongroom.policy.Capability.READ;
import static io.strongroom.policy.Capability.SUDO;
import static io.strongroom.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParseTest {

    @Test
    void parse_hclStanza_rulesWithEverything() {
        Policy p = Policy.parse("app", """
                name = "ignored"
                path "secret/data/app/*" {
                  comment = "the app"
                  capabilities = ["read", "list"]
                  allowed_parameters = { "Color" = ["red", 3] }
                  denied_parameters { "admin" = [] }
                  required_parameters = ["color"]
                  min_wrapping_ttl = "1m"
                  max_wrapping_ttl = 3600
                  mfa_methods = ["m"]
                  control_group = { factor "x" { } }
                  subscribe_event_types = ["*"]
                }
                """);

        assertThat(p.name()).isEqualTo("app");
        assertThat(p.templated()).isFalse();
        PathRule r = p.rules().get(0);
        assertThat(r.path()).isEqualTo("secret/data/app/*");
        assertThat(r.isPrefix()).isTrue();
        assertThat(r.capabilities()).containsExactlyInAnyOrder(READ, LIST);
        assertThat(r.allowedParameters()).containsExactly(Map.entry("color", List.of("red", 3L)));
        assertThat(r.deniedParameters()).containsExactly(Map.entry("admin", List.of()));
        assertThat(r.requiredParameters()).containsExactly("color");
        assertThat(r.minWrappingTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.maxWrappingTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void parse_json_sameRulesAsHcl() {
        Policy json = Policy.parse("j", "{\"path\": {\"secret/*\": {\"capabilities\": [\"read\"]},"
                + " \"+/x\": {\"capabilities\": [\"update\"]}}}");
        Policy hcl = Policy.parse("h", "path \"secret/*\" { capabilities = [\"read\"] }\n"
                + "path \"+/x\" { capabilities = [\"update\"] }\n");

        assertThat(json.rules()).isEqualTo(hcl.rules());
        assertThat(json.rules().get(1).hasSegmentWildcards()).isTrue();
    }

    @Test
    void parse_jsonListOfPathObjects_accepted() {
        Policy p = Policy.parse("j", "{\"path\": [{\"a\": {\"capabilities\": [\"read\"]}}, {\"b\": {\"policy\": \"read\"}}]}");

        assertThat(p.rules()).extracting(PathRule::path).containsExactly("a", "b");
    }

    // vault-compat: spec 3.1, leading "/" stripped; legacy policy values mapped onto capabilities.
    @Test
    void parse_leadingSlashAndLegacyPolicies_normalized() {
        Policy p = Policy.parse("l", """
                path "/a" { policy = "read" }
                path "b" { policy = "write" }
                path "c" { policy = "sudo" }
                path "d" { policy = "deny" capabilities = ["read"] }
                path "e" { capabilities = ["read", "deny", "update"] }
                """);

        assertThat(p.rules()).extracting(PathRule::path).containsExactly("a", "b", "c", "d", "e");
        assertThat(p.rules()).extracting(PathRule::capabilities).containsExactly(EnumSet.of(READ, LIST),
                EnumSet.of(CREATE, READ, UPDATE, DELETE, LIST), EnumSet.of(CREATE, READ, UPDATE, DELETE, LIST, SUDO),
                EnumSet.of(DENY), EnumSet.of(DENY));
    }

    // vault-compat: spec 3.1 templating: flagged, kept, and (no identity here) never matched.
    @Test
    void parse_templatedPath_flaggedAndSkippedByAcl() {
        Policy p = Policy.parse("t", "path \"identity/entity/id/{{identity.entity.id}}\" { capabilities = [\"read\"] }\n"
                + "path \"plain\" { capabilities = [\"read\"] }\n");

        assertThat(p.templated()).isTrue();
        assertThat(p.rules()).extracting(PathRule::templated).containsExactly(true, false);
        assertThat(Acl.of(List.of(p)).capabilities("identity/entity/id/{{identity.entity.id}}")).containsExactly("deny");
        assertThat(Acl.of(List.of(p)).capabilities("plain")).containsExactly("read");
    }

    @Test
    void parse_emptyTextAndComments_noRules() {
        assertThat(Policy.parse("e", "").rules()).isEmpty();
        assertThat(Policy.parse("e", "# nothing\n// here\n").rules()).isEmpty();
    }

    // vault-compat: spec 3.1 and 1.4: Vault's texts, "failed to parse policy: " first.
    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of("path \"x\" { capabilities = [\"read\", \"fly\"] }",
                        "failed to parse policy: path \"x\": invalid capability \"fly\""),
                Arguments.of("path \"/a/+*\" { capabilities = [\"read\"] }",
                        "failed to parse policy: path \"a/+*\": invalid use of wildcards ('+*' is forbidden)"),
                Arguments.of("path \"x\" { capabilities = [\"root\"] }",
                        "failed to parse policy: path \"x\": invalid capability \"root\""),
                Arguments.of("path \"x\" { capabilities = [\"Read\"] }",
                        "failed to parse policy: path \"x\": invalid capability \"Read\""),
                Arguments.of("path \"x\" { policy = \"admin\" }",
                        "failed to parse policy: path \"x\": invalid policy \"admin\""),
                Arguments.of("bogus = 1\n",
                        "failed to parse policy: 1 error occurred:\n\t* invalid key \"bogus\" on line 1\n\n"),
                Arguments.of("a = 1\nb = 2\n",
                        "failed to parse policy: 2 errors occurred:\n\t* invalid key \"a\" on line 1\n"
                                + "\t* invalid key \"b\" on line 2\n\n"),
                Arguments.of("path \"x\" {\n  capabilities = [\"read\"]\n  colour = \"red\"\n}\n",
                        "failed to parse policy: 1 error occurred:\n\t* path \"x\": invalid key \"colour\" on line 3\n\n"),
                Arguments.of("path \"x\" { min_wrapping_ttl = \"soon\" }",
                        "failed to parse policy: error parsing min_wrapping_ttl: time: invalid duration \"soon\""),
                Arguments.of("path \"x\" { min_wrapping_ttl = \"2h\"\n max_wrapping_ttl = \"1h\" }",
                        "failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl"),
                Arguments.of("path \"x\" { capabilities = \"read\" }",
                        "failed to parse policy: path \"x\": capabilities: expected a list of strings, got string"),
                Arguments.of("path \"x\" {\n  capabilities = [\"read\"]\n",
                        "failed to parse policy: At 1:10: missing \"}\" to close path \"x\" opened here; found end of file"),
                Arguments.of("{\"path\": {\"x\": {\"capabilities\": [\"read\"]}",
                        "failed to parse policy: At 1:42: invalid JSON: Unexpected end-of-input: expected close marker "
                                + "for Object"));
    }

    @ParameterizedTest
    @MethodSource("badPolicies")
    void parse_invalidPolicy_vaultMessage(String text, String message) {
        assertThatThrownBy(() -> Policy.parse("p", text))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(message);
    }

    // vault-compat: capabilities after "deny" are not even checked.
    @Test
    void parse_unknownCapabilityAfterDeny_ignored() {
        assertThat(Policy.parse("d", "path \"x\" { capabilities = [\"deny\", \"fly\"] }").rules().get(0).capabilities())
                .containsExactly(DENY);
    }

    // vault-compat: spec 3.6, the API accepts the text base64-encoded.
    @Test
    void decodeIfBase64_base64AndPlain_bothGiveText() {
        String text = "path \"x\" { capabilities = [\"read\"] }\n";
        String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));

        assertThat(Policy.decodeIfBase64(b64)).isEqualTo(text);
        assertThat(Policy.decodeIfBase64(text)).isEqualTo(text);
        assertThat(Policy.decodeIfBase64("abcd")).isNotEqualTo("abcd");
    }
}
