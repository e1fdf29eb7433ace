package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.scoring.Assertion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteLoaderTest {

    private static final InlineSuites SUITES = new InlineSuites("suites/bench.yaml");

    @Test
    void reads_every_section_of_a_valid_suite() {
        Suite suite = SUITES.parse("""
                name: demo
                description: two cases
                prompts:
                  - id: tell
                    template: "Tell me about {{ topic }}."
                    system: "You answer in {{lang}}."
                  - "Plain {{topic}}"
                cases:
                  - id: cats
                    vars: {topic: cats, lang: English}
                  - vars: {topic: dogs, lang: French}
                providers:
                  - type: test-fake
                    id: fake-a
                    words: 4
                defaults:
                  temperature: 0.7
                  max_tokens: 16
                  seed: 7
                repeats: 3
                warmup: 2
                concurrency: 4
                timeout_ms: 1500
                """);

        assertThat(suite.name()).isEqualTo("demo");
        assertThat(suite.prompts()).extracting(PromptTemplate::id).containsExactly("tell", "p2");
        assertThat(suite.prompts().get(0).render(suite.cases().get(0).vars())).isEqualTo("Tell me about cats.");
        assertThat(suite.prompts().get(0).renderSystem(suite.cases().get(1).vars()))
                .isEqualTo("You answer in French.");
        assertThat(suite.cases()).extracting(TestCase::id).containsExactly("cats", "case-2");
        assertThat(suite.providers()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo("test-fake");
            assertThat(p.id()).isEqualTo("fake-a");
            assertThat(p.options()).isEqualTo(Map.of("words", 4L));
        });
        assertThat(suite.defaults()).isEqualTo(new Defaults(0.7, 16, 7L));
        assertThat(suite.repeats()).isEqualTo(3);
        assertThat(suite.warmup()).isEqualTo(2);
        assertThat(suite.concurrency()).isEqualTo(4);
        assertThat(suite.timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void without_cases_each_prompt_is_sent_once_and_name_defaults_to_file_name() {
        Suite suite = SUITES.parse("""
                prompts: ["Once upon a time"]
                providers: [{type: test-fake}]
                """);
        assertThat(suite.name()).isEqualTo("bench");
        assertThat(suite.cases()).extracting(TestCase::id).containsExactly("default");
        assertThat(suite.defaults()).isEqualTo(Defaults.STANDARD);
    }

    @Test
    void a_provider_may_set_its_own_request_timeout() {
        Suite suite = SUITES.parse("""
                prompts: ["hi"]
                timeout_ms: 5000
                providers:
                  - {type: test-fake, id: slow, timeout_ms: 90000}
                  - {type: test-fake, id: quick}
                """);

        assertThat(suite.timeoutOf(suite.providers().get(0))).isEqualTo(Duration.ofSeconds(90));
        assertThat(suite.timeoutOf(suite.providers().get(1))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejects_a_provider_timeout_of_zero() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - {type: test-fake, timeout_ms: 0}
                """,
                "suites/bench.yaml:3:35: 'timeout_ms' must be between 1 and 2147483647, found 0. Give a whole number in that range, e.g. 'timeout_ms: 1'.");
    }

    @Test
    void rejects_invalid_yaml_at_the_offending_line() {
        SUITES.assertRejected(
                """
                prompts:
                  - "fine"
                providers:
                  - type: test-fake
                   id: misaligned
                """,
                "suites/bench.yaml:5:4: invalid YAML: expected <block end>, but found '<block mapping start>'."
                        + " Check indentation and quoting on this line or the one before it.");
    }

    @Test
    void rejects_an_empty_file() {
        SUITES.assertRejected(
                "", "suites/bench.yaml:1:1: the suite is empty. Start from benchmarks/suites/quickstart.yaml.");
    }

    @Test
    void rejects_a_suite_that_is_not_a_mapping() {
        SUITES.assertRejected(
                "- just\n- a list\n",
                "suites/bench.yaml:1:1: the suite must be a mapping of 'key: value' lines, found a list.");
    }

    @Test
    void rejects_an_unknown_top_level_key_and_suggests_the_right_one() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                repeat: 3
                """,
                "suites/bench.yaml:3:1: unknown key 'repeat' in the suite. Did you mean 'repeats'?"
                        + " Allowed keys: name, description, prompts, cases, providers, defaults, repeats, warmup,"
                        + " concurrency, timeout_ms, default_assert, prices, expected_monthly_tokens, load, slo,"
                        + " response_format, tools, max_tool_rounds.");
    }

    @Test
    void rejects_an_unknown_key_in_defaults() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                defaults:
                  temprature: 0.2
                """,
                "suites/bench.yaml:4:3: unknown key 'temprature' in defaults. Did you mean 'temperature'?"
                        + " Allowed keys: temperature, max_tokens, seed.");
    }

    @Test
    void rejects_an_unknown_provider_type_listing_known_types() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: test-fak
                """,
                "suites/bench.yaml:3:11: unknown provider type 'test-fak'. Did you mean 'test-fake'?"
                        + " Known types: test-fake. A provider of another type must be on the class path.");
    }

    @Test
    void rejects_an_option_the_provider_type_does_not_accept() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    temperature: 0.3
                """,
                "suites/bench.yaml:4:5: unknown key 'temperature' in provider type 'test-fake'."
                        + " Allowed keys: hardware, id, model, response_format, timeout_ms, tools, type, words.");
    }

    @Test
    void rejects_a_missing_model_file_at_the_model_line(@TempDir Path dir) throws IOException {
        Path suiteFile = dir.resolve("s.yaml");
        Files.writeString(suiteFile, """
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    model: nowhere.gguf
                """);
        assertThatThrownBy(() -> SUITES.loader().load(suiteFile))
                .isInstanceOf(SuiteException.class)
                .hasMessage(suiteFile + ":4:12: model file 'nowhere.gguf' not found. Fix: give an existing file.");
    }

    @Test
    void rejects_a_case_missing_a_variable_the_prompt_uses() {
        SUITES.assertRejected(
                """
                prompts:
                  - id: ask
                    template: "What is {{city}} in {{country}}?"
                cases:
                  - id: paris
                    vars: {city: Paris}
                providers: [{type: test-fake}]
                """,
                "suites/bench.yaml:5:5: case 'paris' has no value for {{country}} used by prompt 'ask'."
                        + " Add 'country: ...' under this case's 'vars'.");
    }

    @Test
    void rejects_a_whole_number_setting_given_as_text() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                repeats: three
                """,
                "suites/bench.yaml:3:10: 'repeats' must be a whole number, found 'three'. Write it without quotes or units, e.g. 'repeats: 1'.");
    }

    @Test
    void rejects_a_concurrency_of_zero() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                concurrency: 0
                """,
                "suites/bench.yaml:3:14: 'concurrency' must be between 1 and 100000, found 0. Give a whole number in that range, e.g. 'concurrency: 1'.");
    }

    @Test
    void rejects_a_temperature_out_of_range() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                defaults: {temperature: 3.5}
                """,
                "suites/bench.yaml:3:25: 'temperature' must be between 0 and 2, found 3.5. Give a number in that range.");
    }

    @Test
    void rejects_missing_providers() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                """,
                "suites/bench.yaml:1:1: 'providers' is missing."
                        + " Fix: add 'providers:' with at least one entry, e.g. '- type: llamacpp'.");
    }

    @Test
    void rejects_a_provider_without_type() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - id: lonely
                """, "suites/bench.yaml:3:5: 'type' is missing. Fix: add 'type:' with one of [test-fake].");
    }

    @Test
    void rejects_duplicate_case_ids() {
        SUITES.assertRejected("""
                prompts: ["{{x}}"]
                cases:
                  - id: same
                    vars: {x: 1}
                  - id: same
                    vars: {x: 2}
                providers: [{type: test-fake}]
                """, "suites/bench.yaml:5:5: duplicate case id 'same'. Give every case its own id.");
    }

    @Test
    void rejects_duplicate_provider_ids() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - {type: test-fake, id: a}
                  - {type: test-fake, id: a}
                """, "suites/bench.yaml:4:27: duplicate provider id 'a'. Give every provider its own id.");
    }

    @Test
    void rejects_a_key_written_twice() {
        SUITES.assertRejected("""
                prompts: ["hi"]
                providers: [{type: test-fake}]
                repeats: 2
                repeats: 3
                """, "suites/bench.yaml:4:1: duplicate key 'repeats' in the suite. Keep one of the two.");
    }

    @Test
    void rejects_a_malformed_placeholder() {
        SUITES.assertRejected(
                """
                prompts:
                  - "Hello {{ name"
                providers: [{type: test-fake}]
                """,
                "suites/bench.yaml:2:5: malformed placeholder in template 'Hello {{ name'."
                        + " Write variables as {{name}} with letters, digits, '_', '.' or '-'.");
    }

    @Test
    void rejects_prompts_given_as_a_single_string() {
        SUITES.assertRejected(
                """
                prompts: "hi"
                providers: [{type: test-fake}]
                """, "suites/bench.yaml:1:10: 'prompts' must be a list (lines starting with '- '), found 'hi'.");
    }

    @Test
    void rejects_a_provider_option_of_the_wrong_type() {
        SUITES.assertRejected("""
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    words: many
                """, "suites/bench.yaml:4:12: 'words' must be a whole number, was 'many'");
    }

    @Test
    void names_a_missing_suite_file() {
        Path missing = Path.of("no/such/suite.yaml");
        assertThatThrownBy(() -> SUITES.loader().load(missing))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("no/such/suite.yaml:1:1: suite file not found.");
    }

    // ---- assertions ----

    @Test
    void reads_default_assertions_case_assertions_weights_and_thresholds() {
        Suite suite = SUITES.parse("""
                prompts: ["What is {{q}}?"]
                default_assert:
                  - type: not-contains
                    value: "As an AI"
                cases:
                  - id: sum
                    vars: {q: "2+2"}
                    threshold: 0.5
                    assert:
                      - type: contains
                        value: "4"
                        weight: 3
                      - type: llm-judge
                        provider: judge
                        value: "Says the answer is 4."
                        threshold: 0.7
                  - id: plain
                    vars: {q: "nothing"}
                providers:
                  - type: test-fake
                    id: judge
                """);

        TestCase sum = suite.cases().get(0);
        assertThat(sum.threshold()).isEqualTo(0.5);
        assertThat(sum.assertions())
                .extracting(Assertion::name)
                .containsExactly("not-contains", "contains", "llm-judge");
        assertThat(sum.assertions().get(0).negated()).isTrue();
        assertThat(sum.assertions().get(1).weight()).isEqualTo(3.0);
        assertThat(sum.assertions().get(2).threshold()).isEqualTo(0.7);
        assertThat(sum.assertions().get(2).options()).containsEntry("provider", "judge");
        assertThat(suite.cases().get(1).assertions())
                .extracting(Assertion::name)
                .containsExactly("not-contains");
        assertThat(suite.cases().get(1).threshold()).isEqualTo(1.0);
    }

    @Test
    void rejects_an_unknown_assertion_type_and_suggests_the_right_one() {
        assertThatThrownBy(() -> SUITES.parse("""
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert:
                      - type: contians
                        value: x
                """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("suites/bench.yaml:5:15: unknown assertion type 'contians'. Did you mean "
                        + "'contains'? Known types: contains, contains-all, contains-any, cost, equals,");
    }

    @Test
    void suggests_the_negated_form_for_a_misspelt_negated_type() {
        assertThatThrownBy(() -> SUITES.parse("""
                prompts: ["hi"]
                providers: [{type: test-fake}]
                default_assert: [{type: not-regx, value: "a"}]
                """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith(
                        "suites/bench.yaml:3:25: unknown assertion type 'not-regx'. Did you mean " + "'not-regex'?");
    }

    @Test
    void rejects_an_unknown_key_in_an_assertion() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert:
                      - type: contains
                        value: x
                        weigth: 2
                """,
                "suites/bench.yaml:7:9: unknown key 'weigth' in assertion 'contains'. Did you mean 'weight'?"
                        + " Allowed keys: type, value, threshold, weight.");
    }

    @Test
    void rejects_a_regex_that_does_not_compile_at_its_value() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert:
                      - type: regex
                        value: "([0-9]+"
                """,
                "suites/bench.yaml:6:16: regular expression '([0-9]+' does not compile: missing closing )."
                        + " Patterns use RE2 syntax (like Java's, without backreferences or lookaround).");
    }

    @Test
    void rejects_a_json_schema_that_is_not_a_valid_schema() {
        assertThatThrownBy(() -> SUITES.parse("""
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert:
                      - type: json-schema
                        value: {type: objekt}
                """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("suites/bench.yaml:6:16: invalid JSON Schema: ");
    }

    @Test
    void rejects_a_case_threshold_above_one() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - threshold: 1.5
                    assert: [{type: contains, value: x}]
                """,
                "suites/bench.yaml:4:16: 'threshold' must be between 0 and 1, found 1.5. Give a number in that range.");
    }

    @Test
    void rejects_a_judge_threshold_out_of_range() {
        SUITES.assertRejected("""
                prompts: ["hi"]
                providers: [{type: test-fake, id: j}]
                cases:
                  - assert:
                      - type: llm-judge
                        provider: j
                        value: "polite"
                        threshold: 2
                """, "suites/bench.yaml:8:20: 'threshold' must be between 0 and 1, found 2.");
    }

    @Test
    void rejects_a_threshold_on_a_pass_fail_assertion() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert: [{type: equals, value: x, threshold: 0.5}]
                """,
                "suites/bench.yaml:4:50: 'equals' is pass/fail and takes no 'threshold'. Remove it, or use a"
                        + " case 'threshold:' for the share of assertions that must pass.");
    }

    @Test
    void rejects_a_judge_provider_that_is_not_in_the_suite() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake, id: judge-a}]
                cases:
                  - assert:
                      - type: llm-judge
                        provider: judge-b
                        value: "Answers politely."
                """,
                "suites/bench.yaml:6:19: the judge provider 'judge-b' is not a provider of this suite."
                        + " Did you mean 'judge-a'? Give the 'id' (or 'type') of an entry under 'providers': judge-a,"
                        + " test-fake.");
    }

    @Test
    void rejects_a_negative_weight() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert: [{type: contains, value: x, weight: -1}]
                """,
                "suites/bench.yaml:4:49: 'weight' must be a number >= 0, found '-1'. Write it without quotes or units.");
    }

    @Test
    void rejects_word_count_bounds_in_the_wrong_order() {
        SUITES.assertRejected("""
                prompts: ["hi"]
                providers: [{type: test-fake}]
                cases:
                  - assert: [{type: word-count, value: {min: 5, max: 2}}]
                """, "suites/bench.yaml:4:40: 'min' is larger than 'max' in 'word-count'.");
    }

    private static final String COST_BASE = """
            prompts: ["hi"]
            providers:
              - type: test-fake
                id: box
            """;

    @Test
    void reads_price_overrides_hardware_and_expected_monthly_tokens() {
        Suite suite = SUITES.parse("""
                prompts: ["hi"]
                prices:
                  house-model: {input: 2.0, output: 10.0}
                expected_monthly_tokens: 50000000
                providers:
                  - type: test-fake
                    id: box
                    hardware: {gpu: L4, usd_per_hour: 0.8}
                """);
        assertThat(suite.prices().find("house-model")).hasValueSatisfying(p -> {
            assertThat(p.inputPerMillion()).isEqualTo(2.0);
            assertThat(p.outputPerMillion()).isEqualTo(10.0);
        });
        assertThat(suite.expectedMonthlyTokens()).isEqualTo(5e7);
        assertThat(suite.providers().get(0).hardware()).isEqualTo(new HardwareSpec("gpu: L4", 0.8));
    }

    @Test
    void without_cost_keys_uses_shipped_prices_and_no_hardware() {
        Suite suite = SUITES.parse(COST_BASE);
        assertThat(suite.prices().find("gpt-4.1-mini")).isPresent();
        assertThat(suite.expectedMonthlyTokens()).isNull();
        assertThat(suite.providers().get(0).hardware()).isNull();
    }

    @Test
    void rejects_a_price_override_without_output_at_the_model_line() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                prices:
                  house-model:
                    input: 2.0
                providers:
                  - type: test-fake
                """, "suites/bench.yaml:4:5: 'prices.house-model.output' is required: the price per 1M output tokens.");
    }

    @Test
    void rejects_a_non_numeric_price_at_its_value() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                prices:
                  gpt-4.1:
                    output: lots
                providers:
                  - type: test-fake
                """,
                "suites/bench.yaml:4:13: 'prices.gpt-4.1.output' must be a price in USD per 1M tokens, was 'lots'.");
    }

    @Test
    void rejects_hardware_without_usd_per_hour() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    hardware: {gpu: H100}
                """,
                "suites/bench.yaml:4:15: 'hardware.usd_per_hour' is required: what the hardware costs per hour in USD.");
    }

    @Test
    void rejects_an_unknown_hardware_key_at_that_key() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                providers:
                  - type: test-fake
                    hardware:
                      gpu: H100
                      usd_per_hour: 2.5
                      watts: 700
                """,
                "suites/bench.yaml:7:7: unknown key 'watts' in 'hardware'. Allowed: gpu, cpu, name, usd_per_hour.");
    }

    @Test
    void rejects_a_non_positive_expected_monthly_tokens() {
        SUITES.assertRejected(
                """
                prompts: ["hi"]
                expected_monthly_tokens: 0
                providers:
                  - type: test-fake
                """,
                "suites/bench.yaml:2:26: 'expected_monthly_tokens' must be between 1 and 1000000000000000, found 0. Give a number in that range.");
    }
}
