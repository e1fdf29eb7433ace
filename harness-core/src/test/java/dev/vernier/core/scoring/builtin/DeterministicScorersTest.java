package dev.vernier.core.scoring.builtin;

import static dev.vernier.core.scoring.Samples.assertion;
import static dev.vernier.core.scoring.Samples.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Samples;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.scoring.ScoringContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeterministicScorersTest {

    private static final ScorerRegistry REGISTRY = ScorerRegistry.load();

    private static Score score(String type, Object value, String output) {
        return score(type, value, null, output);
    }

    private static Score score(String type, Object value, Double threshold, String output) {
        return score(assertion(type, value, threshold), scored(output));
    }

    private static Score score(Assertion a, Scored subject) {
        Scorer scorer = REGISTRY.find(a.type()).orElseThrow();
        try {
            scorer.validate(a);
        } catch (ConfigException e) {
            throw new AssertionError("assertion should be valid: " + e.getMessage());
        }
        return scorer.score(a, subject, ScoringContext.none());
    }

    private static void rejected(String type, Object value, Double threshold, String key, String message) {
        Scorer scorer = REGISTRY.find(type).orElseThrow();
        assertThatThrownBy(() -> scorer.validate(assertion(type, value, threshold)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(key);
    }

    @Test
    void every_builtin_type_is_registered_through_the_services_file() {
        assertThat(REGISTRY.types())
                .containsExactly(
                        "contains",
                        "contains-all",
                        "contains-any",
                        "cost",
                        "equals",
                        "finish-reason",
                        "icontains",
                        "icontains-all",
                        "icontains-any",
                        "is-json",
                        "json-schema",
                        "latency",
                        "length",
                        "levenshtein",
                        "llm-judge",
                        "regex",
                        "starts-with",
                        "tool-call",
                        "tool-call-valid",
                        "word-count");
    }

    @Nested
    class EqualsScorer {
        @Test
        void passes_on_the_same_text_ignoring_surrounding_white_space() {
            Score s = score("equals", "Paris", "  Paris\n");
            assertThat(s.pass()).isTrue();
            assertThat(s.score()).isEqualTo(1.0);
        }

        @Test
        void fails_on_a_different_text_and_says_what_it_got() {
            Score s = score("equals", "Paris", "paris");
            assertThat(s.pass()).isFalse();
            assertThat(s.score()).isZero();
            assertThat(s.reason()).isEqualTo("expected 'Paris', got 'paris'");
        }

        @Test
        void compares_numbers_written_as_yaml_numbers_as_text() {
            assertThat(score("equals", 42L, "42").pass()).isTrue();
        }

        @Test
        void rejects_a_missing_value() {
            rejected("equals", null, null, "value", "needs 'value:'");
        }
    }

    @Nested
    class ContainsFamily {
        @Test
        void contains_is_case_sensitive() {
            assertThat(score("contains", "Paris", "It is Paris.").pass()).isTrue();
            assertThat(score("contains", "Paris", "it is paris.").pass()).isFalse();
        }

        @Test
        void icontains_ignores_case() {
            assertThat(score("icontains", "PARIS", "it is paris.").pass()).isTrue();
            assertThat(score("icontains", "Rome", "it is paris.").reason()).isEqualTo("output does not contain 'Rome'");
        }

        @Test
        void contains_any_passes_when_one_value_occurs() {
            assertThat(score("contains-any", List.of("cat", "dog"), "a dog").pass())
                    .isTrue();
            assertThat(score("contains-any", List.of("cat", "dog"), "a bird").pass())
                    .isFalse();
            assertThat(score("icontains-any", List.of("CAT", "DOG"), "a dog").pass())
                    .isTrue();
        }

        @Test
        void contains_all_scores_the_share_found_and_names_the_missing_ones() {
            Score s = score("contains-all", List.of("a", "b", "c", "d"), "a b c");
            assertThat(s.pass()).isFalse();
            assertThat(s.score()).isEqualTo(0.75);
            assertThat(s.reason()).isEqualTo("output lacks [d]");
            assertThat(score("icontains-all", List.of("A", "B"), "a b").pass()).isTrue();
        }

        @Test
        void rejects_a_mapping_as_the_list_of_values() {
            rejected("contains-any", Map.of("a", 1), null, "value", "a list of texts");
            rejected("contains", List.of("a"), null, "value", "single text");
        }
    }

    @Nested
    class StartsWithScorer {
        @Test
        void passes_after_leading_white_space() {
            assertThat(score("starts-with", "Yes", "\n Yes, it is.").pass()).isTrue();
        }

        @Test
        void fails_when_the_prefix_is_later() {
            assertThat(score("starts-with", "Yes", "Well, Yes").pass()).isFalse();
        }
    }

    @Nested
    class RegexScorer {
        @Test
        void passes_when_the_pattern_is_found_and_quotes_the_match() {
            Score s = score("regex", "\\b\\d{2}\\b", "The answer is 42.");
            assertThat(s.pass()).isTrue();
            assertThat(s.reason()).isEqualTo("matched '42'");
        }

        @Test
        void fails_when_nothing_matches() {
            assertThat(score("regex", "^\\d+$", "forty-two").pass()).isFalse();
        }

        @Test
        void rejects_a_pattern_that_does_not_compile() {
            rejected("regex", "(a", null, "value", "does not compile: missing closing )");
        }

        @Test
        void a_pattern_that_backtracks_exponentially_in_java_runs_in_linear_time_on_a_huge_output() {
            String huge = "word ".repeat(20_000) + "!"; // about 20,000 tokens; the JDK's regex overflows its stack here
            long start = System.nanoTime();
            Score s = score("regex", "^(\\w|\\s)*$", huge);
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).startsWith("no match");
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            assertThat(score("regex", "NEEDLE", "a".repeat(300_000) + "NEEDLE").pass())
                    .isTrue();
        }

        @Test
        void refuses_a_backreference_saying_that_patterns_use_re2_syntax() {
            rejected("regex", "(a)\\1", null, "value", "RE2 syntax");
        }
    }

    @Nested
    class Json {
        @Test
        void is_json_accepts_an_object_inside_a_json_fence() {
            assertThat(score("is-json", null, "Here:\n```json\n{\"a\": 1}\n```\nDone.")
                            .pass())
                    .isTrue();
        }

        @Test
        void is_json_accepts_json_surrounded_by_prose() {
            assertThat(score("is-json", null, "Sure! {\"a\": [1, 2]} Hope that helps.")
                            .pass())
                    .isTrue();
        }

        @Test
        void is_json_rejects_malformed_json() {
            Score s = score("is-json", null, "{\"a\": 1,,}");
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).startsWith("output is not valid JSON: ");
        }

        @Test
        void is_json_fails_on_empty_output() {
            assertThat(score("is-json", null, "   ").pass()).isFalse();
        }

        private final Map<String, Object> schema = Map.of(
                "type",
                "object",
                "required",
                List.of("name", "age"),
                "properties",
                Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer", "minimum", 0)));

        @Test
        void json_schema_passes_a_matching_object_in_a_fence() {
            Score s = score("json-schema", schema, "```json\n{\"name\": \"Ada\", \"age\": 36}\n```");
            assertThat(s.pass()).isTrue();
            assertThat(s.reason()).isEqualTo("output matches the schema");
        }

        @Test
        void json_schema_fails_a_wrong_type_and_names_the_problem() {
            Score s = score("json-schema", schema, "{\"name\": \"Ada\", \"age\": \"old\"}");
            assertThat(s.pass()).isFalse();
            assertThat(s.reason())
                    .startsWith("output does not match the schema: ")
                    .contains("age");
        }

        @Test
        void json_schema_fails_output_that_is_not_json() {
            assertThat(score("json-schema", schema, "Ada is 36").reason()).startsWith("output is not valid JSON");
        }

        @Test
        void json_schema_accepts_a_schema_written_as_a_json_string() {
            assertThat(score("json-schema", "{\"type\": \"array\"}", "[1]").pass())
                    .isTrue();
        }

        @Test
        void json_schema_rejects_an_invalid_schema_at_load() {
            rejected("json-schema", Map.of("type", "objekt"), null, "value", "invalid JSON Schema");
            rejected("json-schema", "{not json", null, "value", "is not valid JSON");
            rejected("json-schema", null, null, "value", "needs 'value:' with a JSON Schema");
        }
    }

    @Nested
    class SizeBounds {
        @Test
        void word_count_passes_within_bounds() {
            assertThat(score("word-count", Map.of("min", 2L, "max", 4L), "one two three")
                            .pass())
                    .isTrue();
        }

        @Test
        void word_count_fails_outside_bounds_and_says_the_count() {
            Score s = score("word-count", Map.of("max", 2L), "one two three");
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).startsWith("3 words, outside");
        }

        @Test
        void length_counts_characters_of_the_trimmed_output() {
            assertThat(score("length", Map.of("min", 5L, "max", 5L), "  hello  ")
                            .pass())
                    .isTrue();
            assertThat(score("length", Map.of("min", 6L), "hello").pass()).isFalse();
        }

        @Test
        void rejects_bounds_that_are_not_a_mapping_or_not_whole_numbers() {
            rejected("length", 5L, null, "value", "needs 'value:' with bounds");
            rejected("word-count", Map.of("min", "two"), null, "value", "must be a whole number");
            rejected("word-count", Map.of("least", 2L), null, "value", "unknown bound 'least'");
        }
    }

    @Nested
    class LevenshteinScorer {
        @Test
        void passes_within_the_distance_threshold() {
            Score s = score("levenshtein", "kitten", 3.0, "sitting");
            assertThat(s.pass()).isTrue();
            assertThat(s.reason()).startsWith("edit distance 3 <= 3");
            assertThat(s.score()).isEqualTo(1 - 3.0 / 7);
        }

        @Test
        void fails_beyond_the_threshold_and_defaults_to_exact() {
            assertThat(score("levenshtein", "kitten", 2.0, "sitting").pass()).isFalse();
            assertThat(score("levenshtein", "kitten", null, "kitten").pass()).isTrue();
            assertThat(score("levenshtein", "kitten", null, "kitte").pass()).isFalse();
        }

        @Test
        void rejects_a_fractional_or_negative_distance() {
            rejected("levenshtein", "x", 1.5, "threshold", "whole number >= 0");
            rejected("levenshtein", "x", -1.0, "threshold", "whole number >= 0");
        }
    }

    @Nested
    class RequestFacts {
        @Test
        void finish_reason_compares_case_insensitively() {
            Scored stopped = new Scored(Samples.output("x", FinishReason.STOP, 1), Map.of(), null);
            Scored cut = new Scored(Samples.output("x", FinishReason.LENGTH, 1), Map.of(), null);
            assertThat(score(assertion("finish-reason", "stop"), stopped).pass())
                    .isTrue();
            Score s = score(assertion("finish-reason", "STOP"), cut);
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).isEqualTo("finish reason length, expected STOP");
        }

        @Test
        void finish_reason_rejects_an_unknown_reason() {
            rejected("finish-reason", "done", null, "value", "unknown finish reason 'done'");
        }

        @Test
        void latency_passes_under_the_limit_and_grades_over_it() {
            Scored fast = new Scored(Samples.output("x", FinishReason.STOP, 100_000_000L), Map.of(), null);
            Scored slow = new Scored(Samples.output("x", FinishReason.STOP, 400_000_000L), Map.of(), null);
            assertThat(score(assertion("latency", 200L), fast).pass()).isTrue();
            Score s = score(assertion("latency", 200L), slow);
            assertThat(s.pass()).isFalse();
            assertThat(s.score()).isEqualTo(0.5);
            assertThat(s.reason()).isEqualTo("E2E 400.0 ms > 200 ms");
        }

        @Test
        void latency_rejects_a_limit_that_is_not_a_number() {
            rejected("latency", "fast", null, "value", "milliseconds");
        }

        @Test
        void cost_passes_under_the_limit() {
            Scored cheap = new Scored(Samples.output("x"), Map.of(), 0.0001);
            assertThat(score(assertion("cost", 0.001), cheap).pass()).isTrue();
            Scored dear = new Scored(Samples.output("x"), Map.of(), 0.01);
            assertThat(score(assertion("cost", 0.001), dear).pass()).isFalse();
        }

        @Test
        void cost_unknown_fails_rather_than_counting_as_free() {
            Score s = score(assertion("cost", 1.0), new Scored(Samples.output("x"), Map.of(), null));
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).isEqualTo("cost unknown");
        }

        @Test
        void cost_rejects_a_negative_limit() {
            rejected("cost", -1.0, null, "value", "US dollars");
        }
    }
}
