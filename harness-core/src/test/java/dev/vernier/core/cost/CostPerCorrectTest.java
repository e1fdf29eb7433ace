package dev.vernier.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.stats.Passing;
import dev.vernier.core.stats.Samples;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CostPerCorrectTest {

    @Test
    void dividesTotalCostByPassingSamples() {
        var samples = List.of(
                Samples.sample("a", "c1", 0, 10, "x", true),
                Samples.sample("a", "c2", 0, 10, "y", true),
                Samples.sample("a", "c3", 0, 10, "z", false),
                Samples.failed("a", "c4", 0));
        CostPerCorrect c = CostPerCorrect.of(OptionalDouble.of(0.006), samples, Passing.ALL_ASSERTIONS);
        assertThat(c.kind()).isEqualTo(CostPerCorrect.Kind.KNOWN);
        assertThat(c.passes()).isEqualTo(2);
        assertThat(c.value().getAsDouble()).isCloseTo(0.003, within(1e-15));
        assertThat(c.display()).isEqualTo("$0.003");
    }

    @Test
    void unknownCostGivesUnknownNotZero() {
        CostPerCorrect c = CostPerCorrect.of(OptionalDouble.empty(), 5);
        assertThat(c.kind()).isEqualTo(CostPerCorrect.Kind.UNKNOWN_COST);
        assertThat(c.value()).isEmpty();
        assertThat(c.display()).isEqualTo("unknown");
    }

    @Test
    void zeroPassesIsExplicitlyUndefined() {
        CostPerCorrect c = CostPerCorrect.of(OptionalDouble.of(1.5), 0);
        assertThat(c.kind()).isEqualTo(CostPerCorrect.Kind.NO_PASSES);
        assertThat(c.usd()).isInfinite();
        assertThat(c.value()).isEmpty();
        assertThat(c.display()).isEqualTo("n/a (no passing samples)");
    }
}
