package io.strongroom.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyWrapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealStrategiesTest {

    private static final KeyWrapper KMS = new KeyWrapper() {
        @Override
        public String type() {
            return "awskms";
        }

        @Override
        public String keyId() {
            return "arn:aws:kms:us-east-1:000000000000:key/k";
        }

        @Override
        public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] decrypt(BlobInfo blob, byte[] aad) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> metadata() {
            return Map.of();
        }
    };

    @Test
    void create_shamir_hasNoWrappersAndNeedsShares() {
        SealStrategy s = SealStrategies.create("shamir", List.of());
        assertThat(s.type()).isEqualTo("shamir");
        assertThat(s.unsealsItself()).isFalse();
        assertThat(s.seals()).isEmpty();
        assertThat(s.recoverySealType()).isNull();
    }

    @Test
    void create_awskms_unsealsItselfWithRecoveryShares() {
        SealStrategy s = SealStrategies.create("awskms", List.of(KMS));
        assertThat(s.type()).isEqualTo("awskms");
        assertThat(s.unsealsItself()).isTrue();
        assertThat(s.seals().orElseThrow().primary()).contains(KMS);
        assertThat(s.recoverySealType()).isEqualTo("shamir");
    }

    @Test
    void create_twoWrappers_keepsBothCurrentFirst() {
        SealStrategy s = SealStrategies.create("awskms", List.of(KMS, KMS));
        assertThat(s.seals().orElseThrow().enabled()).hasSize(2);
    }

    @Test
    void create_unknownType_failsNamingTheSupportedOnes() {
        assertThatThrownBy(() -> SealStrategies.create("transit", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transit").hasMessageContaining("awskms");
    }

    @Test
    void create_awskmsWithoutWrapper_fails() {
        assertThatThrownBy(() -> SealStrategies.create("awskms", List.of())).isInstanceOf(ConfigException.class);
    }
}
