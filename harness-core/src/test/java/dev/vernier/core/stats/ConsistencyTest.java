package dev.vernier.core.stats;

import static dev.vernier.core.stats.Samples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyTest {

    private final List<Consistency.CaseConsistency> cases = Consistency.perCase(
            List.of(
                    sample("A", "stable", 0, 10, "Paris", true),
                    sample("A", "stable", 1, 10, "Paris", true),
                    sample("A", "stable", 2, 10, "Paris", true),
                    sample("A", "flaky", 0, 10, "4", true),
                    sample("A", "flaky", 1, 10, "4", true),
                    sample("A", "flaky", 2, 10, "5", false),
                    sample("A", "wrong", 0, 10, "a", false),
                    sample("A", "wrong", 1, 10, "b", false),
                    Samples.failed("A", "wrong", 2),
                    Samples.warmup("A", "stable")),
            Passing.ALL_ASSERTIONS);

    @Test
    void identicalOutputsAndAllPassingMakePassHatK() {
        Consistency.CaseConsistency c = cases.get(0);
        assertThat(c.caseId()).isEqualTo("stable");
        assertThat(c.k()).as("warm-up excluded").isEqualTo(3);
        assertThat(c.identicalShare()).isEqualTo(1.0);
        assertThat(c.passAll()).isTrue();
        assertThat(c.passAny()).isTrue();
        assertThat(c.flaky()).isFalse();
    }

    @Test
    void somePassingSomeFailingIsFlaky() {
        Consistency.CaseConsistency c = cases.get(1);
        assertThat(c.identicalShare()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.distinctOutputs()).isEqualTo(2);
        assertThat(c.passAll()).isFalse();
        assertThat(c.passAny()).isTrue();
        assertThat(c.flaky()).isTrue();
    }

    @Test
    void allFailingIsNeitherPassAtKNorFlaky() {
        Consistency.CaseConsistency c = cases.get(2);
        assertThat(c.identicalShare()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.passAny()).isFalse();
        assertThat(c.flaky()).isFalse();
    }

    @Test
    void summarisesAcrossCases() {
        Consistency.Summary s = Consistency.summarise(cases);
        assertThat(s.cases()).isEqualTo(3);
        assertThat(s.passAllShare()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.passAnyShare()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.flakyCases()).isEqualTo(1);
        assertThat(s.meanIdenticalShare()).isCloseTo((1 + 2.0 / 3 + 1.0 / 3) / 3, within(1e-12));
        assertThat(Consistency.summarise(List.of()).cases()).isZero();
    }
}
