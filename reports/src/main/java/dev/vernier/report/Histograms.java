package dev.vernier.report;

import dev.vernier.core.run.Sample;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.zip.Deflater;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/**
 * One provider's histograms, recorded from its samples with the same rules and settings as
 * {@link dev.vernier.core.metrics.Summary} (measured successful requests; microseconds, 3
 * significant digits, highest trackable value one hour; decode speed in a DoubleHistogram with 3
 * significant digits), so that histograms written by different runs or machines can be added up.
 *
 * @param ttft   TTFT in microseconds
 * @param e2e    E2E latency in microseconds
 * @param tpot   TPOT in microseconds
 * @param itl    every inter-chunk gap in microseconds
 * @param decode decode speed in tokens per second
 */
record Histograms(Histogram ttft, Histogram e2e, Histogram tpot, Histogram itl, DoubleHistogram decode) {

    /** Highest trackable value in microseconds: one hour. */
    static final long MAX_MICROS = 3_600_000_000L;
    /** Significant digits of every histogram. */
    static final int DIGITS = 3;

    static Histograms of(Collection<Sample> samples) {
        Histograms h = new Histograms(latency(), latency(), latency(), latency(), new DoubleHistogram(DIGITS));
        for (Sample s : samples) {
            if (s.warmup() || !s.succeeded()) {
                continue;
            }
            record(h.e2e, s.e2eNanos());
            if (s.ttftNanos() >= 0) {
                record(h.ttft, s.ttftNanos());
            }
            if (s.tpotNanos() >= 0) {
                record(h.tpot, Math.round(s.tpotNanos()));
            }
            for (long gap : s.itlNanos()) {
                record(h.itl, gap);
            }
            if (s.decodeTokensPerSecond() > 0) {
                h.decode.recordValue(s.decodeTokensPerSecond());
            }
        }
        return h;
    }

    private static Histogram latency() {
        return new Histogram(1, MAX_MICROS, DIGITS);
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(1, Math.min(MAX_MICROS, Math.round(nanos / 1000.0))));
    }

    /** HdrHistogram's compressed encoding, base64; decode with {@link Histogram#decodeFromCompressedByteBuffer}. */
    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** As {@link #encode(Histogram)}, for a DoubleHistogram. */
    static String encode(DoubleHistogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer, Deflater.DEFAULT_COMPRESSION);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
