package dev.vernier.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void medianCiCoversTheTrueMedianOfNormalDataAbout95PercentOfTheTime() {
        // 200 simulated samples of n = 50 from Normal(100, 15): true median 100
        Random data = new Random(42);
        int covered = 0;
        for (int sim = 0; sim < 200; sim++) {
            double[] x = new double[50];
            for (int i = 0; i < x.length; i++) {
                x[i] = 100 + 15 * data.nextGaussian();
            }
            if (Bootstrap.seeded(sim).median(x).contains(100)) {
                covered++;
            }
        }
        assertThat(covered / 200.0).isBetween(0.90, 0.99);
    }

    @Test
    void proportionCiMatchesTheNormalApproximationForThirtyOfOneHundred() {
        // p = 0.3, n = 100: se = sqrt(0.3 x 0.7 / 100) = 0.0458, 95% ~ 0.21..0.39
        Interval ci = Bootstrap.defaults().proportion(30, 100);
        assertThat(ci.estimate()).isEqualTo(0.3);
        assertThat(ci.lower()).isCloseTo(0.21, within(0.02));
        assertThat(ci.upper()).isCloseTo(0.39, within(0.02));
        assertThat(ci.level()).isEqualTo(0.95);
        assertThat(ci.n()).isEqualTo(100);
    }

    @Test
    void sameSeedGivesTheSameIntervalAndTheDefaultIsTwoThousandResamples() {
        double[] x = {5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 11, 0};
        assertThat(Bootstrap.defaults().median(x))
                .isEqualTo(Bootstrap.defaults().median(x));
        assertThat(Bootstrap.defaults().resamples()).isEqualTo(2000);
        assertThat(x[0]).as("input left untouched").isEqualTo(5);
    }

    @Test
    void medianOfEvenAndOddCountsAndEmptyData() {
        assertThat(Bootstrap.medianOf(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Bootstrap.medianOf(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        Interval none = Bootstrap.defaults().median(new double[0]);
        assertThat(none.defined()).isFalse();
        assertThat(none.n()).isZero();
    }

    @Test
    void allPassingCollapsesToAPoint() {
        Interval ci = Bootstrap.defaults().proportion(20, 20);
        assertThat(ci.lower()).isEqualTo(1.0);
        assertThat(ci.upper()).isEqualTo(1.0);
    }

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {0, 10, 20, 30, 40};
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(20);
        assertThat(Bootstrap.quantile(sorted, 0.125)).isEqualTo(5);
        assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(40);
    }
}
