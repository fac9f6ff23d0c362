package io.strongroom.awskms;

import static io.strongroom.awskms.TestSupport.block;
import static io.strongroom.awskms.TestSupport.config;
import static io.strongroom.awskms.TestSupport.env;
import static io.strongroom.awskms.TestSupport.secret;
import static io.strongroom.awskms.TestSupport.signedAccessKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Credential sources before instance metadata: static, environment, shared files, web identity, container. */
class KmsClientFactoryCredentialsTest {

    @TempDir
    Path home;

    @Test
    void staticBlockCredentialsSignKmsRequests() throws Exception {
        try (LocalHttp kms = TestSupport.fakeKms();
             BuiltClient c = KmsClientFactory.build(config(Map.of(
                     "region", block("eu-west-1"),
                     "endpoint", block(kms.url()),
                     "access_key", secret("AKIDSTATIC", TestSupport.BLOCK),
                     "secret_key", secret("s3cr3t-static", TestSupport.BLOCK),
                     "session_token", secret("tok-static", TestSupport.BLOCK))), env(home.toString()))) {
            c.client().describeKey(b -> b.keyId("alias/x"));

            assertThat(c.credentialSource()).isEqualTo("static (seal \"awskms\" access_key)");
            LocalHttp.Req r = kms.requests.get(0);
            assertThat(signedAccessKey(r)).isEqualTo("AKIDSTATIC");
            assertThat(r.header("Authorization")).contains("/eu-west-1/kms/aws4_request");
            assertThat(r.header("X-Amz-Security-Token")).isEqualTo("tok-static");
            assertThat(r.header("X-Amz-Target")).isEqualTo("TrentService.DescribeKey");
            assertThat(c.describe() + c).doesNotContain("s3cr3t-static").doesNotContain("tok-static")
                    .contains("static (seal \"awskms\" access_key)").contains("region = eu-west-1");
        }
    }

    @Test
    void environmentCredentialsAreReportedAsEnvironment() {
        try (BuiltClient c = KmsClientFactory.build(config(Map.of(
                "region", block("eu-west-1"),
                "access_key", secret("AKIDENV", "env AWS_ACCESS_KEY_ID"),
                "secret_key", secret("s3cr3t-env", "env AWS_SECRET_ACCESS_KEY"))), env(home.toString()))) {
            assertThat(c.credentialSource()).isEqualTo("environment (AWS_ACCESS_KEY_ID)");
            assertThat(c.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDENV");
        }
    }

    @Test
    void onlyOneStaticKeyIsAConfigError() {
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of(
                "access_key", secret("AKID", "env AWS_ACCESS_KEY_ID"))), env(home.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("access_key is set (env AWS_ACCESS_KEY_ID) but secret_key is not");
    }

    @Test
    void endpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of(
                "endpoint", new Setting("kms.example.com:443", "env AWS_KMS_ENDPOINT", false))), env(home.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("endpoint (env AWS_KMS_ENDPOINT)");
    }

    @Test
    void namedProfileFromSharedCredentialsFileSignsRequests() throws Exception {
        Path creds = home.resolve("my-creds");
        Files.writeString(creds, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = sd\n\n"
                + "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s3cr3t-dev\n");
        try (LocalHttp kms = TestSupport.fakeKms();
             BuiltClient c = KmsClientFactory.build(config(Map.of(
                     "region", block("eu-west-1"),
                     "endpoint", block(kms.url()),
                     "shared_creds_filename", block(creds.toString()),
                     "shared_creds_profile", block("dev"))), env(home.toString()))) {
            c.client().describeKey(b -> b.keyId("k1"));
            assertThat(c.credentialSource()).isEqualTo("profile 'dev' in " + creds);
            assertThat(signedAccessKey(kms.requests.get(0))).isEqualTo("AKIDDEV");
        }
    }

