package io.strongroom.hcl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    // vault-compat: parseutil.ParseDurationSecond: integers are seconds; Go units plus "d".
    @ParameterizedTest
    @CsvSource({"768h,2764800", "30m,1800", "90,90", "1h30m,5400", "1.5h,5400", "2d,172800", "500ms,0"})
    void durations_vaultStrings_parsed(String text, long seconds) {
        assertThat(Durations.parse(text)).isNotNull().extracting(Duration::getSeconds).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"forever", "10x", "h", "'' ", "-5s", "1h 30m"})
    void durations_garbage_null(String text) {
        assertThat(Durations.parse(text)).isNull();
    }
}
