package io.strongroom.awskms;

import java.time.Duration;

/** Formats durations the way operators read them in messages: "1 s", "500 ms". */
final class Durations {
    private Durations() {}

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
