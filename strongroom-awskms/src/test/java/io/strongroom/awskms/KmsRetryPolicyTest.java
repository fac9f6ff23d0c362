package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KmsRetryPolicyTest {

    @Test
    void capBeforeRetry_default_doublesFrom100msUpTo2s() {
        KmsRetryPolicy p = KmsRetryPolicy.DEFAULT;
        assertThat(p.maxAttempts()).isEqualTo(4);
        assertThat(p.capBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.capBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.capBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.capBeforeRetry(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(p.capBeforeRetry(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.capBeforeRetry(1000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delayBeforeRetry_fullJitter_staysWithinZeroAndCapAndVaries() {
        KmsRetryPolicy p = KmsRetryPolicy.DEFAULT;
        Random random = new Random(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = p.delayBeforeRetry(3, random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isBetween(0L, 40L);
        assertThat(max).isBetween(360L, 400L);
    }

    @Test
    void constructor_zeroAttempts_rejected() {
        assertThatThrownBy(() -> new KmsRetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
