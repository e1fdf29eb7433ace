package dev.vernier.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads by kind, from {@code /proc/self/task/<tid>/stat} (user + system
 * time, in clock ticks of 10 ms): the JIT compiler and GC threads are native and invisible to
 * {@code ThreadMXBean}, and they are a large part of what a client costs on a small machine. Threads
 * that end within a phase are gone before its end is read; their time is what is left of the
 * process's CPU time ({@code exited threads}). Empty where there is no {@code /proc}.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** The kind of the JIT compiler threads. */
    static final String JIT = "JIT compiler";

    private ThreadCpu() {}

    /** CPU nanoseconds (user + system) by thread id, with each thread's name, and the system (kernel) part. */
    record Snapshot(Map<Long, String> names, Map<Long, Long> cpuNanos, Map<Long, Long> kernelNanos) {}

    static Snapshot snapshot() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Long> kernel = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state(0) ... utime(11) stime(12)
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long tid = Long.parseLong(task.getFileName().toString());
                    names.put(tid, name);
                    cpu.put(tid, ticks * NANOS_PER_TICK);
                    kernel.put(tid, Long.parseLong(fields[12]) * NANOS_PER_TICK);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        return new Snapshot(names, cpu, kernel);
    }

    /** The thread kind a thread name belongs to. */
    static String kind(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "GC and VM";
        }
        if (name.startsWith("vernier-")) {
            // /proc keeps 15 characters of a name: the provider's selector and timer threads look alike
            return "Vernier provider (I/O selector, timers)";
        }
        if (name.startsWith("HttpClient-")) {
            return "JDK HttpClient";
        }
        if (name.startsWith("raw-worker")) {
            return "raw workers";
        }
        if (name.equals("main") || name.equals("java")) {
            return "main (Runner sends)";
        }
        return "other";
    }

    /**
     * CPU nanoseconds per thread kind between two snapshots; {@code exited threads} is the part of
     * {@code processCpuNanos} no live thread accounts for.
     */
    static Map<String, Long> byKind(Snapshot before, Snapshot after, long processCpuNanos) {
        Map<String, Long> kinds = new TreeMap<>();
        long accounted = 0;
        for (Map.Entry<Long, Long> e : after.cpuNanos().entrySet()) {
            long delta = e.getValue() - before.cpuNanos().getOrDefault(e.getKey(), 0L);
            kinds.merge(kind(after.names().get(e.getKey())), delta, Long::sum);
            accounted += delta;
        }
        if (after.cpuNanos().isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new LinkedHashMap<>(kinds);
        out.put("exited threads", Math.max(0, processCpuNanos - accounted));
        return out;
    }

    /** Kernel (system) CPU nanoseconds per thread kind between two snapshots, for threads alive at both. */
    static Map<String, Long> kernelByKind(Snapshot before, Snapshot after) {
        Map<String, Long> kinds = new TreeMap<>();
        for (Map.Entry<Long, Long> e : after.kernelNanos().entrySet()) {
            long delta = e.getValue() - before.kernelNanos().getOrDefault(e.getKey(), 0L);
            kinds.merge(kind(after.names().get(e.getKey())), delta, Long::sum);
        }
        return kinds;
    }
}
