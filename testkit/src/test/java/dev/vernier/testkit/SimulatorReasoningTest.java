package dev.vernier.testkit;

import static dev.vernier.testkit.SimulatorEvents.events;
import static dev.vernier.testkit.SimulatorEvents.median;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.testkit.SimulatorEvents.Event;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's reasoning modes, per dialect: reasoning events first, in the vendor's own format,
 * on the schedule (reasoning slot i at ttft + i x delay, answer token j at ttft + (R + j) x delay), and
 * the reasoning billed as output. Each chunk is one event, so chunk arrival times are event times.
 */
class SimulatorReasoningTest {

    private StreamingSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private RawHttpClient.Response post(SimulatedReasoning reasoning, String path, String body) throws IOException {
        return posts(reasoning, path, body, 1).get(0);
    }

    /** {@code n} responses to the same request (see {@link SimulatorEvents#posts}). */
    private List<RawHttpClient.Response> posts(SimulatedReasoning reasoning, String path, String body, int n)
            throws IOException {
        simulator = new StreamingSimulator(SimulatorEvents.schedule(), reasoning);
        simulator.start();
        return SimulatorEvents.posts(simulator, path, body, n);
    }

    /** The events of 7 responses to the same request (see {@link #posts}). */
    private List<List<Event>> runs(SimulatedReasoning reasoning, String path, String body) throws IOException {
        return SimulatorEvents.runs(posts(reasoning, path, body, 7));
    }

    /** Each Anthropic event's type, with its delta's type appended ({@code content_block_deltatext_delta}). */
    static List<String> anthropicTypes(List<Event> events) {
        return events.stream()
                .map(e -> e.data().path("type").asText()
                        + e.data().path("delta").path("type").asText(""))
                .toList();
    }

