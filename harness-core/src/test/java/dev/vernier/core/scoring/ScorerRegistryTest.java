package dev.vernier.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerRegistryTest {

    /** A scorer of a given type that always passes. */
    static class Always implements Scorer {
        private final String type;

        Always(String type) {
            this.type = type;
        }

        @Override
        public ScorerInfo info() {
            return new ScorerInfo(type, "always passes", false, false);
        }

        @Override
        public Score score(Assertion assertion, Scored subject, ScoringContext context) {
            return new Score(assertion.name(), true, 1, assertion.weight(), "ok", null);
        }
    }

    static class Other extends Always {
        Other() {
            super("contains");
        }
    }

    @Test
    void rejects_two_scorers_of_one_type_naming_both_classes() {
        assertThatThrownBy(() -> ScorerRegistry.of(List.of(new Always("contains"), new Other())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scorer type 'contains' is declared twice")
                .hasMessageContaining(Always.class.getName())
                .hasMessageContaining(Other.class.getName());
    }

    @Test
    void resolves_a_not_prefix_to_the_negated_type() {
        ScorerRegistry registry = ScorerRegistry.of(List.of(new Always("contains")));
        ScorerRegistry.Resolved r = registry.resolve("not-contains");
        assertThat(r.type()).isEqualTo("contains");
        assertThat(r.negated()).isTrue();
        assertThat(registry.resolve("contains").negated()).isFalse();
    }

    @Test
    void an_unknown_type_lists_the_known_types_with_a_suggestion() {
        ScorerRegistry registry = ScorerRegistry.of(List.of(new Always("contains"), new Always("equals")));
        assertThatThrownBy(() -> registry.resolve("equal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown assertion type 'equal'. Did you mean 'equals'? Known types: contains, equals"
                        + " (any of them negated with 'not-'). A scorer of another type must be on the class path.");
    }
}
