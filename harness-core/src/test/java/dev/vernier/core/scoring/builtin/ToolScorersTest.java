package dev.vernier.core.scoring.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Samples;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.scoring.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code tool-call} and {@code tool-call-valid}: each variant passes and fails, and bad options are refused at load. */
class ToolScorersTest {

    private static final ScorerRegistry REGISTRY = ScorerRegistry.load();
    private static final ToolCall PARIS = new ToolCall("1", "get_weather", "{\"city\":\"Paris\",\"days\":3}");
    private static final ToolCall TIME = new ToolCall("2", "get_time", "{\"zone\":\"CET\"}");

    private static Tools tools() {
        try {
            return new Tools(
                    List.of(
                            ToolSpec.of(
                                    "get_weather",
                                    "",
                                    JsonSchemas.MAPPER.readTree(
                                            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
                                                    + "\"string\"},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}")),
                            ToolSpec.of("get_time", "", null)),
                    ToolChoice.AUTO);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Assertion assertion(String type, boolean negated, Object value, Map<String, Object> options) {
        return new Assertion(type, negated, value, null, 1, options);
    }

    private static Assertion toolCall(Object value, Object... options) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put((String) options[i], options[i + 1]);
        }
        return assertion("tool-call", false, value, map);
    }

    private static Score score(Assertion a, ToolCall... calls) {
        Scorer scorer = REGISTRY.find(a.type()).orElseThrow();
        try {
            scorer.validate(a);
        } catch (ConfigException e) {
            throw new AssertionError("assertion should be valid: " + e.getMessage());
        }
        Scored subject = new Scored(Samples.output("ok"), Map.of(), null, List.of(calls), tools());
        return Verdict.score(List.of(a), 1.0, subject, ScoringContext.none(), REGISTRY)
                .get(0);
    }

    private static void rejected(Assertion a, String key, String message) {
        Scorer scorer = REGISTRY.find(a.type()).orElseThrow();
        assertThatThrownBy(() -> scorer.validate(a))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(key);
    }

    @Nested
    class ToolCallScorer {
        @Test
        void passes_when_the_first_call_is_the_expected_tool_and_fails_on_another() {
            Score pass = score(toolCall("get_weather"), PARIS, TIME);
            assertThat(pass.pass()).isTrue();
            assertThat(pass.details())
                    .containsEntry("expected_tool", "get_weather")
                    .containsEntry("tool_selected", true);

            Score fail = score(toolCall("get_time"), PARIS, TIME);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).isEqualTo("the first call is 'get_weather', expected 'get_time'");
            assertThat(fail.details()).containsEntry("tool_selected", false);
        }

