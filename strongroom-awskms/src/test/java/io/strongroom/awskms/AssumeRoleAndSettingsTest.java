package io.strongroom.awskms;

import static io.strongroom.awskms.TestSupport.block;
import static io.strongroom.awskms.TestSupport.config;
import static io.strongroom.awskms.TestSupport.env;
import static io.strongroom.awskms.TestSupport.signedAccessKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** role_arn without a token file (AssumeRole over remote credentials), and metadata settings from the env map. */
class AssumeRoleAndSettingsTest {

    @TempDir
    Path home;

    @Test
    void roleWithoutTokenFileIsAssumedWithContainerCredentials() throws Exception {
        String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>s3cr3t-role</SecretAccessKey>"
                + "<SessionToken>sess-role</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/seal/s</Arn>"
                + "<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>";
        Path tokenFile = home.resolve("pod-identity-token");
        Files.writeString(tokenFile, "pod-token-7\n");
        try (LocalHttp ecs = new LocalHttp(r -> LocalHttp.Resp.ok("application/json", TestSupport.credsJson(
                "ASIAECS", "s3cr3t-ecs", "sess-ecs", Instant.parse("2099-01-01T00:00:00Z"))));
             LocalHttp sts = new LocalHttp(r -> LocalHttp.Resp.ok("text/xml", xml));
             LocalHttp kms = TestSupport.fakeKms();
             BuiltClient c = KmsClientFactory.build(config(Map.of(
                     "region", block("eu-west-1"),
                     "endpoint", block(kms.url()),
                     "role_arn", block("arn:aws:iam::123456789012:role/seal"))),
                     env(home.toString(), "AWS_ENDPOINT_URL_STS", sts.url(),
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/creds",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString(),
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set"))) {
            c.client().describeKey(b -> b.keyId("k1"));

            assertThat(c.credentialSource()).startsWith("assume role arn:aws:iam::123456789012:role/seal");
            assertThat(ecs.requests.get(0).header("Authorization")).isEqualTo("pod-token-7");
            LocalHttp.Req assume = sts.requests.get(0);
            assertThat(URLDecoder.decode(assume.body(), StandardCharsets.UTF_8)).contains("Action=AssumeRole")
                    .contains("RoleArn=arn:aws:iam::123456789012:role/seal");
            assertThat(signedAccessKey(assume)).isEqualTo("ASIAECS");
            assertThat(assume.header("Authorization")).contains("/eu-west-1/sts/aws4_request");
            assertThat(signedAccessKey(kms.requests.get(0))).isEqualTo("ASIAROLE");
        }
    }

    @Test
    void webIdentityTokenFileWithoutRoleIsAConfigError() {
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of()),
                env(home.toString(), "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("web_identity_token_file is set (env AWS_WEB_IDENTITY_TOKEN_FILE) but role_arn is not");
    }

    @Test
    void metadataTimeoutComesFromTheEnvMap() throws Exception {
        try (InstanceMetadataCredentialsTest.BlackHole hole = new InstanceMetadataCredentialsTest.BlackHole()) {
            Map<String, String> e = env(home.toString(), "AWS_EC2_METADATA_DISABLED", null,
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT", hole.url(), "AWS_METADATA_SERVICE_TIMEOUT", "0.5");
            long t0 = System.nanoTime();
            try (BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))), e)) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(took).isLessThan(Duration.ofSeconds(3));
                assertThat(c.credentialSource()).endsWith("instance metadata " + hole.url()
                        + ": timed out after 500 ms (IMDSv2 token) and 500 ms (IMDSv1)");
            }
        }
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of()),
                env(home.toString(), "AWS_EC2_METADATA_DISABLED", null,
                        "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", "AWS_METADATA_SERVICE_TIMEOUT", "500ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AWS_METADATA_SERVICE_TIMEOUT");
        assertThatThrownBy(() -> KmsClientFactory.build(config(Map.of()),
                env(home.toString(), "AWS_EC2_METADATA_DISABLED", null,
                        "AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    }
}
