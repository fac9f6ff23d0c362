package io.strongroom.bench;

import io.strongroom.bench.KvBenchmark.Phase;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The Markdown report of a {@link KvBenchmark} run. */
record KvReport(List<Phase> phases, int rounds, double seconds, WarmUp warmUp, long seed,
        Map<Integer, Map<Phase, List<LoadRun.Result>>> results, int recordBytes, int secretBytes, int kmsTotal,
        Map<String, Integer> kmsCalls, List<MemoryRow> memory, long peakRssKib, String gcName, int reconnects,
        double wallSeconds) {

    /** One state of the server's memory; {@code gc} only for the rows under load. */
    record MemoryRow(String state, long rssKib, long heapUsedKib, long heapCommittedKib,
            ProcessMemory.GcSummary gc) {}

    /** The warm-up: seconds per phase, rounds, wall time, compiler share in its last round; compiler CPU after. */
    record WarmUp(double secondsPerPhase, int rounds, double seconds, double lastCompilerShare,
            double compilerSecondsWhileMeasuring) {}

    private static final double READ_AIM = 0.60;
    private static final double WRITE_AIM = 0.80;

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("### KV v2 over HTTP: throughput and latency\n\n");
        sb.append(String.format(Locale.ROOT, "- date: %s%n", ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_INSTANT)));
        sb.append(String.format(Locale.ROOT, "- machine: %d cores available to the JVM, %s %s; %s %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name"), System.getProperty("java.version")));
        sb.append(String.format(Locale.ROOT, "- server: `./strongroom server`, storage \"file\", seal \"awskms\" on "
                + "moto through a counting proxy, default JVM options (%s) plus `-Xlog:gc:file=...`%n", gcName));
        sb.append(String.format(Locale.ROOT, "- per client count: %d rounds x %d phases x %.1f s, phase order "
                + "shuffled per round (seed %d); closed-loop clients on keep-alive connections; secret %d bytes of "
                + "JSON, its stored record %d bytes (the bare put's size)%n",
                rounds, phases.size(), seconds, seed, secretBytes, recordBytes));
        sb.append(String.format(Locale.ROOT, "- warm-up (discarded): %d rounds of every phase x %.1f s, %.0f s, until "
                + "the server's JIT compiler threads used %.1f%% of a core over a round; they then used %.1f s of CPU "
                + "during all measured phases%n", warmUp.rounds(), warmUp.secondsPerPhase(), warmUp.seconds(),
                100 * warmUp.lastCompilerShare(), warmUp.compilerSecondsWhileMeasuring()));
        long errors = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .mapToLong(LoadRun.Result::errors).sum();
        sb.append(String.format(Locale.ROOT, "- errors (an answer with an unexpected status): %d; reconnects: %d; "
                + "wall time of the whole run: %.0f s%n%n", errors, reconnects, wallSeconds));
        if (errors > 0) {
            results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                    .filter(r -> r.errors() > 0).limit(5).forEach(r -> sb.append(String.format(Locale.ROOT,
                            "  - %s x%d: %d errors, first: %s%n", r.phase(), r.clients(), r.errors(), r.firstError())));
            sb.append('\n');
        }
        sb.append("| clients | operation | throughput (ops/s, median of rounds) | latency median (ms) | p99 (ms) "
                + "| ratio of median throughputs [95% CI] | aim | CPU per op (µs): server / load generator |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<Integer, Map<Phase, List<LoadRun.Result>>> e : results.entrySet()) {
            int n = e.getKey();
            Map<Phase, List<LoadRun.Result>> byPhase = e.getValue();
            for (Phase p : List.of(Phase.HEALTH, Phase.LOOKUP_SELF, Phase.KV_READ, Phase.BARE_PUT, Phase.KV_WRITE)) {
                List<LoadRun.Result> rs = byPhase.get(p);
                if (rs == null) {
                    continue;
                }
                double[] tput = rs.stream().mapToDouble(LoadRun.Result::throughput).toArray();
                long[] lat = Stats.pooled(rs);
                String[] cell = ratioAndAim(p, tput, byPhase);
                long ops = rs.stream().mapToLong(LoadRun.Result::ops).sum();
                double serverCpu = rs.stream().mapToLong(LoadRun.Result::serverCpuNanos).sum() / 1e3 / ops;
                double clientCpu = rs.stream().mapToLong(LoadRun.Result::clientCpuNanos).sum() / 1e3 / ops;
                String cpu = p == Phase.BARE_PUT ? String.format(Locale.ROOT, "idle / %.0f (the puts themselves)",
                        clientCpu) : String.format(Locale.ROOT, "%.0f / %.0f", serverCpu, clientCpu);
                sb.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.3f | %.3f | %s | %s | %s |%n", n, p.label,
                        Stats.median(tput), Stats.percentileMs(lat, 50), Stats.percentileMs(lat, 99), cell[0], cell[1],
                        cpu));
            }
        }
        long kvOps = results.values().stream().flatMap(m -> Stream.of(m.get(Phase.KV_READ), m.get(Phase.KV_WRITE)))
                .filter(java.util.Objects::nonNull).flatMap(List::stream).mapToLong(LoadRun.Result::ops).sum();
        sb.append(String.format(Locale.ROOT, "%nKMS requests during all measured phases, counted at the proxy: %d %s "
                + "for %d KV operations: **%.6f per KV operation** (aim: 0)%n%n", kmsTotal, kmsCalls, kvOps,
                kvOps == 0 ? 0.0 : (double) kmsTotal / kvOps));
        sb.append("#### Server memory\n\n");
        sb.append("| state | resident (VmRSS, MiB) | heap used / committed (jcmd GC.heap_info, MiB) "
                + "| GC log during the load: collections, pause total, peak heap used before a GC / after, peak "
                + "committed (MiB) |\n|---|---|---|---|\n");
        for (MemoryRow m : memory) {
            String gc = m.gc() == null ? "" : String.format(Locale.ROOT, "%d, %.0f ms, %s / %s, %s",
                    m.gc().collections(), m.gc().pauseMs(), mib(m.gc().maxBeforeKib()), mib(m.gc().maxAfterKib()),
                    mib(m.gc().maxCommittedKib()));
            String rss = m.gc() == null ? mib(m.rssKib()) : "max " + mib(m.rssKib()) + " (sampled every 100 ms)";
            String heapWhen = m.gc() == null ? "" : " (right after the load)";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s / %s%s | %s |%n", m.state(), rss,
                    mib(m.heapUsedKib()), mib(m.heapCommittedKib()), heapWhen, gc));
        }
        sb.append(String.format(Locale.ROOT, "%nPeak resident size of the server process over the whole run "
                + "(VmHWM): %s MiB%n", mib(peakRssKib)));
        return sb.toString();
    }

    /** The ratio cell (against the phase's baseline) and the aim cell of one row. */
    private String[] ratioAndAim(Phase p, double[] tput, Map<Phase, List<LoadRun.Result>> byPhase) {
        Phase baseline = p == Phase.KV_WRITE ? Phase.BARE_PUT : Phase.LOOKUP_SELF;
        if (p == Phase.LOOKUP_SELF || p == Phase.BARE_PUT) {
            return new String[] {"1 (baseline)", ""};
        }
        if (!byPhase.containsKey(baseline)) {
            return new String[] {"(no baseline in this run)", ""};
        }
        if (p == Phase.HEALTH) {
            return new String[] {ratio(tput, throughputs(byPhase, baseline)) + " of the ceiling", ""};
        }
        double aim = p == Phase.KV_READ ? READ_AIM : WRITE_AIM;
        double[] r = Stats.ratioWithInterval(tput, throughputs(byPhase, baseline), seed);
        return new String[] {ratio(r) + (p == Phase.KV_READ ? " of the ceiling" : " of the floor"),
            String.format(Locale.ROOT, ">= %.2f: %s", aim, r[0] >= aim ? "met" : "**not met**")};
    }

    private static double[] throughputs(Map<Phase, List<LoadRun.Result>> byPhase, Phase p) {
        return byPhase.get(p).stream().mapToDouble(LoadRun.Result::throughput).toArray();
    }

    private static String ratio(double[] a, double[] b) {
        return String.format(Locale.ROOT, "%.2f", Stats.median(a) / Stats.median(b));
    }

    private static String ratio(double[] r) {
        return String.format(Locale.ROOT, "**%.2f** [%.2f, %.2f]", r[0], r[1], r[2]);
    }

    private static String mib(long kib) {
        return kib < 0 ? "?" : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
    }
}
