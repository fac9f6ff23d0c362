package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import io.strongroom.hcl.HclParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each broken file must fail with one exact {@code FILE:LINE:COL: message}: what was expected and what was found. */
class BrokenConfigTest {

    private static final String INMEM = "storage \"inmem\" {}\n";

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("value missing after =", "config.hcl",
                        "seal \"awskms\" {\n  region =\n}\n",
                        "config.hcl:3:1: expected a value after \"region =\", found \"}\""),
                Arguments.of("unterminated string", "config.hcl",
                        "api_addr = \"http://x\nui = true\n",
                        "config.hcl:1:12: unterminated string: expected a closing '\"' before end of line"),
                Arguments.of("missing closing brace points at the opening brace", "config.hcl",
                        "storage \"file\" {\n  path = \"/data\"\n\nlistener \"tcp\" {\n  tls_disable = true\n}\n",
                        "config.hcl:1:16: missing \"}\" to close storage \"file\" opened here; found end of file"),
                Arguments.of("duplicate attribute names both lines", "config.hcl",
                        INMEM + "api_addr = \"a\"\nui = true\napi_addr = \"b\"\n",
                        "config.hcl:4:1: duplicate key \"api_addr\": already set at line 2"),
                Arguments.of("unknown top-level key", "config.hcl",
                        INMEM + "foo = 1\n",
                        "config.hcl:2:1: unknown key \"foo\" at top level; valid keys are api_addr, cache_size, cluster_addr, "
                                + "cluster_name, default_lease_ttl, disable_cache, disable_mlock, disable_sealwrap, enable_multiseal, listener, log_format, log_level, "
                                + "max_lease_ttl, pid_file, seal, storage, telemetry, ui"),
                Arguments.of("unknown listener key", "config.hcl",
                        INMEM + "listener \"tcp\" {\n  tls_disable = 1\n  foo = \"x\"\n}\n",
                        "config.hcl:4:3: unknown key \"foo\" in listener \"tcp\"; valid keys are address, "
                                + "http_idle_timeout, http_read_header_timeout, http_read_timeout, max_request_duration, "
                                + "max_request_size, telemetry, tls_cert_file, tls_cipher_suites, tls_client_ca_file, tls_disable, "
                                + "tls_disable_client_certs, tls_key_file, tls_max_version, tls_min_version, "
                                + "tls_require_and_verify_client_cert"),
                Arguments.of("unknown storage key", "config.hcl",
                        "storage \"file\" {\n  path = \"/d\"\n  paht = \"/e\"\n}\n",
                        "config.hcl:3:3: unknown key \"paht\" in storage \"file\" (did you mean \"path\"?); valid keys are path"),
                Arguments.of("unknown storage type", "config.hcl",
                        "storage \"consul\" {}\n",
                        "config.hcl:1:1: unsupported storage type \"consul\"; supported: file, inmem, postgresql"),
                Arguments.of("unknown seal type", "config.hcl",
                        INMEM + "seal \"gcpckms\" {}\n",
                        "config.hcl:2:1: unsupported seal type \"gcpckms\"; supported: awskms, shamir"),
                Arguments.of("unknown listener type", "config.hcl",
                        INMEM + "listener \"unix\" {}\n",
                        "config.hcl:2:1: unsupported listener type \"unix\"; supported: tcp"),
                Arguments.of("wrong type in storage", "config.hcl",
                        "storage \"file\" { path = 5 }\n",
                        "config.hcl:1:25: \"path\" in storage \"file\" must be a string, got number"),
                Arguments.of("tls_disable not a boolean", "config.hcl",
                        INMEM + "listener \"tcp\" { tls_disable = \"yes\" }\n",
                        "config.hcl:2:32: \"tls_disable\" in listener \"tcp\" must be a boolean (true, false, \"1\", "
                                + "\"0\"), got a string that is not one"),
                Arguments.of("TLS listener without certificate", "config.hcl",
                        INMEM + "listener \"tcp\" {}\n",
                        "config.hcl:2:1: listener \"tcp\": \"tls_cert_file\" and \"tls_key_file\" are required "
                                + "unless tls_disable = true"),
                Arguments.of("bad log level", "config.hcl",
                        INMEM + "log_level = \"loud\"\n",
                        "config.hcl:2:13: \"log_level\" must be one of trace, debug, info, warn, error, got a string that is "
                                + "none of them"),
                Arguments.of("bad duration", "config.hcl",
                        INMEM + "default_lease_ttl = \"forever\"\n",
                        "config.hcl:2:21: \"default_lease_ttl\" must be a duration like \"768h\", \"30m\" or integer "
                                + "seconds, got a string that is not one"),
                Arguments.of("api_addr not a string", "config.hcl",
                        INMEM + "api_addr = [\"a\"]\n",
                        "config.hcl:2:12: \"api_addr\" must be a string, got list"),
                Arguments.of("four seal stanzas", "config.hcl",
                        INMEM + "seal \"shamir\" {}\nseal \"shamir\" {}\nseal \"shamir\" {}\nseal \"shamir\" {}\n",
                        "config.hcl:5:1: at most 3 seal stanzas are allowed"),
                Arguments.of("disabled shamir seal", "config.hcl",
                        INMEM + "seal \"shamir\" {\n  disabled = \"true\"\n}\n",
                        "config.hcl:2:1: seal \"shamir\" cannot be disabled (Shamir seals cannot be set disabled); "
                                + "to migrate away from Shamir just add the new seal, and to migrate to Shamir disable "
                                + "the old auto seal"),
                Arguments.of("old and new seal with one name (migration)", "config.hcl",
                        INMEM + "seal \"awskms\" {\n  name = \"prod\"\n  disabled = \"true\"\n}\n"
                                + "seal \"awskms\" {\n  name = \"prod\"\n}\n",
                        "config.hcl:6:1: the enabled seal and the disabled seal (at config.hcl:2:1) are both named "
                                + "\"prod\": a seal migration needs distinct names for the old and the new seal"),
                Arguments.of("two awskms seals, the disabled one unnamed and the new one named like its default",
                        "config.hcl", INMEM + "seal \"awskms\" {\n  disabled = \"true\"\n}\n"
                                + "seal \"awskms\" {\n  name = \"awskms-disabled\"\n}\n",
                        "config.hcl:5:1: the enabled seal and the disabled seal (at config.hcl:2:1) are both named "
                                + "\"awskms-disabled\": a seal migration needs distinct names for the old and the new "
                                + "seal"),
                Arguments.of("seal disabled as a number", "config.hcl",
                        INMEM + "seal \"awskms\" {\n  disabled = 1\n}\n",
                        "config.hcl:3:14: \"disabled\" in seal \"awskms\" must be a boolean, got number"),
                Arguments.of("two storage stanzas", "config.hcl",
                        INMEM + "storage \"file\" { path = \"/x\" }\n",
                        "config.hcl:2:1: only one storage stanza is allowed; the first is at line 1"),
                Arguments.of("unterminated comment", "config.hcl",
                        INMEM + "/* note\nui = true\n",
                        "config.hcl:2:1: unterminated comment: expected \"*/\" before end of file"),
                Arguments.of("attribute without =", "config.hcl",
                        INMEM + "ui true\n",
                        "config.hcl:2:4: expected \"=\" or a block after \"ui\", found \"true\""),
                Arguments.of("unquoted string", "config.hcl",
                        INMEM + "api_addr = http\n",
                        "config.hcl:2:12: expected a value after \"api_addr =\", found an unquoted word (strings need "
                                + "double quotes)"),
                Arguments.of("list without comma", "config.hcl",
                        INMEM + "api_addr = [1 2]\n",
                        "config.hcl:2:15: expected \",\" or \"]\" after list item, found a number"),
                Arguments.of("a second comma between items", "config.hcl",
                        INMEM + "ui = true,, log_level = \"info\"\n",
                        "config.hcl:2:11: expected a key, found \",\""),
                Arguments.of("comma before the first item", "config.hcl",
                        "storage \"inmem\" { , }\n",
                        "config.hcl:1:19: expected a key, found \",\""),
                Arguments.of("labelled attribute", "config.hcl",
                        INMEM + "listener \"tcp\" = {}\n",
                        "config.hcl:2:16: expected \"{\" to open block listener \"tcp\", found \"=\" (for an attribute "
                                + "write listener = value)"),
                Arguments.of("lone slash", "config.hcl",
                        INMEM + "ui = true / comment\n",
                        "config.hcl:2:11: unexpected character \"/\": a comment starts with \"//\", \"/*\" or \"#\""),
                Arguments.of("leading zero with 8 or 9 (octal)", "config.hcl",
                        INMEM + "default_lease_ttl = 09\n",
                        "config.hcl:2:21: invalid octal number: a leading 0 means octal, whose digits are 0 to 7"),
                Arguments.of("integer beyond 64 bits", "config.hcl",
                        INMEM + "default_lease_ttl = 99999999999999999999\n",
                        "config.hcl:2:21: number out of range for a 64-bit integer"),
                Arguments.of("heredoc closed at end of file without newline (HCL1 refuses it)", "config.hcl",
                        INMEM + "api_addr = <<EOF\nabc\nEOF",
                        "config.hcl:2:12: unterminated heredoc: expected a line \"EOF\" followed by a newline before "
                                + "end of file"),
                Arguments.of("listener port out of range", "config.hcl",
                        INMEM + "listener \"tcp\" {\n  address = \"127.0.0.1:70000\"\n  tls_disable = true\n}\n",
                        "config.hcl:3:13: \"address\" in listener \"tcp\" has an invalid port: it must be a number from 0 "
                                + "to 65535"),
                Arguments.of("listener port not a number", "config.json",
                        "{\"storage\": {\"inmem\": {}},\n \"listener\": {\"tcp\": {\"address\": \"0.0.0.0:http\", "
                                + "\"tls_disable\": true}}}",
                        "config.json:2:34: \"address\" in listener \"tcp\" has an invalid port: it must be a number from 0 "
                                + "to 65535"),
                Arguments.of("nesting deeper than the limit", "config.hcl",
                        INMEM + "api_addr = " + "[".repeat(HclParser.MAX_DEPTH + 1),
                        "config.hcl:2:" + (12 + HclParser.MAX_DEPTH) + ": nesting too deep: more than "
                                + HclParser.MAX_DEPTH + " levels of blocks, objects and lists"),
                Arguments.of("empty file", "empty.hcl",
                        "",
                        "empty.hcl:1:1: the config file is empty"),
                Arguments.of("whitespace-only JSON file", "empty.json",
                        " \n\t\n",
                        "empty.json:1:1: the config file is empty"),
                Arguments.of("NUL byte", "config.hcl",
                        INMEM + "ui = true\u0000\n",
                        "config.hcl:2:10: NUL byte (U+0000) at byte offset 28: a config file is text; is this a binary "
                                + "file?"),
                Arguments.of("NUL byte in JSON", "config.json",
                        "{\"ui\":\n \"é\u0000\"}",
                        "config.json:2:4: NUL byte (U+0000) at byte offset 11: a config file is text; is this a binary "
                                + "file?"),
                Arguments.of("control character", "config.hcl",
                        INMEM + "ui = true \u0007\n",
                        "config.hcl:2:11: unexpected character U+0007"),
                Arguments.of("invalid escape", "config.hcl",
                        INMEM + "api_addr = \"a\\qb\"\n",
                        "config.hcl:2:14: invalid escape in string: a backslash must be followed by one of \\\" \\\\ "
                                + "\\n \\t \\r \\a \\b \\f \\v, three octal digits, \\xHH, \\uHHHH or \\UHHHHHHHH"),
                Arguments.of("stray closing brace", "config.hcl",
                        INMEM + "}\n",
                        "config.hcl:2:1: expected a key, found \"}\" with no block open"),
                Arguments.of("unterminated heredoc", "config.hcl",
                        INMEM + "api_addr = <<EOF\nabc\n",
                        "config.hcl:2:12: unterminated heredoc: expected a line \"EOF\" followed by a newline before "
                                + "end of file"),
                Arguments.of("missing storage", "config.hcl",
                        "ui = true\n",
                        "config.hcl: a storage stanza is required, e.g. storage \"file\" { path = \"/var/lib/strongroom\" }"),
                Arguments.of("JSON wrong type", "config.json",
                        "{\"storage\": {\"file\": {\"path\": 5}}}",
                        "config.json:1:31: \"path\" in storage \"file\" must be a string, got number"),
                Arguments.of("JSON duplicate key", "config.json",
                        "{\"storage\": {\"inmem\": {}},\n \"ui\": true,\n \"ui\": false}",
                        "config.json:3:2: duplicate key \"ui\": already set at line 2"),
                Arguments.of("JSON unknown listener key", "config.json",
                        "{\"storage\": {\"inmem\": {}},\n \"listener\": [{\"tcp\": {\"tls_disable\": true,\n"
                                + "   \"adress\": \"x\"}}]}",
                        "config.json:3:4: unknown key \"adress\" in listener \"tcp\" (did you mean \"address\"?); valid keys are address, "
                                + "http_idle_timeout, http_read_header_timeout, http_read_timeout, max_request_duration, "
                                + "max_request_size, telemetry, tls_cert_file, tls_cipher_suites, tls_client_ca_file, tls_disable, "
                                + "tls_disable_client_certs, tls_key_file, tls_max_version, tls_min_version, "
                                + "tls_require_and_verify_client_cert"),
                Arguments.of("JSON trailing comma", "config.json",
                        "{\"ui\": true,}",
                        "config.json:1:13: invalid JSON: Unexpected character \"}\": was expecting double-quote to start "
                                + "field name"),
                Arguments.of("unknown awskms key, at the key's own position", "config.hcl",
                        INMEM + "seal \"awskms\" {\n  kms_key_id = \"k\"\n  regoin = \"x\"\n}\n",
                        "config.hcl:4:3: unknown key \"regoin\" in seal \"awskms\" (did you mean \"region\"?); valid keys "
                                + "are access_key, disabled, endpoint, health_check_enabled, health_check_interval, "
                                + "health_check_interval_unhealthy, health_check_timeout, "
                                + "kms_key_id, name, priority, region, role_arn, "
                                + "role_session_name, secret_key, session_token, shared_creds_filename, "
                                + "shared_creds_profile, web_identity_token_file"),
                Arguments.of("JSON top level not an object", "config.json",
                        "[1]",
                        "config.json:1:1: expected a JSON object at the top level, found \"[\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void load_brokenFile_failsWithPositionAndMessage(String what, String name, String text, String message) {
        assertThatThrownBy(() -> ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source(name, text)),
                false))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> brokenAwsKmsStanzas() {
        return Stream.of(
                Arguments.of("seal \"awskms\" {\n  kms_key_id = \"k\"\n  region = 5\n}\n",
                        "config.hcl:2:1: seal \"awskms\": \"region\" must be a string, got number"),
                Arguments.of("seal \"awskms\" {}\n",
                        "config.hcl:2:1: seal \"awskms\": \"kms_key_id\" is required (or set VAULT_AWSKMS_SEAL_KEY_ID)"));
    }

    @ParameterizedTest
    @MethodSource("brokenAwsKmsStanzas")
    void effectiveSeal_brokenAwsKmsStanza_failsWithStanzaPosition(String seal, String message) {
        ServerConfig c = ServerConfigLoader.fromSources(
                List.of(new ServerConfigLoader.Source("config.hcl", INMEM + seal)), false);

        assertThatThrownBy(() -> SealSelection.effective(c, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
