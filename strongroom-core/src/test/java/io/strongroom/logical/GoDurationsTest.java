package io.strongroom.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

    @ParameterizedTest
    @CsvSource({"3600,3600", "'  90 ',90", "90s,90", "1h30m,5400", "1.5h,5400", "768h,2764800", "2d,172800",
            "1500ms,1", "-5s,-5", "'',0", "0,0"})
    void parseSeconds_vaultForms(String in, long seconds) {
        assertThat(GoDurations.parseSeconds(in)).isEqualTo(seconds);
    }

    @org.junit.jupiter.api.Test
    void parseSeconds_numbersAndNull() {
        assertThat(GoDurations.parseSeconds(600)).isEqualTo(600);
        assertThat(GoDurations.parseSeconds(600.0)).isEqualTo(600);
        assertThat(GoDurations.parseSeconds(null)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "1x", "h", "1.2.3s", "-", "5 m"})
    void parseSeconds_garbage_goMessage(String in) {
        assertThatThrownBy(() -> GoDurations.parseSeconds(in)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("time: invalid duration \"" + in + "\"");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "45,45s", "90,1m30s", "3600,1h0m0s", "2764800,768h0m0s", "400,6m40s"})
    void format_likeGo(long seconds, String text) {
        assertThat(GoDurations.format(seconds)).isEqualTo(text);
    }
}
