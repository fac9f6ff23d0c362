package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.testkit.Fault;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strongroom operator diagnose} against moto through the real SDK, with faults from the proxy. */
class DiagnoseLauncherTest {

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private String keyArn;
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void setUp() {
        MotoServer moto = MotoServer.shared();
        keyArn = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private int diagnose(String sealBody, Map<String, String> env) throws Exception {
        Path config = dir.resolve("server.hcl");
        Files.writeString(config, "storage \"inmem\" {}\nseal \"awskms\" {\n" + sealBody + "\n}\n");
        return new DiagnoseLauncher(env, new PrintWriter(out, true)).run(List.of(config));
    }

    private String block(String keyId) {
        return """
                region = "us-east-1"
                access_key = "AKIDDIAG"
                secret_key = "diagnose-secret-value"
                kms_key_id = "%s"
                endpoint = "%s"
                """.formatted(keyId, proxy.endpoint());
    }

    @Test
    void healthySetup_printsSettingsSourcesKeyAndProbe_exit0_noSecrets() throws Exception {
        int code = diagnose(block(keyArn), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("kms_key_id").contains("(seal \"awskms\" block)")
                .contains("secret_key               ********")
                .contains("credentials = static (seal \"awskms\" access_key)")
                .contains("-> " + keyArn + " (Enabled)")
                .contains("[ ok ] probe")
                .doesNotContain("diagnose-secret-value");
        assertThat(proxy.count("DescribeKey")).isEqualTo(1);
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
        assertThat(proxy.count("Decrypt")).isEqualTo(1);
    }

    @Test
    void environmentOverridesBlock_reportedWithItsSource() throws Exception {
        int code = diagnose(block("alias/does-not-exist"), Map.of("VAULT_AWSKMS_SEAL_KEY_ID", keyArn,
                "AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains(keyArn + " (env VAULT_AWSKMS_SEAL_KEY_ID)");
    }

    @Test
    void accessDenied_exitNonZero_namesPermissionAndKey() throws Exception {
        proxy.inject(Fault.accessDenied().on("DescribeKey"));
        int code = diagnose(block(keyArn), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("[FAIL] key").contains("ACCESS_DENIED").contains("kms:DescribeKey").contains(keyArn);
    }

    @Test
    void disabledKey_failsSayingDisabled() throws Exception {
        // moto 5.2.1 answers DisableKey with HTTP 500 here, so the proxy answers DescribeKey as KMS does for a disabled key
        proxy.inject(Fault.reply(200, "{\"KeyMetadata\":{\"KeyId\":\"" + keyArn.substring(keyArn.lastIndexOf('/') + 1)
                + "\",\"Arn\":\"" + keyArn + "\",\"KeyState\":\"Disabled\",\"Enabled\":false}}").on("DescribeKey"));
        int code = diagnose(block(keyArn), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("[FAIL] key").contains("DISABLED").contains(keyArn).contains("Disabled");
    }

    @Test
    void encryptDenied_probeFailsNamingKmsEncrypt() throws Exception {
        proxy.inject(Fault.accessDenied().on("Encrypt"));
        int code = diagnose(block(keyArn), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("[FAIL] probe").contains("kms:Encrypt");
    }

    @Test
    void unknownKey_failsNamingKeyAndRegion() throws Exception {
        int code = diagnose(block("alias/no-such-alias"), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("NOT_FOUND").contains("alias/no-such-alias").contains("us-east-1");
    }

    @Test
    void kmsUnreachable_failsNamingEndpoint() throws Exception {
        proxy.refuse(true);
        int code = diagnose(block(keyArn), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("UNREACHABLE").contains(proxy.endpoint().getHost() + ":" + proxy.endpoint().getPort());
    }

    @Test
    void unknownKeyInBlock_failsWithFileLineAndKey() throws Exception {
        int code = diagnose(block(keyArn) + "kms_key = \"x\"\n", Map.of());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("server.hcl:").contains("kms_key");
    }

    @Test
    void sealHa_everySealCheckedWithItsOwnEnvironment_oneBroken_nonZero() throws Exception {
        String west = MotoServer.shared().createKey();
        Path config = dir.resolve("server.hcl");
        Files.writeString(config, "storage \"inmem\" {}\nenable_multiseal = true\n"
                + "seal \"awskms\" {\n  name = \"east\"\n  priority = 1\n" + block(keyArn) + "}\n"
                + "seal \"awskms\" {\n  name = \"west\"\n  priority = 2\n" + block("alias/missing") + "}\n");
        int code = new DiagnoseLauncher(Map.of("AWS_EC2_METADATA_DISABLED", "true",
                "VAULT_AWSKMS_SEAL_KEY_ID_west", west), new PrintWriter(out, true)).run(List.of(config));
        assertThat(code).as(out.toString()).isZero(); // west's key comes from its suffixed variable
        assertThat(out.toString()).contains("==> seal \"east\" (priority 1").contains("==> seal \"west\" (priority 2")
                .contains("-> " + keyArn + " (Enabled)").contains("-> " + west + " (Enabled)")
                .contains(west + " (env VAULT_AWSKMS_SEAL_KEY_ID)");

        out.getBuffer().setLength(0);
        int broken = new DiagnoseLauncher(Map.of("AWS_EC2_METADATA_DISABLED", "true"), new PrintWriter(out, true))
                .run(List.of(config));
        assertThat(broken).as(out.toString()).isNotZero();
        assertThat(out.toString()).contains("==> seal \"west\"").contains("[FAIL]");
    }
}
