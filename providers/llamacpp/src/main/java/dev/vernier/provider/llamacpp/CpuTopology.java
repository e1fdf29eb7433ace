package dev.vernier.provider.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** How many physical cores this process may use, and the thread counts {@code threads: auto} tries. */
final class CpuTopology {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CpuTopology() {}

    /**
     * Physical cores of this machine from {@code /proc/cpuinfo}, at most the processors the JVM may
     * use (a container's CPU limit); the JVM's processor count where {@code /proc/cpuinfo} is missing
     * or says nothing about cores (other systems, some ARM kernels).
     */
    static int physicalCores() {
        int available = Runtime.getRuntime().availableProcessors();
        try {
            return physicalCores(Files.readString(CPUINFO), available);
        } catch (IOException | RuntimeException e) {
            return available;
        }
    }

    /**
     * Counts distinct ({@code physical id}, {@code core id}) pairs, so hyper-threads of one core count
     * once; capped at {@code available}, and {@code available} when no processor names its core.
     */
    static int physicalCores(String cpuinfo, int available) {
        Set<String> cores = new HashSet<>();
        String socket = "0";
        String core = null;
        for (String line : (cpuinfo + "\n\n").split("\n", -1)) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? line.trim() : line.substring(0, colon).trim();
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            if (key.isEmpty()) {
                // A blank line ends one processor's block.
                if (core != null) {
                    cores.add(socket + "/" + core);
                }
                socket = "0";
                core = null;
            } else if (key.equals("physical id")) {
                socket = value;
            } else if (key.equals("core id")) {
                core = value;
            }
        }
        if (cores.isEmpty()) {
            return Math.max(1, available);
        }
        return Math.max(1, Math.min(cores.size(), available));
    }

    /**
     * The thread counts worth measuring on a machine with {@code cores} physical cores: 1 (no worker
     * threads to wait for), cores - 1 (one core left to the caller: the JVM's threads that receive the
     * tokens) and all cores; ascending, without repeats.
     */
    static List<Integer> threadCandidates(int cores) {
        TreeSet<Integer> candidates = new TreeSet<>();
        candidates.add(1);
        if (cores > 1) {
            candidates.add(cores - 1);
            candidates.add(cores);
        }
        return List.copyOf(candidates);
    }
}
