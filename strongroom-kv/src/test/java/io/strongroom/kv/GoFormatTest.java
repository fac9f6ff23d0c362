package io.strongroom.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoFormatTest {

    @Test
    void time_rfc3339NanoTrimsTrailingZeros() {
        assertThat(GoFormat.time(Instant.parse("2018-03-22T02:24:06.945319214Z")))
                .isEqualTo("2018-03-22T02:24:06.945319214Z");
        assertThat(GoFormat.time(Instant.parse("2018-03-22T02:24:06.940Z"))).isEqualTo("2018-03-22T02:24:06.94Z");
        assertThat(GoFormat.time(Instant.parse("2018-03-22T02:24:06Z"))).isEqualTo("2018-03-22T02:24:06Z");
        assertThat(GoFormat.time(null)).isEmpty();
    }

    @Test
    void duration_goStringForm() {
        assertThat(GoFormat.duration(0)).isEqualTo("0s");
        assertThat(GoFormat.duration(45)).isEqualTo("45s");
        assertThat(GoFormat.duration(90)).isEqualTo("1m30s");
        assertThat(GoFormat.duration(3600)).isEqualTo("1h0m0s");
        assertThat(GoFormat.duration(2_764_800)).isEqualTo("768h0m0s");
        assertThat(GoFormat.duration(-1)).isEqualTo("-1s");
    }

    @Test
    void multiError_oneAndMany() {
        assertThat(GoFormat.multiError(List.of("x"))).isEqualTo("1 error occurred:\n\t* x\n\n");
        assertThat(GoFormat.multiError(List.of("x", "y"))).isEqualTo("2 errors occurred:\n\t* x\n\t* y\n\n");
    }

    @Test
    void quote_escapesLikeGo() {
        assertThat(GoFormat.quote("a\"b\\c\u0001\u00e9")).isEqualTo("\"a\\\"b\\\\c\\x01\u00e9\"");
    }

    @Test
    void params_durations() {
        assertThat(Params.parseGoDurationSeconds("1h30m")).isEqualTo(5400);
        assertThat(Params.parseGoDurationSeconds("1.5h")).isEqualTo(5400);
        assertThat(Params.parseGoDurationSeconds("2d")).isEqualTo(172_800);
        assertThat(Params.parseGoDurationSeconds("-10s")).isEqualTo(-10);
        assertThat(Params.parseGoDurationSeconds("1500ms")).isEqualTo(1);
        assertThat(Params.parseGoDurationSeconds("")).isZero();
        assertThat(Params.parseGoDurationSeconds("h")).isNull();
        assertThat(Params.parseGoDurationSeconds("10x")).isNull();
        assertThat(Params.durationSeconds(Map.of("d", "120"), "d")).isEqualTo(120);
    }

    @Test
    void params_versionsFromListStringOrNumber() {
        assertThat(Params.versions(Map.of("v", List.of(1, "2", "3,4")), "v")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(Params.versions(Map.of("v", 5), "v")).containsExactly(5L);
        assertThat(Params.versions(Map.of(), "v")).isEmpty();
    }
}
