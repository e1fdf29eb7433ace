package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.SampleJson;
import dev.vernier.core.metrics.ConversationSummary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.session.RunHistory;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.ScriptTurn;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.suite.ToolResults;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.TestSuites;
import dev.vernier.core.testing.ToolCallingProvider;
import dev.vernier.core.testing.ToolCallingProvider.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tool calls through the runner: each call captured with its completion time, tool pieces counted as
 * output, and the mocked loop (call, result, final answer) run as turns of a conversation.
 */
@Timeout(20)
class RunnerToolsTest {

    private final FakeClock clock = new FakeClock();
    private static final ToolCall PARIS = new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}");

    private static Tools tools() throws Exception {
        JsonNode params = JsonSchemas.MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        return new Tools(
                List.of(ToolSpec.of("get_weather", "weather", params), ToolSpec.of("get_time", "time", null)),
                ToolChoice.AUTO);
    }

    /** The weather prompt for cases {@code ids}, each with {@code results} (null: no loop) and {@code turns}. */
    private static Suite suite(int concurrency, ToolResults results, List<ScriptTurn> turns, String... ids)
            throws Exception {
        return suite(null, concurrency, results, turns, ids);
    }

    /** The same, the prompt asking for {@code schema} (null: free text). */
    private static Suite suite(
            ResponseSchema schema, int concurrency, ToolResults results, List<ScriptTurn> turns, String... ids)
            throws Exception {
        PromptTemplate prompt = new PromptTemplate("weather", "Weather in Paris?", null)
                .withTools(tools())
                .withResponseSchema(schema);
        List<TestCase> cases = new ArrayList<>();
        for (String id : ids) {
            cases.add(new TestCase(id, "", Map.of(), List.of(), 1.0, turns, results));
        }
        return TestSuites.of(List.of(prompt), cases, 64, 1, 0, concurrency, Duration.ofSeconds(5));
    }

    private static ToolResults weather(int maxRounds) {
        return new ToolResults(
                Map.of("get_weather", new ToolResults.Results(List.of("{\"temp_c\":3}"), false)), maxRounds);
    }

    /** Calls get_weather when the last message is the user's; answers from the result otherwise. */
    private static final Function<GenerationRequest, Answer> CALL_THEN_ANSWER = r -> {
        Message last = r.messages().get(r.messages().size() - 1);
        return last.role() == Message.Role.TOOL ? Answer.text("It is " + last.content() + " ") : Answer.calls(PARIS);
    };

    private List<Sample> run(Suite suite, ToolCallingProvider provider) throws InterruptedException {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        new Runner(clock, suite.load(), suite.timeout(), Map.of(), Set.of(), 1)
                .run(RunPlan.expand(suite, List.of("tools")), Map.of("tools", provider), samples::add);
        return samples;
    }

    @Test
    void captures_each_call_with_its_completion_time_and_counts_tool_pieces_as_first_output() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, r -> Answer.calls(PARIS));
        List<Sample> samples = run(suite(1, null, List.of(), "a"), provider);

        assertThat(samples).hasSize(1);
        Sample s = samples.get(0);
        assertThat(s.turn()).as("no mocked results: a single request").isNull();
        assertThat(s.toolCalls()).extracting(TimedToolCall::call).containsExactly(PARIS);
        assertThat(s.toolCalls().get(0).nanos()).as("whole 6 ms after t_send").isEqualTo(6_000_000L);
        assertThat(s.ttftNanos()).as("the piece with its name, at 3 ms").isEqualTo(3_000_000L);
        assertThat(s.firstToolCallNanos()).isEqualTo(6_000_000L);
        assertThat(s.e2eNanos()).isEqualTo(6_000_000L);
        assertThat(s.toolChunkNanos()).containsExactly(3_000_000L, 4_000_000L, 5_000_000L);
        assertThat(s.tpotNanos())
                .as("billed output mixes argument tokens: no TPOT")
                .isEqualTo(-1);
        assertThat(s.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(s.toolsDeclared()).isEqualTo(2);
        assertThat(s.toolCalls().get(0).valid())
                .as("checked against the declared tools")
                .isTrue();
        assertThat(provider.requests.get(0).tools()).isEqualTo(tools());
    }

    @Test
    void a_call_whose_arguments_break_the_schema_is_recorded_as_invalid_with_the_reason() throws Exception {
        ToolCall bad = new ToolCall("c1", "get_weather", "{\"town\":\"Paris\"}");
        ToolCall undeclared = new ToolCall("c2", "get_news", "{}");
        List<Sample> samples = run(
                suite(1, null, List.of(), "a"),
                new ToolCallingProvider("tools", clock, r -> Answer.calls(bad, undeclared)));

        List<TimedToolCall> calls = samples.get(0).toolCalls();
        assertThat(calls).extracting(TimedToolCall::valid).containsExactly(false, false);
        assertThat(calls.get(0).check().problem())
                .startsWith("arguments do not match the schema of 'get_weather': ")
                .contains("city");
        assertThat(calls.get(1).check().problem()).isEqualTo("the model called 'get_news', which is not declared");
        assertThat(calls.get(1).nanos())
                .as("second call whole 12 ms after t_send")
                .isEqualTo(12_000_000L);
    }

    @Test
    void the_loop_sends_the_calls_and_their_mocked_results_and_records_each_round_as_a_turn() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER);
        List<Sample> samples = run(suite(1, weather(3), List.of(), "a"), provider);

        assertThat(provider.requests).hasSize(2);
        assertThat(provider.requests.get(1).messages())
                .containsExactly(
                        Message.user("Weather in Paris?"),
                        Message.assistant("", List.of(PARIS)),
                        Message.toolResult(PARIS, "{\"temp_c\":3}"));
        assertThat(provider.requests.get(1).tools()).isEqualTo(tools());
        assertThat(samples).hasSize(2);
        assertThat(samples)
                .extracting(Sample::turn)
                .containsExactly(new Turn("a/weather/r0", 0, 1, 0, false), new Turn("a/weather/r0", 0, 1, 1, true));
        assertThat(samples.get(1).text()).isEqualTo("It is {\"temp_c\":3} ");
        assertThat(samples.get(1).toolCalls()).isEmpty();
        assertThat(samples.get(1).tpotNanos())
                .as("a text answer keeps its TPOT")
                .isEqualTo(1_000_000.0);
        assertThat(samples).extracting(Sample::note).containsOnlyNulls();
        assertThat(samples).extracting(Sample::seq).doesNotHaveDuplicates();
    }

    @Test
    void with_a_response_schema_only_the_final_answer_is_checked_against_it_not_the_round_that_called_tools()
            throws Exception {
        ResponseSchema schema = ResponseSchema.of(
                "temp", JsonSchemas.MAPPER.readTree("{\"type\":\"object\",\"required\":[\"temp_c\"]}"));
        Suite suite = suite(schema, 1, weather(3), List.of(), "a");
        Function<GenerationRequest, Answer> callThenJson = r -> {
            Message last = r.messages().get(r.messages().size() - 1);
            return last.role() == Message.Role.TOOL ? Answer.text(last.content()) : Answer.calls(PARIS);
        };

        List<Sample> samples = run(suite, new ToolCallingProvider("tools", clock, callThenJson));

        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).schemaCheck())
                .as("the round that called a tool")
                .isNull();
        assertThat(samples.get(1).schemaCheck()).as("the final answer").isEqualTo(SchemaCheck.VALID);
    }

    @Test
    void under_a_closed_loop_a_tool_loop_holds_its_slot_until_its_final_answer() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER);
        run(suite(1, weather(3), List.of(), "a", "b"), provider);

        assertThat(provider.requests)
                .extracting(r -> r.messages().get(r.messages().size() - 1).role())
                .containsExactly(Message.Role.USER, Message.Role.TOOL, Message.Role.USER, Message.Role.TOOL);
    }

    @Test
    void a_call_without_a_mocked_result_ends_the_loop_with_a_note_and_the_later_turns_are_not_run() throws Exception {
        ToolCall time = new ToolCall("t1", "get_time", "{}");
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, r -> Answer.calls(PARIS, time));
        List<Sample> samples =
                run(suite(1, weather(3), List.of(new ScriptTurn("And tomorrow?", List.of())), "a"), provider);

        assertThat(provider.requests).hasSize(1);
        assertThat(samples).hasSize(2);
        Sample first = samples.get(0);
        assertThat(first.succeeded()).isTrue();
        assertThat(first.turn().lastRound()).isTrue();
        assertThat(first.note())
                .isEqualTo("the tool loop stopped: the case has no mocked result for call 2 ('get_time'); add one"
                        + " under the case's 'tool_results'");
        Sample later = samples.get(1);
        assertThat(later.failure().kind()).isEqualTo(FailureKind.NOT_RUN);
        assertThat(later.failure().message())
                .isEqualTo("not run: turn 0 of this conversation ended without an answer (" + first.note() + ")");
    }

    @Test
    void the_loop_ends_after_max_tool_rounds_with_a_note() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, r -> Answer.calls(PARIS));
        List<Sample> samples = run(suite(1, weather(2), List.of(), "a"), provider);

        assertThat(provider.requests)
                .as("the prompt, then two rounds of results")
                .hasSize(3);
        assertThat(samples).extracting(s -> s.turn().round()).containsExactly(0, 1, 2);
        assertThat(samples).extracting(s -> s.turn().lastRound()).containsExactly(false, false, true);
        assertThat(samples.get(2).note())
                .isEqualTo("the tool loop stopped after max_tool_rounds (2) rounds, and the model still called"
                        + " 'get_weather'");
        assertThat(provider.requests.get(2).messages()).hasSize(5);
    }

    @Test
    void after_the_final_answer_the_next_user_turn_follows_the_whole_history() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER);
        List<Sample> samples =
                run(suite(1, weather(3), List.of(new ScriptTurn("And tomorrow?", List.of())), "a"), provider);

        assertThat(samples)
                .extracting(s -> s.turn().index() + "." + s.turn().round())
                .containsExactly("0.0", "0.1", "1.0", "1.1");
        GenerationRequest third = provider.requests.get(2);
        assertThat(third.messages())
                .containsExactly(
                        Message.user("Weather in Paris?"),
                        Message.assistant("", List.of(PARIS)),
                        Message.toolResult(PARIS, "{\"temp_c\":3}"),
                        Message.assistant("It is {\"temp_c\":3} "),
                        Message.user("And tomorrow?"));
        assertThat(third.tools()).isEqualTo(tools());
        assertThat(samples.get(3).turn().last()).isTrue();
    }

    @Test
    void resume_counts_a_tool_loop_done_only_once_its_last_round_is_in_the_journal() throws Exception {
        List<Sample> samples =
                run(suite(1, weather(3), List.of(), "a"), new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER));

        RunHistory partial = new RunHistory(new Journal.Contents(List.of(samples.get(0)), List.of(), false));
        assertThat(partial.completed()).as("killed after the first round").isEmpty();
        RunHistory whole = new RunHistory(new Journal.Contents(samples, List.of(), false));
        assertThat(whole.completed()).containsExactly(samples.get(0).key());
    }

    @Test
    void a_tool_loop_is_one_conversation_whose_requests_are_its_rounds() throws Exception {
        List<Sample> samples =
                run(suite(1, weather(3), List.of(), "a"), new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER));

        List<ConversationSummary> conversations = ConversationSummary.of(samples);
        assertThat(conversations).hasSize(1);
        ConversationSummary c = conversations.get(0);
        assertThat(c.turns()).isEqualTo(2);
        assertThat(c.sent()).isEqualTo(2);
        assertThat(c.succeeded()).isEqualTo(2);
        assertThat(c.e2eSumNanos())
                .as("6 ms for the call; 4 ms, then 1 ms for each of the answer's two further words")
                .isEqualTo(12_000_000L);
        assertThat(c.inputTokens())
                .as("the history grows by the call and its result")
                .containsExactly(1L, 3L);
    }

    @Test
    void calls_survive_the_journal_round_trip_with_untrusted_text_escaped() throws Exception {
        ToolCall odd = new ToolCall("c\"1", "get_weather", "{\"city\":\"</script><b>\\u0000\\\"x\"}\ud800");
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, r -> Answer.calls(odd));
        List<Sample> samples = run(suite(1, weather(1), List.of(), "a"), provider);
        Sample s = samples.get(samples.size() - 1);

        String line = SampleJson.write(s);
        assertThat(line).doesNotContain("\n");
        Sample back = SampleJson.read(line);
        assertThat(back.toolCalls()).isEqualTo(s.toolCalls());
        assertThat(back.toolChunkNanos()).isEqualTo(s.toolChunkNanos());
        assertThat(back.turn()).isEqualTo(s.turn());
        assertThat(back.note()).isEqualTo(s.note()).isNotNull();
        assertThat(back.toolsDeclared()).isEqualTo(2);
        assertThat(back.ttftNanos()).isEqualTo(s.ttftNanos());
        assertThat(s.toolCalls().get(0).call().arguments())
                .as("the unpaired surrogate replaced, the repair noted")
                .endsWith("\ufffd");
        assertThat(s.repairs().byField()).containsKey("tool_calls.0.arguments");
        assertThat(SampleJson.read(SampleJson.write(samples.get(0))).turn().lastRound())
                .isFalse();
    }

    @Test
    void the_replay_state_of_each_answer_goes_back_with_it_in_the_next_round_and_the_next_turn_but_not_the_journal()
            throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, r -> {
            Message last = r.messages().get(r.messages().size() - 1);
            return last.role() == Message.Role.TOOL
                    ? Answer.text("It is mild ").withReplayState("{\"answer\":\"signed\"}")
                    : last.content().equals("Weather in Paris?")
                            ? Answer.calls(PARIS).withReplayState("[{\"type\":\"thinking\",\"signature\":\"s1\"}]")
                            : Answer.text("Same ");
        });
        List<Sample> samples =
                run(suite(1, weather(3), List.of(new ScriptTurn("And tomorrow?", List.of())), "a"), provider);

        assertThat(provider.requests).hasSize(3);
        assertThat(provider.requests.get(1).messages().get(1))
                .as("the tool round's assistant message carries the calling answer's state")
                .isEqualTo(Message.assistant("", List.of(PARIS), "[{\"type\":\"thinking\",\"signature\":\"s1\"}]"));
        assertThat(provider.requests.get(2).messages())
                .extracting(Message::replayState)
                .as("the next user turn keeps every earlier answer's state in the history")
                .containsExactly(
                        null, "[{\"type\":\"thinking\",\"signature\":\"s1\"}]", null, "{\"answer\":\"signed\"}", null);
        assertThat(samples)
                .extracting(Sample::replayState)
                .containsExactly("[{\"type\":\"thinking\",\"signature\":\"s1\"}]", "{\"answer\":\"signed\"}", null);
        String line = SampleJson.write(samples.get(0));
        assertThat(line)
                .as("not journaled: a resumed conversation is sent again whole")
                .doesNotContain("s1");
        assertThat(SampleJson.read(line).replayState()).isNull();
    }

    @Test
    void an_answer_without_replay_state_leaves_the_next_requests_as_before() throws Exception {
        ToolCallingProvider provider = new ToolCallingProvider("tools", clock, CALL_THEN_ANSWER);
        List<Sample> samples = run(suite(1, weather(3), List.of(), "a"), provider);

        assertThat(samples).extracting(Sample::replayState).containsOnlyNulls();
        assertThat(provider.requests.get(1).messages())
                .extracting(Message::replayState)
                .containsOnlyNulls();
    }
}
