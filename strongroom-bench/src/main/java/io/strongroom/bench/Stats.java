package io.strongroom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Order statistics and a paired bootstrap, as the other benchmarks report them. */
final class Stats {

    private Stats() {}

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    /** All latencies of several phases, sorted. */
    static long[] pooled(List<LoadRun.Result> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).toArray();
        Arrays.sort(all);
        return all;
    }

    /**
     * The ratio median(a)/median(b) of paired per-round values and its bootstrap 95% interval: rounds are
     * resampled whole (2000 times, fixed seed), so the two values of one round stay together.
     *
     * @return {ratio, low, high}
     */
    static double[] ratioWithInterval(double[] a, double[] b, long seed) {
        double ratio = median(a) / median(b);
        Random random = new Random(seed);
        int n = a.length;
        double[] boot = new double[2000];
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int i = 0; i < boot.length; i++) {
            for (int j = 0; j < n; j++) {
                int pick = random.nextInt(n);
                ra[j] = a[pick];
                rb[j] = b[pick];
            }
            boot[i] = median(ra) / median(rb);
        }
        Arrays.sort(boot);
        return new double[] {ratio, boot[(int) (0.025 * boot.length)], boot[(int) (0.975 * boot.length) - 1]};
    }
}
