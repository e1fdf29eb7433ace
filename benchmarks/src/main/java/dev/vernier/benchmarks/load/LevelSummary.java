package dev.vernier.benchmarks.load;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One client at one concurrency over several measured rounds: rates and CPU times are the median
 * of the rounds, heap and RSS the largest, requests, errors and GCs the sum.
 */
record LevelSummary(String client, int concurrency, List<LevelResult> rounds) {

    LevelSummary {
        rounds = List.copyOf(rounds);
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
    }

    int requests() {
        return rounds.stream().mapToInt(r -> r.counts().requests()).sum();
    }

    int errors() {
        return rounds.stream().mapToInt(r -> r.counts().errors()).sum();
    }

    int retried() {
        return rounds.stream().mapToInt(r -> r.counts().retried()).sum();
    }

    String firstError() {
        return rounds.stream()
                .map(r -> r.counts().firstError())
                .filter(e -> e != null)
                .findFirst()
                .orElse(null);
    }

    double requestsPerSecond() {
        return median(LevelResult::requestsPerSecond);
    }

    double cpuMsPerRequest() {
        return median(LevelResult::cpuMsPerRequest);
    }

    double cpuMsPerRequestWithoutJit() {
        return median(LevelResult::cpuMsPerRequestWithoutJit);
    }

    double simulatorCpuMsPerRequest() {
        return median(LevelResult::simulatorCpuMsPerRequest);
    }

    long peakHeapBytes() {
        return rounds.stream().mapToLong(r -> r.usage().peakHeapBytes()).max().orElse(-1);
    }

    long liveHeapBytes() {
        return rounds.stream().mapToLong(r -> r.usage().liveHeapBytes()).max().orElse(-1);
    }

    long peakRssBytes() {
        return rounds.stream().mapToLong(r -> r.usage().peakRssBytes()).max().orElse(-1);
    }

    long gcCount() {
        return rounds.stream().mapToLong(r -> r.usage().gcCount()).sum();
    }

    long gcMillis() {
        return rounds.stream().mapToLong(r -> r.usage().gcMillis()).sum();
    }

    /** The round whose client CPU per request is the median one (for its per-thread breakdown). */
    LevelResult medianCpuRound() {
        List<LevelResult> sorted = rounds.stream()
                .sorted(Comparator.comparingDouble(LevelResult::cpuMsPerRequest))
                .toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private double median(ToDoubleFunction<LevelResult> metric) {
        double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    @Override
    public String toString() {
        return client + " c=" + concurrency + " "
                + Arrays.toString(rounds.stream()
                        .mapToDouble(LevelResult::requestsPerSecond)
                        .toArray());
    }
}