    @Test
    void defaultProfileFromHomeAndAwsProfileOverridesTheBlock() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Path creds = home.resolve(".aws/credentials");
        Files.writeString(creds, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = sd\n"
                + "[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = so\n");
        try (BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))), env(home.toString()))) {
            assertThat(c.credentialSource()).isEqualTo("profile 'default' in " + creds);
            assertThat(c.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDDEFAULT");
        }
        // spec 1.2: AWS_PROFILE overrides shared_creds_profile inside awsutil
        try (BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"),
                "shared_creds_profile", block("nope"))), env(home.toString(), "AWS_PROFILE", "ops"))) {
            assertThat(c.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDOPS");
        }
    }

    @Test
    void profileOnlyInConfigFileIsUsed() throws Exception {
        Path conf = home.resolve("cfg");
        Files.writeString(conf, "[profile dev]\nregion = ap-south-1\naws_access_key_id = AKIDCONF\n"
                + "aws_secret_access_key = sc\n");
        try (BuiltClient c = KmsClientFactory.build(config(Map.of()),
                env(home.toString(), "AWS_CONFIG_FILE", conf.toString(), "AWS_PROFILE", "dev"))) {
            assertThat(c.credentialSource()).isEqualTo("profile 'dev' in " + conf);
            assertThat(c.region().value()).isEqualTo("ap-south-1");
            assertThat(c.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDCONF");
        }
    }

    @Test
    void webIdentitySendsTheTokenFileToStsAndUsesTheReturnedCredentials() throws Exception {
        Path tokenFile = home.resolve("token");
        Files.writeString(tokenFile, "eyJ-web-identity-token-42\n");
        String xml = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEBID</AccessKeyId>"
                + "<SecretAccessKey>s3cr3t-webid</SecretAccessKey><SessionToken>sess-webid</SessionToken>"
                + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/seal/s</Arn>"
                + "<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>"
                + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>";
        try (LocalHttp sts = new LocalHttp(r -> LocalHttp.Resp.ok("text/xml", xml));
             LocalHttp kms = TestSupport.fakeKms();
             BuiltClient c = KmsClientFactory.build(config(Map.of(
                     "region", block("eu-west-1"),
                     "endpoint", block(kms.url()),
                     "role_arn", block("arn:aws:iam::123456789012:role/seal"),
                     "web_identity_token_file", block(tokenFile.toString()),
                     "role_session_name", block("vault-seal"))),
                     env(home.toString(), "AWS_ENDPOINT_URL_STS", sts.url()))) {
            c.client().describeKey(b -> b.keyId("k1"));

            assertThat(c.credentialSource())
                    .isEqualTo("web identity (role arn:aws:iam::123456789012:role/seal, token file " + tokenFile + ")");
            String form = java.net.URLDecoder.decode(sts.requests.get(0).body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(form).contains("Action=AssumeRoleWithWebIdentity")
                    .contains("WebIdentityToken=eyJ-web-identity-token-42")
                    .contains("RoleArn=arn:aws:iam::123456789012:role/seal")
                    .contains("RoleSessionName=vault-seal");
            assertThat(sts.requests.get(0).header("Authorization")).as("web identity calls are unsigned").isNull();
            assertThat(signedAccessKey(kms.requests.get(0))).isEqualTo("ASIAWEBID");
            assertThat(kms.requests.get(0).header("X-Amz-Security-Token")).isEqualTo("sess-webid");
        }
    }

    @Test
    void roleFromEnvIsHonouredAndAFailedWebIdentityDoesNotFallBack() throws Exception {
        // pain points 3/4: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE must be read, and a failure must not
        // silently continue to the instance role
        try (LocalHttp sts = new LocalHttp(r -> new LocalHttp.Resp(403, "text/xml",
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>nope</Message></Error>"
                        + "</ErrorResponse>", 0));
             LocalHttp imds = new LocalHttp(r -> LocalHttp.Resp.status(404));
             BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                     env(home.toString(), "AWS_ENDPOINT_URL_STS", sts.url(),
                             "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa",
                             "AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("missing-token").toString(),
                             "AWS_EC2_METADATA_DISABLED", null,
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()))) {
            assertThat(c.credentialSource())
                    .startsWith("none yet: Unable to load credentials")
                    .contains("web identity (role arn:aws:iam::123456789012:role/irsa): cannot read "
                            + "web_identity_token_file " + home.resolve("missing-token"))
                    .contains("not tried: container credentials, instance metadata " + imds.url());
            assertThat(imds.requests).isEmpty();
        }
    }

    @Test
    void containerCredentialsFromFullUriWithAuthorizationToken() throws Exception {
        try (LocalHttp ecs = new LocalHttp(r -> LocalHttp.Resp.ok("application/json",
                TestSupport.credsJson("ASIAECS", "s3cr3t-ecs", "sess-ecs", Instant.parse("2099-01-01T00:00:00Z"))));
             BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                     env(home.toString(),
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/v2/creds?id=1",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer ecs-auth"))) {
            AwsCredentials creds = c.credentials().resolveCredentials();
            c.credentials().resolveCredentials();

            assertThat(c.credentialSource()).isEqualTo("container credentials (" + ecs.url() + "/v2/creds)");
            assertThat(creds.accessKeyId()).isEqualTo("ASIAECS");
            assertThat(((AwsSessionCredentials) creds).sessionToken()).isEqualTo("sess-ecs");
            assertThat(ecs.requests).as("cached until near expiry").hasSize(1);
            assertThat(ecs.requests.get(0).path()).isEqualTo("/v2/creds");
            assertThat(ecs.requests.get(0).header("Authorization")).isEqualTo("Bearer ecs-auth");
            assertThat(c.describe()).doesNotContain("ecs-auth").doesNotContain("s3cr3t-ecs");
        }
    }

    @Test
    void containerFullUriOverPlainHttpMustBeLoopback() {
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                env(home.toString(), "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.1.2.3/creds")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }
}
