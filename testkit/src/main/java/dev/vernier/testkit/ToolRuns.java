package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Requests declaring tools sent one at a time straight to a provider (the runner does not time tool calls
 * yet), for end-to-end tests against a {@link StreamingSimulator} in tool-call mode: each turn's calls, and
 * when each call was complete and the first output came, measured from the request's first byte written
 * ({@link RecordingSink#writingNanos()}: the harness's t_send).
 */
public final class ToolRuns {

    private ToolRuns() {}

    /**
     * The script of the tool timing tests: {@code get_weather} with arguments made from its schema in 4 pieces
     * (events 0-4), then {@code get_time} with {@code {"timezone":"Europe/Paris"}} in 6 pieces (events 5-11).
     * On {@link TimedRuns#reasoningSchedule()} (100 ms, then 10 ms apart) the calls are complete at 140 and
     * 210 ms.
     */
    public static final SimulatedToolCalls TWO_CALLS = SimulatedToolCalls.of(
            SimulatedToolCalls.call(null, null, 4),
            SimulatedToolCalls.call("get_time", "{\"timezone\":\"Europe/Paris\"}", 6));

    /**
     * One request's observation.
     *
     * @param completion       what the provider reported
     * @param calls            the calls reported whole, in order
     * @param callNanos        when each call was reported whole, ns after t_send
     * @param firstOutputNanos when the first output of any kind came, ns after t_send
     * @param text             the answer text
     */
    public record Turn(
            Completion completion, List<ToolCall> calls, List<Long> callNanos, long firstOutputNanos, String text) {}

    /** Sends {@code request} once and waits for it (20 s at most). */
    public static Turn send(Provider provider, GenerationRequest request) throws Exception {
        RecordingSink sink = new RecordingSink();
        Completion c = provider.generate(request, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        long t0 = sink.writingNanos();
        List<Long> calls = sink.toolCallNanos().stream().map(t -> t - t0).toList();
        return new Turn(c, sink.toolCalls(), calls, sink.firstOutputNanos() - t0, sink.text());
    }

    /**
     * After the {@linkplain #jitWarmup JIT warm-up} and {@code warmups} requests not kept, sends
     * {@code measured} copies of {@code request} one after another and returns their turns.
     */
    public static List<Turn> measure(Provider provider, GenerationRequest request, int warmups, int measured)
            throws Exception {
        jitWarmup(provider, request);
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < warmups + measured; i++) {
            Turn t = send(provider, request.withId("tools" + i));
            if (i >= warmups) {
                turns.add(t);
            }
        }
        return turns;
    }

    /**
     * Compiles the tool-call path before anything is timed: {@value #JIT_ROUNDS} rounds of {@value
     * #JIT_CONCURRENCY} copies of {@code request} at once, straight to the provider. Like {@link
     * TimedRuns#jitWarmup}, whose requests declare no tools: with only that warm-up the first output of a tool
     * answer came about 0.2 ms later than a text answer's here (the tool-call decoding still partly
     * interpreted), a fifth of the tolerance.
     */
    static void jitWarmup(Provider provider, GenerationRequest request) throws Exception {
        for (int round = 0; round < JIT_ROUNDS; round++) {
            List<CompletableFuture<Completion>> running = new ArrayList<>();
            for (int i = 0; i < JIT_CONCURRENCY; i++) {
                running.add(provider.generate(request.withId("jit" + round + "-" + i), new RecordingSink())
                        .toCompletableFuture());
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    static final int JIT_ROUNDS = 6;
    static final int JIT_CONCURRENCY = 64;

    /**
     * Sends the loop's next request ({@code question}, the assistant message making {@code turn}'s calls and a
     * result for each, {@link WeatherTools#answered}) and asserts that it succeeds with the simulator's text
     * answer and no call.
     *
     * @return the answer's turn
     */
    public static Turn assertResultsGetTheText(
            Provider provider, StreamingSimulator simulator, GenerationRequest question, Turn turn) throws Exception {
        Turn answer = send(provider, WeatherTools.answered(question, turn.calls()));
        assertThat(answer.completion().failure()).isNull();
        assertThat(answer.calls()).isEmpty();
        assertThat(answer.completion().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.text())
                .isEqualTo(String.join(
                        "", simulator.expectedTokens(simulator.config().tokens())));
        return answer;
    }

    /**
     * Asserts that every turn succeeded with {@code callsMs.length} calls, that the median time of the first
     * output is within 1 ms of {@code firstOutputMs} and that of call {@code k} within 1 ms of
     * {@code callsMs[k]} (the tolerance of {@link TimedRuns#assertOnSchedule}).
     */
    public static void assertOnSchedule(List<Turn> turns, double firstOutputMs, double... callsMs) {
        assertThat(turns).allSatisfy(t -> {
            assertThat(t.completion().failure()).isNull();
            assertThat(t.calls()).hasSize(callsMs.length);
        });
        assertThat(medianMs(turns, Turn::firstOutputNanos))
                .as("first output, ns per request " + values(turns, Turn::firstOutputNanos))
                .isCloseTo(firstOutputMs, within(1.0));
        for (int k = 0; k < callsMs.length; k++) {
            int call = k;
            ToLongFunction<Turn> time = t -> t.callNanos().get(call);
            assertThat(medianMs(turns, time))
                    .as("call " + k + " complete, ns per request " + values(turns, time))
                    .isCloseTo(callsMs[k], within(1.0));
        }
    }

    private static double medianMs(List<Turn> turns, ToLongFunction<Turn> nanos) {
        long[] v = turns.stream().mapToLong(nanos).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
        return median / 1e6;
    }

    private static String values(List<Turn> turns, ToLongFunction<Turn> nanos) {
        return Arrays.toString(turns.stream().mapToLong(nanos).toArray());
    }
}
