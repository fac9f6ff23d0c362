package io.strongroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and memory of another process. Memory is read three ways, each chosen for what it can say without disturbing a measurement:
 *
 * <ul>
 *   <li><b>resident memory</b>: {@code VmRSS} (now) and {@code VmHWM} (peak since start) from
 *       {@code /proc/<pid>/status}, what the operating system charges the process. Reading it costs a few
 *       microseconds and nothing in the server, so it is sampled all through the load;</li>
 *   <li><b>heap now</b>: {@code jcmd <pid> GC.heap_info} (used and committed). It attaches to the JVM and starts
 *       a second JVM for {@code jcmd} itself (about half a second of CPU), so it is only run between measured
 *       phases, never during one. {@code jcmd <pid> GC.run} before it gives the live set;</li>
 *   <li><b>heap under load</b>: the server's own GC log ({@code -Xlog:gc:file=...}), one line per collection with
 *       the heap used before and after it and the committed size, e.g.
 *       {@code GC(7) Pause Young (Normal) (G1 Evacuation Pause) 40M->6M(252M) 2.133ms}. The JVM writes it anyway;
 *       it needs no attach and costs no CPU while measuring, and "before" is the peak used heap between two
 *       collections, which sampling would miss.</li>
 * </ul>
 */
final class ProcessMemory {

    private static final Pattern GC_LINE = Pattern.compile(
            "GC\\(\\d+\\) Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([0-9.]+)ms");
    private static final Pattern HEAP_INFO = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

    private final long pid;
    private final Path gcLog;
    private final String jcmd;

    ProcessMemory(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /**
     * CPU time (user + system, all threads) a process has used so far, in nanoseconds, from fields 14 and 15 of
     * {@code /proc/<pid>/stat}; clock ticks of 10 ms (USER_HZ is 100 on Linux), so only differences over many
     * operations mean anything.
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time the JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}) have used so far, in nanoseconds:
     * while it still grows the server is not warmed up, and its CPU is taken from the requests being measured.
     */
    long compilerCpuNanos() {
        long sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("C")
                            && Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** {@code VmRSS} in KiB, or -1 if the process is gone. */
    long rssKib() {
        return statusField("VmRSS:");
    }

    /** {@code VmHWM}, the peak resident size since the process started, in KiB. */
    long peakRssKib() {
        return statusField("VmHWM:");
    }

    private long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Heap {used, committed} in KiB from {@code jcmd GC.heap_info}; optionally after a full collection. */
    long[] heapKib(boolean fullGcFirst) throws IOException, InterruptedException {
        if (fullGcFirst) {
            run(jcmd, Long.toString(pid), "GC.run");
        }
        String out = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_INFO.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read GC.heap_info: " + out);
        }
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The GC log's current length, to mark where a stretch of the run begins or ends. */
    long gcLogMark() throws IOException {
        return Files.exists(gcLog) ? Files.size(gcLog) : 0;
    }

    /** Collections logged between two marks: count, pause total, peak used before, peak after, peak committed. */
    record GcSummary(int collections, double pauseMs, long maxBeforeKib, long maxAfterKib, long maxCommittedKib) {}

    GcSummary gcBetween(long from, long to) throws IOException {
        byte[] all = Files.readAllBytes(gcLog);
        String text = new String(all, (int) from, (int) Math.min(all.length, to) - (int) from, StandardCharsets.UTF_8);
        int n = 0;
        double pause = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : List.of(text.split("\n"))) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                n++;
                before = Math.max(before, kib(m.group(1), m.group(2)));
                after = Math.max(after, kib(m.group(3), m.group(4)));
                committed = Math.max(committed, kib(m.group(5), m.group(6)));
                pause += Double.parseDouble(m.group(7));
            }
        }
        return new GcSummary(n, pause, before, after, committed);
    }

    private static long kib(String value, String unit) {
        long v = Long.parseLong(value);
        return switch (unit) {
            case "K" -> v;
            case "M" -> v * 1024;
            default -> v * 1024 * 1024;
        };
    }
}
