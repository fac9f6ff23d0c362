package io.strongroom.awskms;

import io.strongroom.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsKmsConfigResolverTest {

    private static final String KEY = "19ec80b0-dfdd-4d97-8164-c6examplekey";
    private static final String BLOCK = "seal \"awskms\" block";

    /** key, env var that overrides it, whether the key needs a companion to be valid. */
    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of("kms_key_id", "VAULT_AWSKMS_SEAL_KEY_ID"),
                Arguments.of("region", "AWS_REGION"),
                Arguments.of("region", "AWS_DEFAULT_REGION"),
                Arguments.of("endpoint", "AWS_KMS_ENDPOINT"),
                Arguments.of("access_key", "AWS_ACCESS_KEY_ID"),
                Arguments.of("secret_key", "AWS_SECRET_ACCESS_KEY"),
                Arguments.of("session_token", "AWS_SESSION_TOKEN"),
                Arguments.of("shared_creds_filename", "AWS_SHARED_CREDENTIALS_FILE"),
                Arguments.of("shared_creds_profile", "AWS_PROFILE"),
                Arguments.of("role_arn", "AWS_ROLE_ARN"),
                Arguments.of("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE"),
                Arguments.of("role_session_name", "AWS_ROLE_SESSION_NAME"));
    }

    static Stream<String> stringKeys() {
        return parameters().map(a -> (String) a.get()[0]).distinct();
    }

    /** The smallest block that is valid once {@code key} is set: adds the companions the key requires. */
    private static Map<String, Object> baseBlock(String key) {
        Map<String, Object> b = new HashMap<>();
        if (!key.equals("kms_key_id")) {
            b.put("kms_key_id", KEY);
        }
        if (key.equals("access_key")) {
            b.put("secret_key", "companion-secret");
        }
        if (key.equals("secret_key")) {
            b.put("access_key", "AKIACOMPANION");
        }
        if (key.equals("web_identity_token_file") || key.equals("role_session_name")) {
            b.put("role_arn", "arn:aws:iam::123456789012:role/r");
        }
        return b;
    }

    @ParameterizedTest(name = "{0} from block")
    @MethodSource("parameters")
    void resolve_paramInBlock_blockValueAndSource(String key, String envVar) {
        Map<String, Object> block = baseBlock(key);
        block.put(key, "from-block");

        Setting s = AwsKmsConfigResolver.resolve(block, Map.of()).settings().get(key);

        assertThat(s.value()).isEqualTo("from-block");
        assertThat(s.source()).isEqualTo(BLOCK);
    }

    @ParameterizedTest(name = "{0} from env {1}")
    @MethodSource("parameters")
    void resolve_paramInEnv_envValueAndSource(String key, String envVar) {
        Map<String, Object> block = baseBlock(key);

        Setting s = AwsKmsConfigResolver.resolve(block, Map.of(envVar, "from-env")).settings().get(key);

        assertThat(s.value()).isEqualTo("from-env");
        assertThat(s.source()).isEqualTo("env " + envVar);
    }

    // vault-compat: Vault >= 1.15 configutil.getEnvConfig: a non-empty env var overrides the file.
    @ParameterizedTest(name = "{0} in block and env {1}: env wins")
    @MethodSource("parameters")
    void resolve_paramInBlockAndEnv_envWins(String key, String envVar) {
        Map<String, Object> block = baseBlock(key);
        block.put(key, "from-block");

        Setting s = AwsKmsConfigResolver.resolve(block, Map.of(envVar, "from-env")).settings().get(key);

        assertThat(s.value()).isEqualTo("from-env");
        assertThat(s.source()).isEqualTo("env " + envVar);
    }

    @ParameterizedTest(name = "{0} in block, env {1} empty: block wins")
    @MethodSource("parameters")
    void resolve_paramInBlockAndEmptyEnv_blockWins(String key, String envVar) {
        Map<String, Object> block = baseBlock(key);
        block.put(key, "from-block");

        Setting s = AwsKmsConfigResolver.resolve(block, Map.of(envVar, "")).settings().get(key);

        assertThat(s.value()).isEqualTo("from-block");
        assertThat(s.source()).isEqualTo(BLOCK);
    }

    @ParameterizedTest(name = "{0} missing")
    @MethodSource("stringKeys")
    void resolve_paramMissing_unsetOrRequired(String key) {
        if (key.equals("kms_key_id")) {
            assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of(), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("seal \"awskms\": \"kms_key_id\" is required (or set VAULT_AWSKMS_SEAL_KEY_ID)");
            return;
        }
        Setting s = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY), Map.of()).settings().get(key);

        assertThat(s.isSet()).isFalse();
        assertThat(s.source()).isEqualTo(Setting.SOURCE_UNSET);
    }

    @Test
    void resolve_regionUnsetEverywhere_notDefaulted() {
        // The client factory applies ~/.aws/config, IMDS and us-east-1; the resolver must not pre-empt them.
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY), Map.of());

        assertThat(c.region().value()).isNull();
    }

    @Test
    void resolve_awsRegionAndDefaultRegion_awsRegionWins() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "region", "ap-south-1"),
                Map.of("AWS_DEFAULT_REGION", "eu-west-1", "AWS_REGION", "us-west-2"));

        assertThat(c.region()).isEqualTo(new Setting("us-west-2", "env AWS_REGION", false));
    }

    @Test
    void resolve_wrapperKeyIdAndSealKeyId_wrapperKeyIdWins() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", "block-key"),
                Map.of("VAULT_AWSKMS_SEAL_KEY_ID", "seal-key", "AWSKMS_WRAPPER_KEY_ID", "wrapper-key"));

        assertThat(c.kmsKeyId()).isEqualTo(new Setting("wrapper-key", "env AWSKMS_WRAPPER_KEY_ID", false));
    }

    @Test
    void resolve_emptyBlockKeyIdFromEnv_resolves() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of(), Map.of("VAULT_AWSKMS_SEAL_KEY_ID", KEY));

        assertThat(c.kmsKeyId().value()).isEqualTo(KEY);
        assertThat(c.disabled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_key", "secret_key", "session_token"})
    void resolve_credentialKeys_areSecretSettings(String key) {
        Map<String, Object> block = baseBlock(key);
        block.put(key, "value");

        assertThat(AwsKmsConfigResolver.resolve(block, Map.of()).settings().get(key).secret()).isTrue();
    }

    @Test
    void resolve_secretLookingUnknownKey_quotesOnlyItsFirstCharacters() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "AKIAIOSFODNN7EXAMPLE", "x"),
                Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("seal \"awskms\": unknown key \"AKI...\"; valid keys are ")
                .hasMessageNotContaining("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void resolve_unknownKey_failsNamingKeyAndValidKeys() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "regoin", "x"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("seal \"awskms\": unknown key \"regoin\"; valid keys are access_key, ")
                .hasMessageContaining("kms_key_id")
                .hasMessageContaining("web_identity_token_file");
    }

    static Stream<Arguments> wrongTypes() {
        return stringKeys().flatMap(k -> Stream.of(
                Arguments.of(k, 5L, "number"),
                Arguments.of(k, 1.5d, "number"),
                Arguments.of(k, true, "bool"),
                Arguments.of(k, List.of("a"), "list"),
                Arguments.of(k, Map.of("a", "b"), "object")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void resolve_wrongTypeForStringKey_failsNamingKeyAndType(String key, Object value, String type) {
        Map<String, Object> block = baseBlock(key);
        block.put(key, value);

        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(block, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("seal \"awskms\": \"" + key + "\" must be a string, got " + type);
    }

    @Test
    void resolve_wrongTypeEvenWhenEnvOverrides_fails() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "region", 5L),
                Map.of("AWS_REGION", "us-east-2")))
                .hasMessage("seal \"awskms\": \"region\" must be a string, got number");
    }

    // vault-compat: Vault parses "disabled" with parseutil.ParseBool (strconv.ParseBool semantics).
    @ParameterizedTest(name = "disabled = {0} -> {1}")
    @CsvSource({"true,true", "TRUE,true", "t,true", "T,true", "1,true", "false,false", "False,false",
            "f,false", "0,false", "'',false"})
    void resolve_disabledLenientString_parsed(String text, boolean expected) {
        Map<String, Object> block = Map.of("kms_key_id", KEY, "disabled", text);

        assertThat(AwsKmsConfigResolver.resolve(block, Map.of()).disabled()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resolve_disabledBool_parsed(boolean value) {
        assertThat(AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "disabled", value), Map.of()).disabled())
                .isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "2", "enabled"})
    void resolve_disabledNotABool_failsNamingKey(String text) {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "disabled", text), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("seal \"awskms\": \"disabled\" must be a boolean");
    }

    @Test
    void resolve_disabledNumber_failsNamingKey() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "disabled", 1L), Map.of()))
                .hasMessage("seal \"awskms\": \"disabled\" must be a boolean, got number");
    }

    @Test
    void resolve_sealHaNameAndPriority_acceptedAndIgnored() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "name", "primary-kms_1", "priority", 1L), Map.of());

        assertThat(c.kmsKeyId().value()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name|bad name!|\"name\" must match ^[a-zA-Z0-9-_]+$",
            "priority|0|\"priority\" must be a positive integer",
            "priority|-3|\"priority\" must be a positive integer",
            "priority|high|\"priority\" must be a positive integer"})
    void resolve_badSealHaKeys_fail(String key, String raw, String message) {
        Object value = key.equals("priority") && raw.matches("-?[0-9]+") ? (Object) Long.parseLong(raw) : raw;

        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, key, value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void resolve_accessKeyWithoutSecretKey_fails() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", "AKIA1"),
                Map.of()))
                .hasMessage("seal \"awskms\": \"access_key\" is set (seal \"awskms\" block) but \"secret_key\" is "
                        + "not; set both or neither");
    }

    @Test
    void resolve_secretKeyFromEnvWithoutAccessKey_fails() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY),
                Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t")))
                .hasMessage("seal \"awskms\": \"secret_key\" is set (env AWS_SECRET_ACCESS_KEY) but \"access_key\" "
                        + "is not; set both or neither");
    }

    @Test
    void resolve_accessKeyInBlockSecretKeyInEnv_mergedPairIsValid() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", "AKIA1"),
                Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t"));

        assertThat(c.accessKey().source()).isEqualTo(BLOCK);
        assertThat(c.secretKey().source()).isEqualTo("env AWS_SECRET_ACCESS_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_identity_token_file", "role_session_name"})
    void resolve_roleOptionWithoutRoleArn_fails(String key) {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, key, "x"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("seal \"awskms\": \"" + key + "\" is set (seal \"awskms\" block) but \"role_arn\" is "
                        + "not; it only applies when assuming a role");
    }

    @Test
    void resolve_roleOptionWithRoleArnFromEnv_valid() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "role_session_name", "vault"),
                Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"));

        assertThat(c.roleSessionName().value()).isEqualTo("vault");
    }

    // vault-compat: configutil.ParsePath indirect references for credential keys.
    @Test
    void resolve_envReference_readsFromEnvMap() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "access_key", "env://MY_AK", "secret_key", "env://MY_SK"),
                Map.of("MY_AK", "AKIAREF", "MY_SK", "sk-from-ref"));

        assertThat(c.accessKey().value()).isEqualTo("AKIAREF");
        assertThat(c.secretKey().value()).isEqualTo("sk-from-ref");
        assertThat(c.secretKey().source()).isEqualTo(BLOCK + " via env://MY_SK");
    }

    @Test
    void resolve_envReferenceMissing_failsNamingVariable() {
        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "session_token", "env://NOPE"), Map.of()))
                .hasMessage("seal \"awskms\": \"session_token\" refers to environment variable \"NOPE\", which is "
                        + "not set (seal \"awskms\" block)");
    }

    @Test
    void resolve_fileReference_readsTrimmedContent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sk");
        Files.writeString(f, "  sk-in-file\n");

        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "access_key", "AKIA1", "secret_key", "file://" + f), Map.of());

        assertThat(c.secretKey().value()).isEqualTo("sk-in-file");
    }

    @Test
    void resolve_fileReferenceUnreadable_failsNamingPath(@TempDir Path dir) {
        Path f = dir.resolve("missing");

        assertThatThrownBy(() -> AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "session_token", "file://" + f), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("seal \"awskms\": \"session_token\" refers to file \"" + f
                        + "\", which cannot be read");
    }

    @Test
    void resolve_stringReference_literal() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(
                Map.of("kms_key_id", KEY, "session_token", "string://tok"), Map.of());

        assertThat(c.sessionToken().value()).isEqualTo("tok");
    }

    @Test
    void resolve_envVarValueLooksLikeReference_takenLiterally() {
        AwsKmsSealConfig c = AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY),
                Map.of("AWS_SESSION_TOKEN", "env://X"));

        assertThat(c.sessionToken().value()).isEqualTo("env://X");
    }

    @ParameterizedTest
    @CsvSource({"awskms,true", "AWSKMS,true", "AwsKms,true", "shamir,false", "'',false"})
    void activatedByEnv_vaultSealType(String value, boolean expected) {
        assertThat(AwsKmsConfigResolver.activatedByEnv(Map.of("VAULT_SEAL_TYPE", value))).isEqualTo(expected);
    }

    @Test
    void activatedByEnv_unset_false() {
        assertThat(AwsKmsConfigResolver.activatedByEnv(Map.of())).isFalse();
    }

    /** Every failure path that involves a credential, plus toString of valid configs: no secret may leak. */
    @Test
    void resolve_secrets_neverInMessagesOrToString(@TempDir Path dir) throws Exception {
        String ak = "AKIASECRETVALUE1";
        String sk = "wJalrXUtnFEMIsecretvalue2";
        String tok = "sessiontokensecretvalue3";
        Path skFile = dir.resolve("sk");
        Files.writeString(skFile, sk);
        List<String> secrets = List.of(ak, sk, tok);

        List<Runnable> failing = List.of(
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", ak), Map.of()),
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "secret_key", sk), Map.of()),
                () -> AwsKmsConfigResolver.resolve(Map.of("access_key", ak, "secret_key", sk, "session_token", tok),
                        Map.of()),
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY), Map.of("AWS_SECRET_ACCESS_KEY", sk)),
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "session_token", "env://T"),
                        Map.of("AWS_ACCESS_KEY_ID", ak)),
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", ak, "secret_key", sk,
                        "web_identity_token_file", "/t"), Map.of("AWS_SESSION_TOKEN", tok)),
                () -> AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", ak, "secret_key", sk,
                        "bogus", tok), Map.of()));
        for (Runnable r : failing) {
            assertThatThrownBy(r::run).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secrets));
        }

        List<AwsKmsSealConfig> valid = List.of(
                AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", ak, "secret_key", sk,
                        "session_token", tok), Map.of()),
                AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY, "access_key", ak,
                        "secret_key", "file://" + skFile), Map.of("AWS_SESSION_TOKEN", tok)),
                AwsKmsConfigResolver.resolve(Map.of("kms_key_id", KEY),
                        Map.of("AWS_ACCESS_KEY_ID", ak, "AWS_SECRET_ACCESS_KEY", sk, "AWS_SESSION_TOKEN", tok)));
        for (AwsKmsSealConfig c : valid) {
            assertThat(c.secretKey().value()).isEqualTo(sk);
            assertThat(c.toString()).doesNotContain(secrets).contains("********");
            assertThat(c.settings().toString()).doesNotContain(secrets);
        }
    }
}
