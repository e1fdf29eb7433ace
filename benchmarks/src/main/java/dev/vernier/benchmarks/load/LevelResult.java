package dev.vernier.benchmarks.load;

/**
 * One client at one concurrency: what it did and what it cost.
 *
 * @param client      the client's name
 * @param concurrency requests in flight
 * @param counts      requests, errors, events
 * @param usage       wall and CPU time, heap, RSS, GCs
 */
record LevelResult(String client, int concurrency, LoadClient.Counts counts, ResourceMeter.Usage usage) {

    double requestsPerSecond() {
        return counts.requests() / (usage.wallNanos() / 1e9);
    }

    /** Client process CPU per request, milliseconds. */
    double cpuMsPerRequest() {
        return usage.cpuNanos() / 1e6 / counts.requests();
    }

    /**
     * Client process CPU per request without the JIT compiler threads' share, milliseconds: on two
     * cores C2 keeps compiling for minutes, and the share it takes in a round is noise, not cost per
     * request. Equal to {@link #cpuMsPerRequest()} where threads cannot be told apart.
     */
    double cpuMsPerRequestWithoutJit() {
        long jit = usage.cpuByThreadKind().getOrDefault(ThreadCpu.JIT, 0L);
        return (usage.cpuNanos() - jit) / 1e6 / counts.requests();
    }

    /** Simulator process CPU per request, milliseconds; negative when unknown. */
    double simulatorCpuMsPerRequest() {
        return usage.otherCpuNanos() < 0 ? -1 : usage.otherCpuNanos() / 1e6 / counts.requests();
    }
}
