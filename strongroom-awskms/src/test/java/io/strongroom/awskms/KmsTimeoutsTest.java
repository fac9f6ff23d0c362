package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KmsTimeoutsTest {

    @Test
    void defaults_attemptFiveSeconds_wholeOperationFifteen() {
        assertThat(KmsTimeouts.DEFAULT.attempt()).isEqualTo(Duration.ofSeconds(5));
        assertThat(KmsTimeouts.DEFAULT.total()).isEqualTo(Duration.ofSeconds(15));
        // the client-level backstop and the socket timeout follow the defaults
        assertThat(KmsClientFactory.ATTEMPT_TIMEOUT).isEqualTo(KmsTimeouts.DEFAULT.attempt());
        assertThat(KmsClientFactory.CALL_TIMEOUT).isEqualTo(KmsTimeouts.DEFAULT.total());
    }

    @Test
    void constructor_attemptLongerThanTotal_rejectedNamingBoth() {
        assertThatThrownBy(() -> new KmsTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the KMS attempt timeout (2 s) must not exceed the total (1 s)");
    }

    @Test
    void constructor_zeroOrNegative_rejected() {
        assertThatThrownBy(() -> new KmsTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KmsTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seconds_formatsWholeAndFractionalSeconds() {
        assertThat(KmsTimeouts.seconds(Duration.ofSeconds(15))).isEqualTo("15 s");
        assertThat(KmsTimeouts.seconds(Duration.ofMillis(300))).isEqualTo("0.3 s");
        assertThat(KmsTimeouts.seconds(Duration.ofMillis(1250))).isEqualTo("1.25 s");
        assertThat(KmsTimeouts.seconds(Duration.ZERO)).isEqualTo("0 s");
    }
}
