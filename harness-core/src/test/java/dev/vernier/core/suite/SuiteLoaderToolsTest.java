package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tools in a suite: declared once, used by prompts, answered per case, refused with file:line:column and the fix. */
class SuiteLoaderToolsTest {

    private static final Path FILE = Path.of("suites/tools.yaml");
    private final ToolFactory tooled = new ToolFactory();
    private final InlineSuites suites = new InlineSuites(FILE.toString(), tooled);

    private static final String TOOLS = """
            tools:
              - name: get_weather
                description: The weather in a city
                parameters: {type: object, properties: {city: {type: string}}, required: [city]}
              - name: get_time
                description: The time in a city
            """;

    private Suite parse(Path file, String yaml) {
        return suites.loader().parse(file, new StringReader(yaml));
    }

    private void assertRejected(String yaml, String expectedMessage) {
        suites.assertRejected(yaml, expectedMessage);
    }

    @Test
    void every_prompt_declares_all_tools_unless_it_names_some_or_none() {
        Suite suite = parse(FILE, TOOLS + """
                prompts:
                  - "Weather in Paris?"
                  - {id: one, template: "Time?", tools: [get_time], tool_choice: get_time}
                  - {id: must, template: "Any", tool_choice: required}
                  - {id: free, template: "Hi", tools: none}
                providers: [{type: tooled}]
                """);

        Tools all = suite.prompts().get(0).tools();
        assertThat(all.specs()).extracting(ToolSpec::name).containsExactly("get_weather", "get_time");
        assertThat(all.choice()).isEqualTo(ToolChoice.AUTO);
        assertThat(all.find("get_weather").parametersJson())
                .isEqualTo(
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        assertThat(all.find("get_time").description()).isEqualTo("The time in a city");
        assertThat(suite.prompts().get(1).tools().specs())
                .extracting(ToolSpec::name)
                .containsExactly("get_time");
        assertThat(suite.prompts().get(1).tools().choice()).isEqualTo(ToolChoice.named("get_time"));
        assertThat(suite.prompts().get(2).tools().choice().mode()).isEqualTo(ToolChoice.Mode.REQUIRED);
        assertThat(suite.prompts().get(3).tools()).isNull();
        assertThat(tooled.validated)
                .containsExactly(
                        all,
                        suite.prompts().get(1).tools(),
                        suite.prompts().get(2).tools());
    }

    @Test
    void tool_results_answer_calls_one_value_for_all_or_a_list_one_by_one() {
        Suite suite = parse(FILE, TOOLS + """
                max_tool_rounds: 2
                prompts: ["Weather?"]
                cases:
                  - id: c
                    tool_results:
                      get_weather: {temp_c: 3, sky: clear}
                      get_time: ["09:00", {hour: 10}]
                providers: [{type: tooled}]
                """);

        ToolResults results = suite.cases().get(0).toolResults();
        assertThat(results.maxRounds()).isEqualTo(2);
        ToolCall weather = new ToolCall("a", "get_weather", "{}");
        ToolCall time1 = new ToolCall("b", "get_time", "{}");
        ToolCall time2 = new ToolCall("c", "get_time", "{}");
        assertThat(results.resultFor(weather, List.of(weather), List.of()))
                .isEqualTo("{\"temp_c\":3,\"sky\":\"clear\"}");
        assertThat(results.resultFor(time1, List.of(time1, time2), List.of())).isEqualTo("09:00");
        assertThat(results.resultFor(time2, List.of(time1, time2), List.of())).isEqualTo("{\"hour\":10}");
        List<Message> history = List.of(
                Message.user("x"),
                Message.assistant("", List.of(time1, time2)),
                Message.toolResult(time1, "09:00"),
                Message.toolResult(time2, "{}"));
        ToolCall third = new ToolCall("d", "get_time", "{}");
        assertThat(results.resultFor(third, List.of(third), history)).isNull();
        assertThat(results.resultFor(weather, List.of(weather), history)).isEqualTo("{\"temp_c\":3,\"sky\":\"clear\"}");
        assertThat(results.resultFor(new ToolCall("e", "other", "{}"), List.of(), List.of()))
                .isNull();
    }

    @Test
    void results_by_arguments_answer_the_first_entry_whose_arguments_the_call_contains() {
        Suite suite = parse(FILE, TOOLS + """
                prompts: ["Weather?"]
                cases:
                  - tool_results:
                      get_weather:
                        by_arguments:
                          - {arguments: {city: Paris}, result: {temp_c: 3}}
                          - {arguments: {city: Rome, days: 2}, result: "warm"}
                          - {arguments: {}, result: "unknown city"}
                providers: [{type: tooled}]
                """);

        ToolResults results = suite.cases().get(0).toolResults();
        ToolCall paris = new ToolCall("a", "get_weather", "{\"city\":\"Paris\",\"unit\":\"C\"}");
        ToolCall rome = new ToolCall("b", "get_weather", "{\"days\":2.0,\"city\":\"Rome\"}");
        ToolCall romeToday = new ToolCall("c", "get_weather", "{\"city\":\"Rome\"}");
        ToolCall broken = new ToolCall("d", "get_weather", "{city");
        assertThat(results.resultFor(paris, List.of(paris), List.of())).isEqualTo("{\"temp_c\":3}");
        assertThat(results.resultFor(rome, List.of(rome), List.of())).isEqualTo("warm");
        assertThat(results.resultFor(romeToday, List.of(romeToday), List.of())).isEqualTo("unknown city");
        assertThat(results.resultFor(broken, List.of(broken), List.of()))
                .as("not JSON: no entry matches")
                .isNull();
    }

    @Test
    void refuses_a_by_arguments_entry_without_a_result() {
        assertRejected(
                TOOLS + """
                prompts: ["x"]
                cases: [{tool_results: {get_time: {by_arguments: [{arguments: {city: Paris}}]}}}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:8:51: 'result' is missing. Fix: add the tool's 'result:' for such a call.");
    }

    @Test
    void the_plan_carries_tools_and_the_tool_loop_only_to_providers_that_send_tools() {
        Suite suite = parse(FILE, TOOLS + """
                prompts: ["Weather?"]
                cases: [{id: c, tool_results: {get_weather: {temp_c: 3}}}]
                providers:
                  - {type: tooled, id: with}
                  - {type: test-fake, id: without, tools: none}
                """);

        assertThat(suite.providers().get(1).sendsTools()).isFalse();
        assertThat(suite.providers().get(1).options()).doesNotContainKey("tools");
        RunPlan plan = RunPlan.expand(suite, List.of("with", "without"), id -> true, id -> id.equals("with"));
        PlannedRequest with = plan.requests().get(0);
        PlannedRequest without = plan.requests().get(1);
        assertThat(with.request().tools()).isEqualTo(suite.prompts().get(0).tools());
        assertThat(with.toolLoop()).isTrue();
        assertThat(without.request().tools()).isNull();
        assertThat(without.toolLoop()).isFalse();
    }

    @Test
    void reads_parameters_from_a_file_relative_to_the_suite(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("city.json"), "{\"type\": \"object\", \"required\": [\"city\"]}");
        Suite suite = parse(dir.resolve("s.yaml"), """
                tools: [{name: get_weather, parameters_file: city.json}]
                prompts: ["Weather?"]
                providers: [{type: tooled}]
                """);

        assertThat(suite.prompts().get(0).tools().find("get_weather").parametersJson())
                .isEqualTo("{\"type\":\"object\",\"required\":[\"city\"]}");
    }

    @Test
    void refuses_an_invalid_parameters_schema_at_its_line() {
        assertThatThrownBy(() -> parse(FILE, """
                        tools:
                          - name: get_weather
                            parameters: {type: object, properties: {city: {type: strin}}}
                        prompts: ["Weather?"]
                        providers: [{type: tooled}]
                        """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("suites/tools.yaml:3:17: invalid JSON Schema: ")
                .hasMessageEndingWith(" Fix the tool; docs/tools.md shows one.");
    }

    @Test
    void refuses_parameters_that_are_not_an_object_schema() {
        assertRejected(
                """
                tools: [{name: get_weather, parameters: {type: string}}]
                prompts: ["Weather?"]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:1:41: tool 'get_weather': 'parameters' must be a JSON Schema of an object, such as"
                        + " '{type: object, properties: {city: {type: string}}, required: [city]}' (vendors take no"
                        + " other), found type 'string'. Fix the tool; docs/tools.md shows one.");
    }

    @Test
    void refuses_a_tool_name_vendors_refuse() {
        assertRejected(
                """
                tools: [{name: "get weather"}]
                prompts: ["Weather?"]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:1:16: a tool's 'name' must be a letter or '_' followed by at most 63 letters,"
                        + " digits, '_' or '-' (vendors refuse other names), found 'get weather'. Fix the tool;"
                        + " docs/tools.md shows one.");
    }

    @Test
    void refuses_a_tool_declared_twice() {
        assertRejected("""
                tools: [{name: a}, {name: a}]
                prompts: ["x"]
                providers: [{type: tooled}]
                """, "suites/tools.yaml:1:27: tool 'a' is declared twice. Give every tool its own name.");
    }

    @Test
    void refuses_a_tool_result_for_an_undeclared_tool_and_suggests_the_declared_one() {
        assertRejected(
                TOOLS + """
                prompts: ["Weather?"]
                cases: [{id: c, tool_results: {get_wether: {temp_c: 3}}}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:8:32: a tool result for an undeclared tool: unknown tool 'get_wether'. Did you"
                        + " mean 'get_weather'? Declare it under the top-level 'tools:', or use one of: get_weather,"
                        + " get_time.");
    }

    @Test
    void refuses_an_unknown_tool_in_a_prompts_tools() {
        assertRejected(
                TOOLS + """
                prompts: [{template: "x", tools: [get_tim]}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:7:35: unknown tool 'get_tim'. Did you mean 'get_time'? Declare it under the"
                        + " top-level 'tools:', or use one of: get_weather, get_time.");
    }

    @Test
    void refuses_an_unknown_tool_choice() {
        assertRejected(
                TOOLS + """
                prompts: [{template: "x", tool_choice: requird}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:7:40: 'tool_choice' must be auto, required, none or the name of a declared tool,"
                        + " found 'requird'. Did you mean 'required'? Declared tools: get_weather, get_time.");
    }

    @Test
    void refuses_a_tool_choice_naming_a_tool_the_prompt_does_not_declare() {
        assertRejected(
                TOOLS + """
                prompts: [{template: "x", tools: [get_time], tool_choice: get_weather}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:7:59: 'tool_choice: get_weather' names a tool this prompt does not declare. Add"
                        + " 'get_weather' to the prompt's 'tools', or choose one of: get_time.");
    }

    @Test
    void refuses_tools_on_a_prompt_of_a_suite_without_tools() {
        assertRejected(
                """
                prompts: [{template: "x", tool_choice: required}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:1:27: this prompt's 'tool_choice' refers to the suite's tools, but the suite"
                        + " declares none. Declare them under a top-level 'tools:' (see docs/tools.md), or remove this"
                        + " line.");
    }

    @Test
    void refuses_a_provider_type_that_cannot_send_tools_at_its_type_line_with_the_fix() {
        assertRejected(
                TOOLS + """
                prompts: ["x"]
                providers:
                  - type: test-fake
                """,
                "suites/tools.yaml:9:11: provider type 'test-fake' cannot declare tools to its model. Fix: add"
                        + " 'tools: none' to this provider (it then gets the prompts without their tools), or use a"
                        + " type that supports tool calling (openai, anthropic, gemini, ollama; see docs/tools.md)");
    }

    @Test
    void refuses_a_provider_tools_value_other_than_none() {
        assertRejected(
                TOOLS + """
                prompts: ["x"]
                providers: [{type: tooled, tools: [get_time]}]
                """,
                "suites/tools.yaml:8:35: a provider's 'tools' can only be 'none' (send it the prompts without their"
                        + " tools); the tools themselves are declared at the top of the suite.");
    }

    @Test
    void refuses_a_tool_call_assertion_expecting_an_undeclared_tool() {
        assertRejected(
                TOOLS + """
                prompts: ["x"]
                cases: [{assert: [{type: tool-call, value: get_wather}]}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:8:44: 'tool-call' expects a call of 'get_wather', which the suite does not declare."
                        + " unknown tool 'get_wather'. Did you mean 'get_weather'? Declare it under the top-level"
                        + " 'tools:', or use one of: get_weather, get_time.");
    }

    @Test
    void refuses_an_empty_tool_result() {
        assertRejected(
                TOOLS + """
                prompts: ["x"]
                cases: [{tool_results: {get_time: }}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:8:34: the result of 'get_time' is empty. Give the value the tool returns, e.g."
                        + " '{temp_c: 3}' or a text.");
    }

    @Test
    void refuses_tool_results_and_max_tool_rounds_in_a_suite_without_tools() {
        assertRejected(
                """
                prompts: ["x"]
                cases: [{tool_results: {get_time: "09:00"}}]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:2:24: 'tool_results' answers tool calls, but the suite declares no 'tools'. Declare"
                        + " them under a top-level 'tools:' (see docs/tools.md), or remove 'tool_results'.");
        assertRejected(
                """
                max_tool_rounds: 2
                prompts: ["x"]
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:1:1: 'max_tool_rounds' bounds the tool loop, but the suite declares no 'tools'."
                        + " Declare them (see docs/tools.md) or remove this line.");
    }

    @Test
    void refuses_a_message_with_the_tool_role() {
        assertRejected(
                """
                prompts:
                  - messages:
                      - {role: tool, content: "x"}
                providers: [{type: tooled}]
                """,
                "suites/tools.yaml:3:16: unknown role 'tool'. A message's role is one of: system, user, assistant.");
    }

    /** A provider type that sends tools, and records what it was asked to check. */
    private static final class ToolFactory implements ProviderFactory {
        final List<Tools> validated = new ArrayList<>();

        @Override
        public String type() {
            return "tooled";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of();
        }

        @Override
        public void validateTools(ProviderConfig config, Tools tools) {
            validated.add(tools);
        }

        @Override
        public Provider create(ProviderConfig config) throws ConfigException {
            throw new UnsupportedOperationException("not run in these tests");
        }
    }
}
