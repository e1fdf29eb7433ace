package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteLoaderTurnsTest {

    private static final InlineSuites SUITES = new InlineSuites("suites/script.yaml");

    @Test
    void a_case_with_turns_is_a_script_whose_turns_have_their_own_assertions_after_the_defaults() {
        Suite suite = SUITES.parse("""
                prompts: ["Plan a trip to {{city}}."]
                default_assert:
                  - {type: not-contains, value: "ERROR"}
                cases:
                  - id: trip
                    vars: {city: Oslo}
                    assert: [{type: icontains, value: oslo}]
                    turns:
                      - "And in winter?"
                      - content: "Budget for {{city}}?"
                        assert: [{type: regex, value: "[0-9]"}]
                providers: [{type: test-fake}]
                """);

        TestCase trip = suite.cases().get(0);
        assertThat(trip.turnCount()).isEqualTo(3);
        assertThat(trip.assertionsFor(0)).extracting(a -> a.type()).containsExactly("contains", "icontains");
        assertThat(trip.assertionsFor(1)).extracting(a -> a.type()).containsExactly("contains");
        assertThat(trip.assertionsFor(2)).extracting(a -> a.type()).containsExactly("contains", "regex");

        PlannedRequest planned =
                RunPlan.expand(suite, List.of("fake")).requests().get(0);
        assertThat(planned.request().prompt()).isEqualTo("Plan a trip to Oslo.");
        assertThat(planned.followUps()).containsExactly("And in winter?", "Budget for Oslo?");
        assertThat(RunPlan.expand(suite, List.of("fake")).measuredCount()).isEqualTo(3);
    }

    @Test
    void rejects_a_turn_using_a_var_the_case_does_not_give_at_the_turn() {
        SUITES.assertRejected(
                """
                prompts: ["Hi"]
                cases:
                  - id: c1
                    turns:
                      - "Tell me about {{topic}}"
                providers: [{type: test-fake}]
                """,
                "suites/script.yaml:5:9: this turn of case 'c1' uses {{topic}}, which the case does not give. Add"
                        + " 'topic: ...' under the case's 'vars'.");
    }

    @Test
    void rejects_empty_turns_and_an_unknown_key_in_a_turn() {
        SUITES.assertRejected(
                """
                prompts: ["Hi"]
                cases:
                  - turns: []
                providers: [{type: test-fake}]
                """,
                "suites/script.yaml:3:12: 'turns' is empty. Add the user messages sent after each reply, e.g."
                        + " '- \"Why?\"', or remove 'turns'.");
        SUITES.assertRejected(
                """
                prompts: ["Hi"]
                cases:
                  - turns:
                      - {user: "Why?"}
                providers: [{type: test-fake}]
                """, "suites/script.yaml:4:10: unknown key 'user' in a turn. Allowed keys: content, assert.");
    }
}
