package dev.vernier.benchmarks.jmh;

import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.Sample;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording samples into the aggregates, in nanoseconds per recorded item:
 *
 * <ul>
 *   <li>{@link #summaryPerSample}: {@link Summary#of} over 1,000 samples of one provider-shaped run
 *       (128 content chunks each, about 2% failed and 2% warm-up), divided by 1,000. Per sample
 *       that is TTFT, E2E and TPOT into their histograms, 127 inter-token gaps into the ITL
 *       histogram and the decode speed into a DoubleHistogram; the fixed cost of creating the five
 *       histograms and reading their percentiles is spread over the 1,000 samples.</li>
 *   <li>{@link #hdrRecordValue}: one raw {@link Histogram#recordValue} into a histogram configured as
 *       {@link Summary} configures its own (1 µs to 1 h, 3 significant digits), values cycling
 *       through 4,096 pre-drawn latencies. This is the floor under every recorded number.</li>
 * </ul>
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregationBenchmark {

    /** Samples per {@link Summary#of} call. */
    static final int SAMPLES = 1_000;
    /** Content chunks per successful sample (the suites' default max_tokens). */
    static final int CHUNKS = 128;

    private static final int VALUE_MASK = 4_095;

    private List<Sample> samples;
    private Histogram histogram;
    private long[] values;
    private int next;

    @Setup
    public void setUp() {
        samples = SyntheticRuns.samples(SAMPLES, CHUNKS, 7L);
        histogram = new Histogram(1, 3_600_000_000L, 3);
        values = new long[VALUE_MASK + 1];
        SplittableRandom random = new SplittableRandom(11L);
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + (long) Math.exp(random.nextDouble(4.0, 15.0)); // 55 µs .. 3.3 s, log-uniform
        }
    }

    /** {@link Summary#of} over 1,000 samples; the score is per sample. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public Summary summaryPerSample() {
        return Summary.of(SyntheticRuns.LOCAL, samples, 60_000_000_000L);
    }

    /** One {@link Histogram#recordValue}. */
    @Benchmark
    public Histogram hdrRecordValue() {
        histogram.recordValue(values[next++ & VALUE_MASK]);
        return histogram;
    }
}
