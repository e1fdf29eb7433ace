package dev.vernier.benchmarks.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merging two latency histograms, as combining shards or providers does: {@link Histogram#add} of one
 * histogram of 10,000 recorded latencies into another of 10,000, both configured as the harness's
 * (1 µs to 1 h, 3 significant digits) and holding log-normal latencies around 100 ms with a tail to
 * seconds. The cost depends on the size of the counts array, not on the counts, so the target simply
 * keeps accumulating during an iteration (it is reset to the first histogram before each).
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HistogramMergeBenchmark {

    /** Values recorded in each of the two histograms. */
    static final int VALUES = 10_000;

    private Histogram first;
    private Histogram second;
    private Histogram target;

    @Setup(Level.Trial)
    public void fill() {
        first = filled(new SplittableRandom(1L));
        second = filled(new SplittableRandom(2L));
    }

    @Setup(Level.Iteration)
    public void resetTarget() {
        target = first.copy();
    }

    private static Histogram filled(SplittableRandom random) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 0; i < VALUES; i++) {
            double gaussian = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
            h.recordValue(Math.max(1, (long) (100_000 * Math.exp(gaussian * 2.0)))); // µs, median 100 ms
        }
        return h;
    }

    /** One {@code target.add(second)}. */
    @Benchmark
    public Histogram add() {
        target.add(second);
        return target;
    }
}
