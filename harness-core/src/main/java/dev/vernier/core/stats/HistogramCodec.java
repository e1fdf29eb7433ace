package dev.vernier.core.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/**
 * HdrHistogram serialisation for result files, so distributions from different runs or machines can
 * be recombined: HdrHistogram's compressed encoding, then base64. Merging adds counts bucket by
 * bucket, so the percentiles of a merge equal those of one histogram that recorded all values.
 *
 * <p>(The reports module's package-private {@code Histograms} encodes the same way; it can move to
 * this class.)
 */
public final class HistogramCodec {

    private HistogramCodec() {}

    /** Compressed, base64. */
    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** Compressed, base64. */
    public static String encode(DoubleHistogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer, Deflater.DEFAULT_COMPRESSION);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** Inverse of {@link #encode(Histogram)}; IllegalArgumentException for text that is not one. */
    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** Inverse of {@link #encode(DoubleHistogram)}. */
    public static DoubleHistogram decodeDouble(String base64) {
        try {
            return DoubleHistogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 2);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded DoubleHistogram: " + e.getMessage(), e);
        }
    }

    /** A new histogram holding every value of the given ones (auto-resizing, so ranges may differ). */
    public static Histogram merge(Collection<Histogram> histograms) {
        int digits = histograms.stream()
                .mapToInt(Histogram::getNumberOfSignificantValueDigits)
                .max()
                .orElse(3);
        Histogram out = new Histogram(digits);
        for (Histogram h : histograms) {
            out.add(h);
        }
        return out;
    }

    /** A new DoubleHistogram holding every value of the given ones. */
    public static DoubleHistogram mergeDouble(Collection<DoubleHistogram> histograms) {
        int digits = histograms.stream()
                .mapToInt(DoubleHistogram::getNumberOfSignificantValueDigits)
                .max()
                .orElse(3);
        DoubleHistogram out = new DoubleHistogram(digits);
        for (DoubleHistogram h : histograms) {
            out.add(h);
        }
        return out;
    }
}
