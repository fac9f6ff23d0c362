package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.seal.BlobInfo;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against real AWS KMS, only when {@code STRONGROOM_LIVE_KMS_KEY_ID} names a key (skipped otherwise, and always in
 * CI): the seal built exactly as the server builds it, from the process environment (region, credentials through
 * the full chain), then a wrap and unwrap. Needs kms:DescribeKey, kms:Encrypt and kms:Decrypt on the key.
 */
@EnabledIfEnvironmentVariable(named = "STRONGROOM_LIVE_KMS_KEY_ID", matches = ".+")
class LiveAwsKmsTest {

    @Test
    void realKms_describeEncryptDecrypt() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("VAULT_AWSKMS_SEAL_KEY_ID", System.getenv("STRONGROOM_LIVE_KMS_KEY_ID"));
        try (AwsKmsSeal seal = AwsKmsSeal.open(Map.of(), env, new SecureRandom())) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            BlobInfo blob = seal.wrapper().encrypt(key, null);
            assertThat(blob.keyInfo().keyId()).startsWith("arn:aws:kms:");
            assertThat(seal.wrapper().decrypt(BlobInfo.parseFrom(blob.toByteArray()), null)).isEqualTo(key);
        }
    }
}