    private static final String CHAT = "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"two"
            + " plus two\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    @Test
    void openai_streams_reasoning_content_deltas_then_the_answer_and_bills_reasoning_tokens() throws Exception {
        List<List<Event>> runs = runs(SimulatedReasoning.streamed(4), "/v1/chat/completions", CHAT);
        List<Event> events = runs.get(0);

        List<Event> thoughts = thoughts(events);
        List<Event> answer = answer(events);
        assertThat(thoughts).hasSize(4);
        assertThat(thoughts.get(0)
                        .data()
                        .at("/choices/0/delta/reasoning_content")
                        .asText())
                .isEqualTo("Let");
        assertThat(answer).hasSize(3);
        assertThat(median(runs, e -> thoughts(e).get(0).atMs())).isBetween(40.0, 60.0);
        assertThat(median(
                        runs, e -> answer(e).get(0).atMs() - thoughts(e).get(0).atMs()))
                .isBetween(17.0, 23.0); // 4 slots of 5 ms
        JsonNode usage = events.get(events.size() - 1).data().path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(7);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt())
                .isEqualTo(4);
    }

    private static List<Event> thoughts(List<Event> events) {
        return events.stream()
                .filter(e -> e.data().at("/choices/0/delta/reasoning_content").isTextual())
                .toList();
    }

    private static List<Event> answer(List<Event> events) {
        return events.stream()
                .filter(e -> !e.data().at("/choices/0/delta/content").asText("").isEmpty())
                .toList();
    }

    @Test
    void hidden_reasoning_sends_no_reasoning_but_delays_the_answer_and_bills_it() throws Exception {
        List<List<Event>> runs = runs(SimulatedReasoning.hidden(10), "/v1/chat/completions", CHAT);
        List<Event> events = runs.get(0);

        assertThat(events)
                .noneMatch(
                        e -> e.data().at("/choices/0/delta/reasoning_content").isTextual());
        assertThat(median(runs, e -> answer(e).get(0).atMs())).isBetween(89.0, 110.0); // 40 + 10 x 5
        assertThat(events.get(events.size() - 1)
                        .data()
                        .at("/usage/completion_tokens_details/reasoning_tokens")
                        .asInt())
                .isEqualTo(10);
    }

    @Test
    void ollama_streams_thinking_lines_then_content_and_counts_both_in_eval_count() throws Exception {
        List<Event> events = events(post(
                SimulatedReasoning.streamed(2),
                "/api/chat",
                "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        assertThat(events.get(0).data().at("/message/thinking").asText()).isEqualTo("Let");
        assertThat(events.get(1).data().at("/message/thinking").asText()).isEqualTo(" me");
        assertThat(events.get(2).data().at("/message/content").asText()).isEqualTo("the");
        JsonNode done = events.get(events.size() - 1).data();
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("eval_count").asInt()).isEqualTo(5);
    }

    @Test
    void anthropic_streams_a_thinking_block_with_a_signature_then_a_text_block() throws Exception {
        List<List<Event>> runs = runs(
                SimulatedReasoning.summary(8, 2),
                "/v1/messages",
                "{\"model\":\"sim-model\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}");
        List<Event> events = runs.get(0);

        assertThat(anthropicTypes(events))
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_deltathinking_delta",
                        "content_block_deltathinking_delta",
                        "content_block_deltasignature_delta",
                        "content_block_stop",
                        "content_block_start",
                        "ping",
                        "content_block_deltatext_delta",
                        "content_block_deltatext_delta",
                        "content_block_deltatext_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        // two summary events over 8 reasoning slots: at slots 0 and 4 (20 ms apart)
        assertThat(median(runs, e -> e.get(3).atMs() - e.get(2).atMs())).isBetween(17.0, 23.0);
        assertThat(events.get(events.size() - 2)
                        .data()
                        .at("/usage/output_tokens")
                        .asInt())
                .isEqualTo(11);
    }

    @Test
    void gemini_streams_thought_parts_then_text_and_reports_thoughts_apart_from_candidates() throws Exception {
        List<Event> events = events(post(
                SimulatedReasoning.streamed(3),
                "/v1beta/models/sim-model:streamGenerateContent?alt=sse",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"two plus two\"}]}],"
                        + "\"generationConfig\":{\"maxOutputTokens\":64}}"));

        assertThat(events.subList(0, 3))
                .allSatisfy(e -> assertThat(e.data()
                                .at("/candidates/0/content/parts/0/thought")
                                .asBoolean())
                        .isTrue());
        assertThat(events.get(3).data().at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("the");
        JsonNode last = events.get(events.size() - 1).data();
        assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(last.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
        assertThat(last.at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(3);
        assertThat(last.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3);
    }

    @Test
    void without_reasoning_anthropic_and_gemini_answer_on_the_plain_schedule() throws Exception {
        List<List<Event>> runs = runs(
                SimulatedReasoning.NONE,
                "/v1/messages",
                "{\"model\":\"sim-model\",\"max_tokens\":2,\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}");
        List<Event> events = runs.get(0);

        assertThat(events)
                .noneMatch(e -> e.data().path("delta").path("type").asText().equals("thinking_delta"));
        assertThat(median(
                        runs,
                        e -> e.stream()
                                .filter(x -> x.data()
                                        .path("delta")
                                        .path("type")
                                        .asText()
                                        .equals("text_delta"))
                                .findFirst()
                                .orElseThrow()
                                .atMs()))
                .isBetween(39.0, 55.0);
        assertThat(events.get(events.size() - 2).data().at("/delta/stop_reason").asText())
                .isEqualTo("max_tokens");
    }

    @Test
    void a_requested_effort_scales_the_reasoning_a_quarter_at_low_half_at_medium() throws Exception {
        String low = CHAT.replace("\"stream\":true", "\"stream\":true,\"reasoning_effort\":\"low\"");
        List<Event> events = events(post(SimulatedReasoning.hidden(20), "/v1/chat/completions", low));

        assertThat(events.get(events.size() - 1)
                        .data()
                        .at("/usage/completion_tokens_details/reasoning_tokens")
                        .asInt())
                .isEqualTo(5);
        assertThat(SimulatedReasoning.summary(20, 8).forEffort("medium")).isEqualTo(SimulatedReasoning.summary(10, 8));
        assertThat(SimulatedReasoning.streamed(2).forEffort("low")).isEqualTo(SimulatedReasoning.streamed(1));
        assertThat(SimulatedReasoning.streamed(8).forEffort(null)).isEqualTo(SimulatedReasoning.streamed(8));
    }
}
