package io.strongroom.awskms;

import static io.strongroom.awskms.TestSupport.block;
import static io.strongroom.awskms.TestSupport.config;
import static io.strongroom.awskms.TestSupport.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region: config, then the profile's region in the AWS config file, then instance metadata, then us-east-1. */
class RegionResolutionTest {

    @TempDir
    Path home;

    private static final Map<String, Setting> CREDS = Map.of(
            "access_key", TestSupport.secret("AKID", TestSupport.BLOCK),
            "secret_key", TestSupport.secret("sk", TestSupport.BLOCK));

    private AwsKmsSealConfig withCreds(Map<String, Setting> more) {
        var m = new java.util.HashMap<>(CREDS);
        m.putAll(more);
        return config(m);
    }

    private void writeConfig() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-central-1\n\n[profile dev]\nregion = ap-south-1\n");
    }

    @Test
    void configRegionWinsWithItsSource() throws Exception {
        writeConfig();
        try (BuiltClient c = KmsClientFactory.build(withCreds(Map.of("region",
                new Setting("us-west-2", "env AWS_REGION", false))), env(home.toString()))) {
            assertThat(c.region()).isEqualTo(new Setting("us-west-2", "env AWS_REGION", false));
            assertThat(c.describe()).contains("region = us-west-2 (env AWS_REGION)");
        }
    }

    @Test
    void profileRegionFromTheConfigFile() throws Exception {
        writeConfig();
        Path conf = home.resolve(".aws/config");
        try (BuiltClient c = KmsClientFactory.build(withCreds(Map.of()), env(home.toString()))) {
            assertThat(c.region()).isEqualTo(new Setting("eu-central-1", "profile 'default' in " + conf, false));
        }
        try (BuiltClient c = KmsClientFactory.build(withCreds(Map.of("shared_creds_profile", block("dev"))),
                env(home.toString()))) {
            assertThat(c.region()).isEqualTo(new Setting("ap-south-1", "profile 'dev' in " + conf, false));
        }
    }

    @Test
    void instanceMetadataRegionWithV2Token() throws Exception {
        try (LocalHttp imds = new LocalHttp(r -> {
            if (r.method().equals("PUT")) {
                return LocalHttp.Resp.ok("text/plain", "tok");
            }
            return "tok".equals(r.header("X-aws-ec2-metadata-token"))
                    && r.path().equals("/latest/meta-data/placement/region")
                    ? LocalHttp.Resp.ok("text/plain", "ap-northeast-2") : LocalHttp.Resp.status(401);
        })) {
            Map<String, String> e = env(home.toString(), "AWS_EC2_METADATA_DISABLED", null,
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
            try (BuiltClient c = KmsClientFactory.build(withCreds(Map.of()), e)) {
                assertThat(c.region()).isEqualTo(new Setting("ap-northeast-2", "instance metadata " + imds.url(), false));
            }
        }
    }

    @Test
    void defaultIsUsEast1AndSaysSo() {
        try (BuiltClient c = KmsClientFactory.build(withCreds(Map.of()), env(home.toString()))) {
            assertThat(c.region()).isEqualTo(new Setting("us-east-1", "default (us-east-1)", false));
            assertThat(c.describe()).contains("region = us-east-1 (default (us-east-1))");
        }
    }
}
