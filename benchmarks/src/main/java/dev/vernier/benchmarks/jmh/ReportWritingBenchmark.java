package dev.vernier.benchmarks.jmh;

import dev.vernier.core.run.RunResult;
import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing the reports of a run of 100,000 samples (two providers, 32 content chunks per successful
 * request, about 2% failures, 2% warm-ups) with the writers a run uses, found by format through
 * {@link ReportWriters}. One operation is one {@link ReportWriter#write} into a temporary folder on
 * the local disk, replacing the previous operation's files:
 *
 * <ul>
 *   <li>{@link #csv}: {@code samples.csv} (100,000 rows) and {@code summary.csv};</li>
 *   <li>{@link #html}: the self-contained {@code index.html}.</li>
 * </ul>
 *
 * <p>Both include computing the per-provider summaries from the samples, as the writers do.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReportWritingBenchmark {

    /** Samples in the run. */
    static final int SAMPLES = 100_000;
    /** Content chunks per successful sample. */
    static final int CHUNKS = 32;

    private RunResult result;
    private ReportWriter csv;
    private ReportWriter html;
    private Path dir;

    @Setup
    public void setUp() throws IOException {
        result = SyntheticRuns.run(SyntheticRuns.samples(SAMPLES, CHUNKS, 3L));
        ReportWriters writers = ReportWriters.load();
        csv = writers.require("csv");
        html = writers.require("html");
        dir = Files.createTempDirectory("vernier-jmh-reports");
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** CSV for 100,000 samples. */
    @Benchmark
    public Path csv() throws IOException {
        csv.write(result, dir);
        return dir;
    }

    /** HTML for 100,000 samples. */
    @Benchmark
    public Path html() throws IOException {
        html.write(result, dir);
        return dir;
    }
}
