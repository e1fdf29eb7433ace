package dev.vernier.core.stats;

import static dev.vernier.core.stats.Samples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.run.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    @Test
    void exactMcNemarPValuesMatchHandComputedBinomialTails() {
        // n = 10 discordant, 1 vs 9: 2 x (C(10,0) + C(10,1)) / 2^10 = 2 x 11 / 1024
        assertThat(PairedComparison.mcnemarExactP(1, 9)).isCloseTo(22.0 / 1024, within(1e-15));
        assertThat(PairedComparison.mcnemarExactP(9, 1)).isCloseTo(22.0 / 1024, within(1e-15));
        // 2 vs 8: 2 x (1 + 10 + 45) / 1024 = 112 / 1024
        assertThat(PairedComparison.mcnemarExactP(2, 8)).isCloseTo(112.0 / 1024, within(1e-15));
        // 0 vs 5: 2 x 1 / 32
        assertThat(PairedComparison.mcnemarExactP(0, 5)).isCloseTo(0.0625, within(1e-15));
        // 0 vs 6: 2 / 64
        assertThat(PairedComparison.mcnemarExactP(0, 6)).isCloseTo(0.03125, within(1e-15));
        // balanced or empty: capped at 1
        assertThat(PairedComparison.mcnemarExactP(3, 3)).isEqualTo(1.0);
        assertThat(PairedComparison.mcnemarExactP(0, 0)).isEqualTo(1.0);
    }

    @Test
    void mcNemarStaysFiniteForThousandsOfPairs() {
        // 900 vs 1100 of 2000: z = 200 / sqrt(2000) = 4.47, p ~ 8e-6
        double p = PairedComparison.mcnemarExactP(900, 1100);
        assertThat(p).isGreaterThan(0).isLessThan(1e-4);
    }

    @Test
    void mcNemarPhrasesTheWinnerOrNoDifference() {
        List<Sample> a = new ArrayList<>();
        List<Sample> b = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            a.add(sample("A", "c" + i, 0, 10, "x", i < 11)); // A passes 11
            b.add(sample("B", "c" + i, 0, 10, "x", i < 2)); // B passes 2
        }
        PairedComparison.McNemar m =
                PairedComparison.mcnemar("A", "B", PairedComparison.pairOutcomes(a, b, Passing.ALL_ASSERTIONS));
        assertThat(m.onlyA()).isEqualTo(9);
        assertThat(m.onlyB()).isZero();
        assertThat(m.bothPass()).isEqualTo(2);
        assertThat(m.bothFail()).isEqualTo(1);
        assertThat(m.pValue()).isCloseTo(2.0 / 512, within(1e-15));
        assertThat(m.phrase())
                .isEqualTo("A passes more often than B (A alone passed 9 and B alone passed 0 of 12 "
                        + "paired samples; exact McNemar p = 0.004)");

        PairedComparison.McNemar even = PairedComparison.mcnemar(
                "A",
                "B",
                List.of(
                        new PairedComparison.OutcomePair("1", true, false),
                        new PairedComparison.OutcomePair("2", false, true)));
        assertThat(even.significant()).isFalse();
        assertThat(even.phrase()).startsWith("no significant difference in pass rate between A and B");
    }

    @Test
    void consistentlyLowerLatencyIsPhrasedAsFasterWithItsCi() {
        List<PairedComparison.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pairs.add(new PairedComparison.Pair("k" + i, 80 + i, 100 + i));
        }
        PairedComparison.MedianDifference d = PairedComparison.medians("A", "B", pairs, "ms", Bootstrap.defaults());
        assertThat(d.difference().estimate()).isEqualTo(-20);
        assertThat(d.significant()).isTrue();
        String text = d.lowerIsBetter("faster");
        assertThat(text).startsWith("A is faster than B by 20.0 ms (95% CI ");
        // B is faster when the metric is higher-is-better (e.g. tokens/s)
        assertThat(d.higherIsBetter("faster")).startsWith("B is faster than A by 20.0 ms");
    }

    @Test
    void overlappingLatenciesGiveNoSignificantDifference() {
        List<PairedComparison.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(new PairedComparison.Pair("k" + i, 100 + i + (i % 2 == 0 ? 5 : -5), 100 + i));
        }
        PairedComparison.MedianDifference d = PairedComparison.medians("A", "B", pairs, "ms", Bootstrap.defaults());
        assertThat(d.difference().contains(0)).isTrue();
        assertThat(d.significant()).isFalse();
        assertThat(d.lowerIsBetter("faster"))
                .startsWith("no significant difference between A and B (difference of medians ");
    }

    @Test
    void pairsSamplesByCasePromptAndRepeatSkippingWarmupsFailuresAndUnmatched() {
        List<Sample> a = List.of(
                sample("A", "c1", 0, 10, "x", true),
                sample("A", "c1", 1, 12, "x", true),
                sample("A", "c2", 0, 30, "x", true),
                Samples.warmup("A", "c1"),
                Samples.failed("A", "c3", 0));
        List<Sample> b = List.of(
                sample("B", "c1", 1, 15, "x", true),
                sample("B", "c1", 0, 11, "x", true),
                sample("B", "c3", 0, 20, "x", true),
                sample("B", "c4", 0, 20, "x", true));
        List<PairedComparison.Pair> pairs = PairedComparison.pairValues(a, b, s -> s.e2eNanos() / 1e6);
        assertThat(pairs)
                .containsExactly(
                        new PairedComparison.Pair("c1|p|0", 10, 11), new PairedComparison.Pair("c1|p|1", 12, 15));
        // outcome pairing keeps the failed request as a failure
        assertThat(PairedComparison.pairOutcomes(a, b, Passing.ALL_ASSERTIONS))
                .contains(new PairedComparison.OutcomePair("c3|p|0", false, true));
    }
}
