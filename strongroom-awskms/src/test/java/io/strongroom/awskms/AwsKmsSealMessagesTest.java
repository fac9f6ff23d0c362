package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.SealAccessException.Reason;
import io.strongroom.testkit.Fault;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact texts an operator reads when the seal's key check fails, through the production assembly
 * ({@link AwsKmsSeal#open}: config resolution, client factory, port) with an {@code endpoint} setting pointing at
 * a {@link KmsFaultProxy} in front of moto. Each message names the endpoint once, as a URL.
 */
class AwsKmsSealMessagesTest {

    @TempDir
    Path home;
    private KmsFaultProxy proxy;

    @BeforeEach
    void setUp() {
        proxy = new KmsFaultProxy(MotoServer.shared().endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private SealAccessException openFails(String keyId) {
        Map<String, Object> block = Map.of("region", "us-east-1", "access_key", "test", "secret_key", "test",
                "kms_key_id", keyId, "endpoint", proxy.endpoint().toString());
        return org.junit.jupiter.api.Assertions.assertThrows(SealAccessException.class,
                () -> AwsKmsSeal.open(block, TestSupport.env(home.toString()), new SecureRandom()).close());
    }

    @Test
    void keyNotFound_exactMessage_namesTheEndpointOnce() {
        proxy.inject(Fault.notFound().on("DescribeKey"));
        SealAccessException e = openFails("alias/missing");
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        // it read "(endpoint endpoint http://...)" before: the seal passed "endpoint <url>" and the message added
        // "endpoint" again
        assertThat(e.getMessage()).isEqualTo("AWS KMS key alias/missing was not found in region us-east-1 (KMS at "
                + proxy.endpoint() + "): check the key id, and check the region: the key must live in us-east-1. "
                + "KMS said: Invalid keyId (injected)");
    }

    @Test
    void endpointUnreachable_messageStartsWithTheEndpointUrl_noDoubledWord() {
        proxy.refuse(true);
        SealAccessException e = openFails("alias/any");
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage())
                .startsWith("AWS KMS at " + proxy.endpoint() + " (region us-east-1) could not serve DescribeKey after "
                        + "4 attempt(s): ")
                .contains("Connection refused")
                .endsWith(". Check the network path to the endpoint and the endpoint setting.")
                .doesNotContain("endpoint endpoint").doesNotContain("at endpoint");
    }
}
