package dev.vernier.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramCodecTest {

    private static Histogram micros(long from, long to) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (long v = from; v <= to; v++) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void tenThousandValuesGiveTheirExactPercentilesWithinThreeDigits() {
        // 1..10,000 µs: the p-th percentile is p x 100 µs exactly; HdrHistogram keeps 3 significant digits
        Histogram h = micros(1, 10_000);
        assertThat(h.getTotalCount()).isEqualTo(10_000);
        assertThat((double) h.getValueAtPercentile(50)).isCloseTo(5_000, withinPercentage(0.1));
        assertThat((double) h.getValueAtPercentile(90)).isCloseTo(9_000, withinPercentage(0.1));
        assertThat((double) h.getValueAtPercentile(95)).isCloseTo(9_500, withinPercentage(0.1));
        assertThat((double) h.getValueAtPercentile(99)).isCloseTo(9_900, withinPercentage(0.1));
        assertThat((double) h.getMaxValue()).isCloseTo(10_000, withinPercentage(0.1));
        assertThat(h.getMinValue()).isEqualTo(1);
        assertThat(h.getMean()).isCloseTo(5_000.5, withinPercentage(0.1));
    }

    @Test
    void encodedHistogramRoundTrips() {
        Histogram h = micros(1, 10_000);
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(h));
        assertThat(back.getTotalCount()).isEqualTo(h.getTotalCount());
        for (double p : new double[] {50, 90, 95, 99, 100}) {
            assertThat(back.getValueAtPercentile(p)).isEqualTo(h.getValueAtPercentile(p));
        }
        assertThat(back).isEqualTo(h);
    }

    @Test
    void mergingTwoHistogramsEqualsTheHistogramOfTheUnion() {
        Histogram low = micros(1, 5_000);
        Histogram high = micros(5_001, 10_000);
        Histogram union = micros(1, 10_000);
        // as a result file would carry them: encoded, then decoded and merged
        Histogram merged = HistogramCodec.merge(List.of(
                HistogramCodec.decode(HistogramCodec.encode(low)), HistogramCodec.decode(HistogramCodec.encode(high))));
        assertThat(merged.getTotalCount()).isEqualTo(union.getTotalCount());
        for (double p : new double[] {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100}) {
            assertThat(merged.getValueAtPercentile(p)).as("p%s", p).isEqualTo(union.getValueAtPercentile(p));
        }
        assertThat(merged.getMaxValue()).isEqualTo(union.getMaxValue());
        assertThat(merged.getMinValue()).isEqualTo(union.getMinValue());
        assertThat(merged.getMean()).isCloseTo(union.getMean(), within(1e-9));
        assertThat(merged.getStdDeviation()).isCloseTo(union.getStdDeviation(), within(1e-9));
    }

    @Test
    void doubleHistogramsRoundTripAndMerge() {
        DoubleHistogram a = new DoubleHistogram(3);
        DoubleHistogram b = new DoubleHistogram(3);
        DoubleHistogram union = new DoubleHistogram(3);
        for (int i = 1; i <= 1000; i++) {
            double v = i * 0.25;
            (i % 2 == 0 ? a : b).recordValue(v);
            union.recordValue(v);
        }
        DoubleHistogram merged = HistogramCodec.mergeDouble(List.of(
                HistogramCodec.decodeDouble(HistogramCodec.encode(a)),
                HistogramCodec.decodeDouble(HistogramCodec.encode(b))));
        assertThat(merged.getTotalCount()).isEqualTo(1000);
        for (double p : new double[] {50, 90, 99}) {
            assertThat(merged.getValueAtPercentile(p)).isCloseTo(union.getValueAtPercentile(p), withinPercentage(0.1));
        }
    }

    @Test
    void rejectsTextThatIsNotAnEncodedHistogram() {
        assertThatThrownBy(() -> HistogramCodec.decode("bm90IGEgaGlzdG9ncmFt"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistogramCodec.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
    }
}
