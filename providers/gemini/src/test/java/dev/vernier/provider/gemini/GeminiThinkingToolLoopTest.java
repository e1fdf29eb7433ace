package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ToolCall;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator reasoning with tools: the first of its parallel calls carries a
 * thought signature, and it refuses (400) the request carrying the results unless that signature is back
 * on the first function call, as Gemini 3 does. The provider's replay state is what makes the loop
 * finish.
 */
class GeminiThinkingToolLoopTest {

    private static GenerationRequest results(String id, List<ToolCall> calls, String replayState) {
        List<Message> more = new ArrayList<>();
        more.add(Message.assistant("", calls, replayState));
        more.add(Message.toolResult(calls.get(0), "{\"temp_c\": 18}"));
        more.add(Message.toolResult(calls.get(1), "14:05"));
        return ToolCallRuns.request(id).continuedWith(more);
    }

    private static Completion send(Provider provider, GenerationRequest request, RecordingSink sink) throws Exception {
        return provider.generate(request, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void a_thinking_tool_loop_finishes_with_the_replayed_signature_and_is_refused_without_it() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(
                SimulatorConfig.defaults(), null, SimulatedReasoning.streamed(8), ToolCallRuns.SCRIPT)) {
            simulator.start();
            try (Provider provider = new GeminiProviderFactory()
                    .create(new ProviderConfig(
                            "gemini",
                            null,
                            Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                            Path.of("."),
                            Map.of("GEMINI_API_KEY", "AIza-sim-0123456789")::get))) {
                RecordingSink first = new RecordingSink();
                Completion calling = send(provider, ToolCallRuns.request("r0"), first);

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
                assertThat(refused.failure().message()).contains("missing its thought_signature");
            }
        }
    }
}
