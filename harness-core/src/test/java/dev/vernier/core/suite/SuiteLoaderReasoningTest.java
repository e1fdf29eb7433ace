package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.Reasoning;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code reasoning:} provider key: parsed once into typed settings, swept, checked with file:line errors. */
class SuiteLoaderReasoningTest {

    private static final InlineSuites SUITES = new InlineSuites("suites/think.yaml", new ThinkerFactory());

    @Test
    void reads_effort_budget_and_visibility_into_typed_settings_not_into_the_options() {
        Suite suite = SUITES.parse("""
                prompts: ["hi"]
                defaults: {max_tokens: 4096}
                providers:
                  - type: thinker
                    reasoning: {effort: High, budget_tokens: 2048, visible: false}
                """);

        ProviderConfig config = suite.providers().get(0);
        assertThat(config.reasoning()).contains(new Reasoning(Reasoning.Effort.HIGH, 2048, false));
        assertThat(config.sweepLevel()).isNull();
        assertThat(config.options()).doesNotContainKey("reasoning");
    }

    @Test
    void an_effort_list_becomes_one_config_per_level_in_order() {
        Suite suite = SUITES.parse("""
                prompts: ["hi"]
                providers:
                  - type: thinker
                    id: t
                    reasoning:
                      effort: [low, medium, high]
                      visible: false
                  - type: test-fake
                """);

        assertThat(suite.providers()).hasSize(4);
        assertThat(suite.providers().subList(0, 3))
                .extracting(ProviderConfig::sweepLevel)
                .containsExactly("low", "medium", "high");
        assertThat(suite.providers().subList(0, 3))
                .allSatisfy(
                        c -> assertThat(c.reasoning().orElseThrow().visible()).isFalse())
                .allSatisfy(c -> assertThat(c.id()).isEqualTo("t"));
        assertThat(suite.providers().get(2).reasoning().orElseThrow().effort()).isEqualTo(Reasoning.Effort.HIGH);
        assertThat(suite.providers().get(3).reasoning()).isEmpty();
    }

    @Test
    void rejects_a_budget_that_leaves_the_answer_no_room_at_the_budget_line() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                defaults: {max_tokens: 1024}
                providers:
                  - type: thinker
                    reasoning:
                      budget_tokens: 1024
                """,
                "suites/think.yaml:6:22: 'reasoning.budget_tokens' (1024) must be below 'defaults.max_tokens' (1024):"
                        + " reasoning and answer share max_tokens, so the answer would get no room (Anthropic refuses"
                        + " such a request). Fix: raise 'defaults.max_tokens' above 1024 or lower 'budget_tokens'.");
    }

    @Test
    void rejects_an_unknown_effort_level_at_its_line() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: thinker
                    reasoning: {effort: [low, extreme]}
                """,
                "suites/think.yaml:4:31: 'reasoning.effort' must be low, medium or high (or a list of them for an"
                        + " effort sweep), found 'extreme'.");
    }

    @Test
    void rejects_an_unknown_reasoning_key_and_a_visibility_that_is_not_a_boolean() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: thinker
                    reasoning: {effort: low, budget: 10}
                """,
                "suites/think.yaml:4:30: unknown key 'budget' in reasoning. Allowed keys: effort, budget_tokens,"
                        + " visible.");
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: thinker
                    reasoning: {visible: sometimes}
                """, "suites/think.yaml:4:26: 'reasoning.visible' must be true or false, found 'sometimes'.");
    }

    @Test
    void rejects_reasoning_on_a_type_that_would_ignore_it() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    reasoning: {effort: low}
                """,
                "suites/think.yaml:4:5: provider type 'test-fake' takes no 'reasoning' settings (it has no reasoning"
                        + " controls to map them to). Remove 'reasoning:' from this provider.");
    }

    @Test
    void a_setting_the_vendor_cannot_map_is_reported_at_its_own_line_with_the_vendors_fix() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: thinker
                    reasoning:
                      effort: low
                      visible: true
                """, "suites/think.yaml:6:16: thinker never shows its reasoning. Fix: remove reasoning.visible.");
    }

    /** Test type {@code thinker}: accepts reasoning settings, refuses {@code visible: true}. */
    private static final class ThinkerFactory implements ProviderFactory {
        @Override
        public String type() {
            return "thinker";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of();
        }

        @Override
        public boolean acceptsReasoning() {
            return true;
        }

        @Override
        public void validate(ProviderConfig config) throws ConfigException {
            if (config.reasoning().map(r -> Boolean.TRUE.equals(r.visible())).orElse(false)) {
                throw new ConfigException(
                        Reasoning.VISIBLE, "thinker never shows its reasoning. Fix: remove reasoning.visible.");
            }
        }

        @Override
        public Provider create(ProviderConfig config) {
            throw new UnsupportedOperationException("not run in these tests");
        }
    }
}
