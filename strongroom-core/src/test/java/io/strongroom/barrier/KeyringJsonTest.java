package io.strongroom.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

// vault-compat: vault-seal-spec 4.3, the keyring JSON inside core/keyring.
class KeyringJsonTest {

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    private static Keyring sample() {
        return Keyring.of(filled(9), List.of(
                new BarrierKey(1, 1, filled(1), Instant.parse("2026-01-02T03:04:05Z"), 0),
                new BarrierKey(2, 1, filled(2), Instant.parse("2026-02-03T04:05:06.123456789Z"), 42)),
                new RotationConfig(false, RotationConfig.MAX_OPERATIONS, 0));
    }

    @Test
    void encode_usesVaultFieldNamesExactly() throws Exception {
        JsonNode root = new ObjectMapper().readTree(KeyringJson.encode(sample()));
        assertThat(root.fieldNames()).toIterable().containsExactly("MasterKey", "Keys", "RotationConfig");
        assertThat(root.get("MasterKey").asText()).isEqualTo(Base64.getEncoder().encodeToString(filled(9)));

        JsonNode k1 = root.get("Keys").get(0);
        assertThat(k1.fieldNames()).toIterable().containsExactly("Term", "Version", "Value", "InstallTime");
        assertThat(k1.get("Term").asInt()).isEqualTo(1);
        assertThat(k1.get("Version").asInt()).isEqualTo(1);
        assertThat(k1.get("InstallTime").asText()).isEqualTo("2026-01-02T03:04:05Z");

        JsonNode k2 = root.get("Keys").get(1);
        assertThat(k2.fieldNames()).toIterable()
                .as("encryptions is lower-case and only present when non-zero")
                .containsExactly("Term", "Version", "Value", "InstallTime", "encryptions");
        assertThat(k2.get("encryptions").asLong()).isEqualTo(42);
        assertThat(k2.get("InstallTime").asText()).isEqualTo("2026-02-03T04:05:06.123456789Z");

        JsonNode rc = root.get("RotationConfig");
        assertThat(rc.fieldNames()).toIterable().containsExactly("Disabled", "MaxOperations", "Interval");
        assertThat(rc.get("MaxOperations").asLong()).isEqualTo(3_865_470_566L);
    }

    @Test
    void encodeDecode_roundTrip() {
        Keyring back = KeyringJson.decode(KeyringJson.encode(sample()));
        assertThat(back.rootKey()).isEqualTo(filled(9));
        assertThat(back.activeTerm()).isEqualTo(2);
        assertThat(back.key(1).value()).isEqualTo(filled(1));
        assertThat(back.key(2).encryptions()).isEqualTo(42);
        assertThat(back.key(2).installTime()).isEqualTo(Instant.parse("2026-02-03T04:05:06.123456789Z"));
        assertThat(back.rotationConfig()).isEqualTo(RotationConfig.defaults());
    }

    @Test
    void decode_vaultWrittenJson_withOffsetTimesUnknownFieldsAndNoRotationConfig() {
        String b64 = Base64.getEncoder().encodeToString(filled(5));
        String json = "{\"MasterKey\":\"" + b64 + "\",\"ActiveTerm\":3,\"Keys\":["
                + "{\"Term\":3,\"Version\":1,\"Value\":\"" + b64 + "\",\"InstallTime\":\"2020-05-06T07:08:09.5+02:00\"},"
                + "{\"Term\":1,\"Version\":1,\"Value\":\"" + b64 + "\",\"InstallTime\":\"0001-01-01T00:00:00Z\","
                + "\"encryptions\":7}]}";
        Keyring kr = KeyringJson.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(kr.activeTerm()).as("active term is the highest term").isEqualTo(3);
        assertThat(kr.key(3).installTime()).isEqualTo(Instant.parse("2020-05-06T05:08:09.5Z"));
        assertThat(kr.key(1).encryptions()).isEqualTo(7);
        assertThat(kr.rotationConfig()).isEqualTo(RotationConfig.defaults());
    }

    @Test
    void decode_malformed_throwsDecryptionFailure() {
        for (String bad : new String[] {"", "{}", "[1]", "{\"MasterKey\":\"AAAA\",\"Keys\":[]}",
            "{\"MasterKey\":\"!!\",\"Keys\":[]}"}) {
            assertThatThrownBy(() -> KeyringJson.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(BarrierDecryptionException.class);
        }
    }

    @Test
    void keyring_withKey_mustAdvanceTerm_andToStringHidesKeys() {
        Keyring kr = sample();
        assertThatThrownBy(() -> kr.withKey(new BarrierKey(2, 1, filled(3), Instant.EPOCH, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        Keyring next = kr.withKey(new BarrierKey(3, 1, filled(3), Instant.EPOCH, 0));
        assertThat(next.activeTerm()).isEqualTo(3);
        assertThat(kr.activeTerm()).as("original unchanged").isEqualTo(2);
        assertThat(next.toString()).doesNotContain(Base64.getEncoder().encodeToString(filled(3)));
    }
}
