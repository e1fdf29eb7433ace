package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The end-to-end check of tool calling shared by the HTTP providers whose simulator dialect has a
 * tool-call mode: requests declaring two tools, answered with {@link #SCRIPT} on the
 * {@link TimedRuns#reasoningSchedule()} (100 ms to slot 0, 10 ms a slot). The script's first call
 * ({@code get_weather}, two argument pieces) is complete at slot 2 (120 ms), its second
 * ({@code get_time}, one piece) at slot 4 (140 ms). Each call's completion time is taken when the sink
 * hears of it ({@code onToolCall}), measured from the moment the simulator read the request, so it
 * excludes the client's send as the simulator's schedule does.
 */
public final class ToolCallRuns {

    /** Two calls: get_weather with {@code {"city": "Paris"}} in two pieces, get_time with {@code {}}. */
    public static final SimulatedToolCalls SCRIPT = SimulatedToolCalls.of(
            SimulatedToolCalls.call("get_weather", "{\"city\": \"Paris\"}", 2),
            SimulatedToolCalls.call("get_time", "{}", 1));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Measured requests per run. More than the 9 of {@link TimedRuns}: on this 2-core machine, shared
     * with other builds, a median of 9 was once 1.7 ms late with four of them within 0.5 ms.
     */
    static final int MEASURED = 15;

    /** Rounds of 48 concurrent requests that compile the path before anything is timed (384 requests). */
    static final int JIT_ROUNDS = 8;

    private ToolCallRuns() {}

    /** The parameters of get_weather: a required {@code city} string. */
    public static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    /** get_weather ("Current weather in a city", {@link #WEATHER_SCHEMA}) and get_time (no description, no arguments). */
    public static Tools tools(ToolChoice choice) {
        try {
            return new Tools(
                    List.of(
                            ToolSpec.of("get_weather", "Current weather in a city", JSON.readTree(WEATHER_SCHEMA)),
                            ToolSpec.of("get_time", "", null)),
                    choice);
        } catch (ConfigException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #tools(ToolChoice)}, the model choosing. */
    public static Tools tools() {
        return tools(ToolChoice.AUTO);
    }

    /** A request asking for the weather and the time, declaring {@link #tools()}. */
    public static GenerationRequest request(String id) {
        return new GenerationRequest(id, "Weather in Paris, and the time?", null, 0.0, 256, null).withTools(tools());
    }

    /**
     * One request's outcome.
     *
     * @param completion    what the provider returned
     * @param calls         the finished calls, in order
     * @param firstOutputMs the first output of any kind, ms after the simulator read the request
     * @param doneMs        each call's completion, ms after the simulator read the request
     * @param text          the answer's text
     */
    public record Timed(
            Completion completion, List<ToolCall> calls, double firstOutputMs, double[] doneMs, String text) {}

    /** Sends {@code request} and times it against the simulator's arrival time (one request at a time). */
    public static Timed send(Provider provider, StreamingSimulator simulator, GenerationRequest request)
            throws Exception {
        long origin = System.nanoTime();
        RecordingSink sink = new RecordingSink(); // its origin is a few microseconds after this one
        Completion completion =
                provider.generate(request, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        long arrivedAfter = simulator.lastArrivalNanos() - origin;
        double[] done = sink.toolCallNanos().stream()
                .mapToDouble(n -> (n - arrivedAfter) / 1e6)
                .toArray();
        return new Timed(
                completion, sink.toolCalls(), (sink.firstOutputNanos() - arrivedAfter) / 1e6, done, sink.text());
    }

    /**
     * Against a simulator answering {@link #SCRIPT} on the reasoning schedule: a JIT warm-up
     * ({@value #JIT_ROUNDS} rounds of 48 requests at a time), 10 sequential warm-ups, then
     * {@value #MEASURED} measured requests, whose outcomes are
     * returned; then asserts that a second request carrying the calls and their results gets the text
     * answer.
     */
    public static List<Timed> run(StructuredRuns.ProviderFor providers) throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), SCRIPT)) {
            simulator.start();
            try (Provider provider = providers.open(simulator)) {
                for (int round = 0; round < JIT_ROUNDS; round++) {
                    List<CompletableFuture<Completion>> warm = new ArrayList<>();
                    for (int i = 0; i < 48; i++) {
                        warm.add(provider.generate(request("j" + round + "-" + i), new RecordingSink())
                                .toCompletableFuture());
                    }
                    CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new))
                            .get(20, TimeUnit.SECONDS);
                }
                List<Timed> measured = new ArrayList<>();
                for (int i = 0; i < 10 + MEASURED; i++) {
                    Timed t = send(provider, simulator, request("t" + i));
                    if (i >= 10) {
                        measured.add(t);
                    }
                }
                assertAnswersAfterResults(provider, simulator, measured.get(0).calls());
                return measured;
            }
        }
    }

    /** A second request with the calls and a result for each is answered with text, not calls. */
    private static void assertAnswersAfterResults(Provider provider, StreamingSimulator simulator, List<ToolCall> calls)
            throws Exception {
        List<Message> more = new ArrayList<>();
        more.add(Message.assistant("", calls));
        more.add(Message.toolResult(calls.get(0), "{\"temp_c\": 18}"));
        more.add(Message.toolResult(calls.get(1), "14:05"));
        Timed second = send(provider, simulator, request("second").continuedWith(more));

        assertThat(second.completion().failure()).isNull();
        assertThat(second.completion().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(second.calls()).isEmpty();
        assertThat(second.text())
                .isEqualTo(String.join(
                        "", simulator.expectedTokens(simulator.config().tokens())));
    }

    /**
     * Asserts every measured request made the script's two calls and finished with TOOL_CALL, and that
     * the medians of the first output and of each call's completion are within 1 ms of
     * {@code firstOutputMs}, 120 ms and 140 ms.
     */
    public static void assertCallsOnSchedule(List<Timed> runs, double firstOutputMs) {
        assertThat(runs).hasSize(MEASURED).allSatisfy(t -> {
            assertThat(t.completion().failure()).isNull();
            assertThat(t.completion().finishReason()).isEqualTo(FinishReason.TOOL_CALL);
            assertThat(t.calls()).extracting(ToolCall::name).containsExactly("get_weather", "get_time");
            // as JSON: Gemini sends args as an object, which the provider writes out again
            assertThat(t.calls())
                    .extracting(c -> JSON.readTree(c.arguments()))
                    .containsExactly(JSON.readTree("{\"city\": \"Paris\"}"), JSON.createObjectNode());
            assertThat(t.calls().get(0).id()).isNotEqualTo(t.calls().get(1).id());
            assertThat(tools().check(t.calls().get(0)).valid()).isTrue();
        });
        assertMedian(runs, Timed::firstOutputMs, firstOutputMs, "first output");
        assertMedian(runs, t -> t.doneMs()[0], 120.0, "first call complete");
        assertMedian(runs, t -> t.doneMs()[1], 140.0, "second call complete");
    }

    private static void assertMedian(List<Timed> runs, ToDoubleFunction<Timed> figure, double expectedMs, String what) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        assertThat(values[values.length / 2])
                .as(what + ", ms per request " + Arrays.toString(values))
                .isCloseTo(expectedMs, within(1.0));
    }

    /**
     * A thinking tool loop against the simulator reasoning with tools (whose tool-call answer carries the
     * vendor's thinking state and which refuses, with 400, a results request that does not send it back):
     * the request that calls the script's two tools, the request carrying both results with the answer's
     * replay state, and the same without it. Asserts the calls, that the loop finishes with the state and
     * is refused without it, and that the refusal's message contains {@code refusal}.
     *
     * @return what the first (calling) request streamed, for the caller's own checks
     */
    public static RecordingSink assertThinkingLoopNeedsReplayState(StructuredRuns.ProviderFor providers, String refusal)
            throws Exception {
        try (StreamingSimulator simulator =
                new StreamingSimulator(SimulatorConfig.defaults(), null, SimulatedReasoning.streamed(8), SCRIPT)) {
            simulator.start();
            try (Provider provider = providers.open(simulator)) {
                RecordingSink first = new RecordingSink();
                Completion calling = send(provider, request("r0"), first);

                assertThat(calling.failure()).isNull();
                assertThat(calling.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
                assertThat(first.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather", "get_time");
                assertThat(first.replayStates()).hasSize(1);

                RecordingSink answer = new RecordingSink();
                Completion done = send(
                        provider,
                        results("r1", first.toolCalls(), first.replayStates().get(0)),
                        answer);

                assertThat(done.failure()).isNull();
                assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(answer.text()).isNotEmpty();

                Completion refused = send(provider, results("r2", first.toolCalls(), null), new RecordingSink());

                assertThat(refused.failure()).isNotNull();
                assertThat(refused.failure().httpStatus()).isEqualTo(400);
                assertThat(refused.failure().message()).contains(refusal);
                return first;
            }
        }
    }

    /** The script's two calls answered, the calls' assistant message carrying {@code replayState} (or none). */
    private static GenerationRequest results(String id, List<ToolCall> calls, String replayState) {
        List<Message> more = new ArrayList<>();
        more.add(Message.assistant("", calls, replayState));
        more.add(Message.toolResult(calls.get(0), "{\"temp_c\": 18}"));
        more.add(Message.toolResult(calls.get(1), "14:05"));
        return request(id).continuedWith(more);
    }

    private static Completion send(Provider provider, GenerationRequest request, RecordingSink sink) throws Exception {
        return provider.generate(request, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