        @Test
        void call_any_looks_at_every_call() {
            assertThat(score(toolCall("get_time", "call", "any"), PARIS, TIME).pass())
                    .isTrue();
            Score fail = score(toolCall("get_news", "call", "any"), PARIS, TIME);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason())
                    .isEqualTo("'get_news' was not called; the model called 'get_weather', 'get_time'");
        }

        @Test
        void fails_when_no_tool_was_called() {
            Score fail = score(toolCall("get_weather"));
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).isEqualTo("no tool was called, expected 'get_weather'");
        }

        @Test
        void value_none_passes_without_a_call_and_fails_with_one() {
            assertThat(score(toolCall("none")).pass()).isTrue();
            Score fail = score(toolCall("none"), TIME);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).isEqualTo("expected no call, but the model called 'get_time'");
            assertThat(fail.details()).containsEntry("tool_selected", false);
        }

        @Test
        void negated_passes_when_the_tool_is_not_called() {
            assertThat(score(assertion("tool-call", true, "get_time", Map.of()), PARIS)
                            .pass())
                    .isTrue();
            assertThat(score(assertion("tool-call", true, "get_weather", Map.of()), PARIS)
                            .pass())
                    .isFalse();
        }

        @Test
        void arguments_must_be_equal_numbers_by_value() {
            assertThat(score(toolCall("get_weather", "arguments", Map.of("city", "Paris", "days", 3.0)), PARIS)
                            .pass())
                    .isTrue();
            Score fail = score(toolCall("get_weather", "arguments", Map.of("city", "Paris")), PARIS);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason())
                    .isEqualTo("'get_weather' was called, but its arguments '{\"city\":\"Paris\",\"days\":3}' are not"
                            + " '{\"city\":\"Paris\"}'");
            assertThat(fail.details()).as("selected, arguments aside").containsEntry("tool_selected", true);
        }

        @Test
        void arguments_contain_checks_the_given_keys_only() {
            assertThat(score(toolCall("get_weather", "arguments_contain", Map.of("city", "Paris")), PARIS)
                            .pass())
                    .isTrue();
            Score fail = score(toolCall("get_weather", "arguments_contain", Map.of("city", "Rome")), PARIS);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).endsWith(" lack 'city' = '\"Rome\"'");
            Score missing = score(toolCall("get_weather", "arguments_contain", Map.of("unit", "C")), PARIS);
            assertThat(missing.reason()).endsWith(" lack 'unit'");
        }

        @Test
        void arguments_schema_validates_the_arguments() {
            Map<String, Object> maxTwoDays =
                    Map.of("type", "object", "properties", Map.of("days", Map.of("type", "integer", "maximum", 2)));
            Score fail = score(toolCall("get_weather", "arguments_schema", maxTwoDays), PARIS);
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason())
                    .startsWith("'get_weather' was called, but its arguments do not match" + " 'arguments_schema': ");
            Map<String, Object> city = Map.of("type", "object", "required", List.of("city"));
            assertThat(score(toolCall("get_weather", "arguments_schema", city), PARIS)
                            .pass())
                    .isTrue();
        }

        @Test
        void arguments_that_are_not_json_fail_with_the_reason() {
            Score fail = score(
                    toolCall("get_weather", "arguments", Map.of("city", "Paris")),
                    new ToolCall("1", "get_weather", "{city: Paris"));
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).startsWith("'get_weather' was called, but its arguments are not JSON: ");
        }

        @Test
        void names_the_tool_it_expects_so_the_loader_can_check_it_is_declared() {
            Scorer scorer = REGISTRY.find("tool-call").orElseThrow();
            assertThat(scorer.toolsNamed(toolCall("get_weather"))).isEqualTo(Set.of("get_weather"));
            assertThat(scorer.toolsNamed(toolCall("none"))).isEmpty();
        }

        @Test
        void refuses_bad_options_at_load() {
            rejected(toolCall(null), "value", "'tool-call' needs 'value:' with the name of the expected tool");
            rejected(toolCall("none", "arguments", Map.of()), "arguments", "but 'value: none' expects no call");
            rejected(toolCall("get_weather", "call", "last"), "call", "'call' must be 'first'");
            rejected(toolCall("get_weather", "arguments_contain", "Paris"), "arguments_contain", "must be a mapping");
            rejected(
                    toolCall("get_weather", "arguments_schema", Map.of("type", "objekt")),
                    "arguments_schema",
                    "invalid JSON Schema");
        }
    }

    @Nested
    class ToolCallValidScorer {
        @Test
        void passes_when_every_call_is_declared_and_valid() {
            Score pass = score(assertion("tool-call-valid", false, null, Map.of()), PARIS, TIME);
            assertThat(pass.pass()).isTrue();
            assertThat(pass.reason()).isEqualTo("all 2 calls are valid");
            assertThat(score(assertion("tool-call-valid", false, null, Map.of()))
                            .reason())
                    .isEqualTo("no tool was called");
        }

        @Test
        void fails_naming_the_first_invalid_call() {
            Score fail = score(
                    assertion("tool-call-valid", false, null, Map.of()),
                    TIME,
                    new ToolCall("3", "get_weather", "{\"days\":\"three\"}"));
            assertThat(fail.pass()).isFalse();
            assertThat(fail.reason()).startsWith("call 2 of 2: arguments do not match the schema of 'get_weather': ");
            Score undeclared =
                    score(assertion("tool-call-valid", false, null, Map.of()), new ToolCall("4", "rm_rf", "{}"));
            assertThat(undeclared.reason()).isEqualTo("call 1 of 1: the model called 'rm_rf', which is not declared");
            Score notJson =
                    score(assertion("tool-call-valid", false, null, Map.of()), new ToolCall("5", "get_time", "["));
            assertThat(notJson.reason()).startsWith("call 1 of 1: arguments are not JSON: ");
        }

        @Test
        void refuses_a_value() {
            rejected(assertion("tool-call-valid", false, "x", Map.of()), "value", "takes no 'value'");
        }
    }
}
