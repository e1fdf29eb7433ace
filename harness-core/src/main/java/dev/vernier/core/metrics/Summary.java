package dev.vernier.core.metrics;

import dev.vernier.core.run.Sample;
import java.util.Collection;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/**
 * Aggregates of one provider's measured samples (warm-ups and requests cancelled by the harness excluded). Latencies in milliseconds,
 * recorded into HdrHistograms at microsecond resolution, 3 significant digits.
 *
 * @param providerId           provider
 * @param requests             measured requests
 * @param failures             measured requests that failed
 * @param retries              extra attempts beyond the first, summed
 * @param outputTokens         sum of N (timed tokens) over successful requests where N is known
 * @param outputTokensUnknown  successful requests whose N is unknown (reasoning billed but neither shown
 *                             nor counted); output throughput is then unknown
 * @param windowSeconds        measurement window
 * @param ttftMs               TTFT distribution (successful requests with content)
 * @param e2eMs                E2E latency distribution (successful requests)
 * @param tpotMs               TPOT distribution (successful requests with N >= 2)
 * @param itlMs                every inter-chunk gap, pooled
 * @param decodeTokensPerSecond per-request decode speed
 * @param ttftFromIntendedMs   TTFT measured from t_intended (TTFT + queueing delay)
 * @param e2eFromIntendedMs    E2E measured from t_intended
 * @param queueMs              queueing delay t_send - t_intended, every measured request
 * @param reasoning            time to first answer, reasoning time and the answer / visible / hidden
 *                             token split of the successful requests
 * @param schemaChecked        successful requests that asked for a response schema (their answer was checked)
 * @param schemaValid          of those, answers that parsed as JSON and matched the schema
 * @param tools                tool-selection accuracy, argument validity, time to the first tool call and
 *                             latency by the number of tools declared
 */
public record Summary(
        String providerId,
        long requests,
        long failures,
        long retries,
        long outputTokens,
        long outputTokensUnknown,
        double windowSeconds,
        Distribution ttftMs,
        Distribution e2eMs,
        Distribution tpotMs,
        Distribution itlMs,
        Distribution decodeTokensPerSecond,
        Distribution ttftFromIntendedMs,
        Distribution e2eFromIntendedMs,
        Distribution queueMs,
        ReasoningSummary reasoning,
        long schemaChecked,
        long schemaValid,
        ToolSummary tools) {

    private static final long MAX_MICROS = 3_600_000_000L; // one hour

    public static Summary of(String providerId, Collection<Sample> samples, long windowNanos) {
        Histogram ttft = histogram();
        Histogram e2e = histogram();
        Histogram tpot = histogram();
        Histogram itl = histogram();
        DoubleHistogram decode = new DoubleHistogram(3);
        Histogram ttftIntended = histogram();
        Histogram e2eIntended = histogram();
        Histogram queue = new Histogram(MAX_MICROS, 3);
        long requests = 0;
        long failures = 0;
        long retries = 0;
        long outputTokens = 0;
        long outputUnknown = 0;
        long schemaChecked = 0;
        long schemaValid = 0;
        for (Sample s : samples) {
            if (s.warmup() || s.cancelled()) {
                continue; // a request the harness stopped itself is no measurement of the provider
            }
            requests++;
            queue.recordValue(Math.max(0, Math.min(MAX_MICROS, Math.round(s.queueNanos() / 1000.0))));
            retries += Math.max(0, s.attempts() - 1);
            if (!s.succeeded()) {
                failures++;
                continue;
            }
            if (s.schemaCheck() != null) {
                schemaChecked++;
                schemaValid += s.schemaCheck().valid() ? 1 : 0;
            }
            if (s.outputTokens() >= 0) {
                outputTokens += s.outputTokens();
            } else {
                outputUnknown++;
            }
            record(e2e, s.e2eNanos());
            record(e2eIntended, s.e2eFromIntendedNanos());
            if (s.ttftNanos() >= 0) {
                record(ttft, s.ttftNanos());
                record(ttftIntended, s.ttftFromIntendedNanos());
            }
            if (s.tpotNanos() >= 0) {
                record(tpot, Math.round(s.tpotNanos()));
            }
            for (long gap : s.itlNanos()) {
                record(itl, gap);
            }
            if (s.decodeTokensPerSecond() > 0) {
                decode.recordValue(s.decodeTokensPerSecond());
            }
        }
        return new Summary(
                providerId,
                requests,
                failures,
                retries,
                outputTokens,
                outputUnknown,
                windowNanos / 1e9,
                Distribution.of(ttft, 1000),
                Distribution.of(e2e, 1000),
                Distribution.of(tpot, 1000),
                Distribution.of(itl, 1000),
                Distribution.of(decode),
                Distribution.of(ttftIntended, 1000),
                Distribution.of(e2eIntended, 1000),
                Distribution.of(queue, 1000),
                ReasoningSummary.of(samples),
                schemaChecked,
                schemaValid,
                ToolSummary.of(samples));
    }

    /** A latency histogram: microseconds from 1 to one hour, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(1, MAX_MICROS, 3);
    }

    /** Records nanoseconds as microseconds, clamped to the histogram's range. */
    static void record(Histogram h, long nanos) {
        long micros = Math.max(1, Math.min(MAX_MICROS, Math.round(nanos / 1000.0)));
        h.recordValue(micros);
    }

    /** Output throughput = sum N / window, tokens per second; NaN (unknown) when any request's N is unknown. */
    public double outputTokensPerSecond() {
        return windowSeconds > 0 && outputTokensUnknown == 0 ? outputTokens / windowSeconds : Double.NaN;
    }

    /** Request throughput = completed (successful) requests / window. */
    public double requestsPerSecond() {
        return windowSeconds > 0 ? (requests - failures) / windowSeconds : Double.NaN;
    }

    /**
     * Schema-valid rate = answers valid against their request's schema / successful requests that asked
     * for a schema; NaN (no value, never 0 or 1) when no request asked for one.
     */
    public double schemaValidRate() {
        return schemaChecked == 0 ? Double.NaN : (double) schemaValid / schemaChecked;
    }

    public double errorRate() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
