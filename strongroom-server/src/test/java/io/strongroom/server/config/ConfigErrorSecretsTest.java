package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A credential that lands in the wrong place (a stray line, a forgotten "=", a missing quote) must not be
 * printed by the error that reports it: each message names the position and the kind of token, and at most the
 * first three characters of a key that does not look like one.
 */
class ConfigErrorSecretsTest {

    private static final String TOKEN = "hvs.kPa77QxZr2vB9sLmN4tYcW1eU";
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
    private static final String INMEM = "storage \"inmem\" {}\n";
    private static final String SEAL = INMEM + "seal \"awskms\" {\n  kms_key_id = \"k\"\n";

    static Stream<Arguments> leaks() {
        return Stream.of(
                // the three reproductions of issue #6
                Arguments.of("stray token line in a seal block", "config.hcl",
                        SEAL + "  " + TOKEN + "\n}\n",
                        "config.hcl:5:1: expected \"=\" or a block after \"hvs...\", found \"}\""),
                Arguments.of("access key id as a key in a seal block", "config.hcl",
                        SEAL + "  " + ACCESS_KEY + " = \"x\"\n}\n",
                        "config.hcl:4:3: unknown key \"AKI...\" in seal \"awskms\"; valid keys are access_key, disabled, "
                                + "endpoint, health_check_enabled, health_check_interval, "
                                + "health_check_interval_unhealthy, health_check_timeout, kms_key_id, name, priority, region, role_arn, role_session_name, secret_key, "
                                + "session_token, shared_creds_filename, shared_creds_profile, web_identity_token_file"),
                Arguments.of("unquoted secret starting with digits", "config.hcl",
                        SEAL + "  secret_key = 1234" + SECRET + "\n}\n",
                        "config.hcl:4:16: invalid number: expected digits with an optional fraction and exponent, or 0x "
                                + "and hex digits (strings need double quotes)"),
                // others found in the audit
                Arguments.of("access key id as a top-level key", "config.hcl",
                        INMEM + ACCESS_KEY + " = \"x\"\n",
                        "config.hcl:2:1: unknown key \"AKI...\" at top level; valid keys are api_addr, cache_size, cluster_addr, "
                                + "cluster_name, default_lease_ttl, disable_cache, disable_mlock, disable_sealwrap, enable_multiseal, listener, log_format, log_level, "
                                + "max_lease_ttl, pid_file, seal, storage, telemetry, ui"),
                Arguments.of("unquoted secret value", "config.hcl",
                        SEAL + "  secret_key = " + SECRET + "\n}\n",
                        "config.hcl:4:16: expected a value after \"secret_key =\", found an unquoted word (strings need "
                                + "double quotes)"),
                Arguments.of("forgotten = before a quoted secret", "config.hcl",
                        SEAL + "  secret_key \"" + SECRET + "\"\n}\n",
                        "config.hcl:5:1: expected \"{\" to open block secret_key \"wJa...\", found \"}\" (for an attribute "
                                + "write secret_key = value)"),
                Arguments.of("secret split by a stray quote becomes a key", "config.hcl",
                        SEAL + "  secret_key = \"ab\" \"" + SECRET + "\"\n}\n",
                        "config.hcl:5:1: expected \"=\" or a block after \"wJa...\", found \"}\""),
                Arguments.of("invalid escape inside a secret", "config.hcl",
                        SEAL + "  secret_key = \"" + SECRET.substring(0, 10) + "\\q" + SECRET.substring(10) + "\"\n}\n",
                        "config.hcl:4:27: invalid escape in string: a backslash must be followed by one of \\\" \\\\ \\n "
                                + "\\t \\r \\a \\b \\f \\v, three octal digits, \\xHH, \\uHHHH or \\UHHHHHHHH"),
                Arguments.of("duplicate secret-looking key", "config.hcl",
                        INMEM + "seal \"awskms\" {\n  " + ACCESS_KEY + " = 1\n  " + ACCESS_KEY + " = 2\n}\n",
                        "config.hcl:4:3: duplicate key \"AKI...\": already set at line 3"),
                Arguments.of("secret as a seal type", "config.hcl",
                        INMEM + "seal \"" + SECRET + "\" {}\n",
                        "config.hcl:2:1: unsupported seal type \"wJa...\"; supported: awskms, shamir"),
                Arguments.of("secret as a heredoc anchor", "config.hcl",
                        INMEM + "api_addr = <<" + ACCESS_KEY + "\nabc\n",
                        "config.hcl:2:12: unterminated heredoc: expected a line \"AKI...\" followed by a newline before "
                                + "end of file"),
                Arguments.of("secret in a boolean", "config.hcl",
                        INMEM + "listener \"tcp\" {\n  tls_disable = \"" + SECRET + "\"\n}\n",
                        "config.hcl:3:17: \"tls_disable\" in listener \"tcp\" must be a boolean (true, false, \"1\", \"0\"), "
                                + "got a string that is not one"),
                Arguments.of("secret in tls_min_version", "config.hcl",
                        INMEM + "listener \"tcp\" {\n  tls_disable = true\n  tls_min_version = \"" + SECRET + "\"\n}\n",
                        "config.hcl:4:21: \"tls_min_version\" in listener \"tcp\" must be tls12 or tls13, got a string that "
                                + "is neither"),
                Arguments.of("secret in log_level", "config.hcl",
                        INMEM + "log_level = \"" + SECRET + "\"\n",
                        "config.hcl:2:13: \"log_level\" must be one of trace, debug, info, warn, error, got a string "
                                + "that is none of them"),
                Arguments.of("secret in a duration", "config.hcl",
                        INMEM + "max_lease_ttl = \"" + SECRET + "\"\n",
                        "config.hcl:2:17: \"max_lease_ttl\" must be a duration like \"768h\", \"30m\" or integer seconds, "
                                + "got a string that is not one"),
                Arguments.of("secret as a listener port", "config.hcl",
                        INMEM + "listener \"tcp\" {\n  address = \"127.0.0.1:" + SECRET + "\"\n  tls_disable = 1\n}\n",
                        "config.hcl:3:13: \"address\" in listener \"tcp\" has an invalid port: it must be a number from 0 "
                                + "to 65535"),
                Arguments.of("JSON unquoted secret", "config.json",
                        "{\"seal\": {\"awskms\": {\"secret_key\": " + SECRET + "}}}",
                        "config.json:1:74: invalid JSON: Unrecognized token: was expecting (JSON String, Number, Array, "
                                + "Object or token 'null', 'true' or 'false')"),
                Arguments.of("JSON invalid escape inside a secret", "config.json",
                        "{\"seal\": {\"awskms\": {\"secret_key\": \"" + SECRET.substring(0, 10) + "\\q"
                                + SECRET.substring(10) + "\"}}}",
                        "config.json:1:48: invalid JSON: Unrecognized character escape"),
                Arguments.of("JSON secret-looking key", "config.json",
                        "{\"storage\": {\"inmem\": {}}, \"" + ACCESS_KEY + "\": \"x\"}",
                        "config.json:1:28: unknown key \"AKI...\" at top level; valid keys are api_addr, cache_size, cluster_addr, "
                                + "cluster_name, default_lease_ttl, disable_cache, disable_mlock, disable_sealwrap, enable_multiseal, listener, log_format, log_level, "
                                + "max_lease_ttl, pid_file, seal, storage, telemetry, ui"),
                Arguments.of("JSON numeric secret beyond 64 bits", "config.json",
                        "{\"seal\": {\"awskms\": {\"secret_key\": 12345678901234567890123456789}}}",
                        "config.json:1:36: number out of range for a 64-bit integer"),
                Arguments.of("JSON number as trailing garbage", "config.json",
                        "{\"ui\": true} 98765432109876543210",
                        "config.json:1:14: expected end of file after the top-level object, found a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void load_secretInTheWrongPlace_errorNamesPositionNotSecret(String what, String name, String text, String message) {
        ConfigException e = catchThrowableOfType(() -> ServerConfigLoader.fromSources(
                List.of(new ServerConfigLoader.Source(name, text)), false), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        for (String secret : List.of(TOKEN, ACCESS_KEY, SECRET, "12345678901234567890", "98765432109876543210")) {
            assertThat(e.getMessage()).doesNotContain(secret.substring(0, 8));
        }
    }

    static Stream<Arguments> resolverLeaks() {
        return Stream.of(
                Arguments.of("  name = \"" + SECRET + "!\"\n",
                        "config.hcl:2:1: seal \"awskms\": \"name\" must match ^[a-zA-Z0-9-_]+$ (value not shown)"));
    }

    @ParameterizedTest
    @MethodSource("resolverLeaks")
    void effectiveSeal_secretInAwsKmsValue_errorDoesNotQuoteIt(String line, String message) {
        ServerConfig c = ServerConfigLoader.fromSources(
                List.of(new ServerConfigLoader.Source("config.hcl", SEAL + line + "}\n")), false);

        ConfigException e = catchThrowableOfType(() -> SealSelection.effective(c, Map.of()), ConfigException.class);

        assertThat(e).hasMessage(message);
    }
}
