package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thought signatures, from the Gemini thought-signatures guide: a {@code thoughtSignature} beside a
 * {@code functionCall} (of parallel calls, only on the first) or on a text part (often an empty one at
 * the end of a stream) is reported as replay state, and an assistant message carrying that state puts
 * each signature back on the same part.
 */
class GeminiThoughtSignaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1beta/models/.*");

    @AfterEach
    void stop() {
        server.close();
    }

    private static GeminiProvider provider(String baseUrl) throws ConfigException {
        return (GeminiProvider) new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
                        null,
                        Map.of("model", "gemini-3-pro-preview", "base_url", baseUrl),
                        Path.of("."),
                        Map.of("GEMINI_API_KEY", "AIza-test-0123456789")::get,
                        null,
                        null,
                        null,
                        null));
    }

    private static GenerationRequest ask() {
        return new GenerationRequest("t1", "Weather in Paris and Oslo?", null, 0.0, 1024, null)
                .withTools(ToolCallRuns.tools(ToolChoice.AUTO));
    }

    private static String event(String parts, String finish) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}]"
                + ",\"usageMetadata\":{\"promptTokenCount\":61,\"candidatesTokenCount\":24,\"thoughtsTokenCount\":90}"
                + ",\"modelVersion\":\"gemini-3-pro-preview\"}\r\n\r\n";
    }

    private Completion run(RecordingSink sink) throws Exception {
        try (Provider p = provider(server.baseUrl())) {
            return p.generate(ask(), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void parallel_calls_report_the_signature_of_the_first_call_only() throws Exception {
        server.answer(
                "text/event-stream",
                event(
                        "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},"
                                + "\"thoughtSignature\":\"CiQB0e2Kb3Vf\"},"
                                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}",
                        "STOP"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(sink.toolCalls()).hasSize(2);
        assertThat(sink.replayStates()).hasSize(1);
        assertThat(JSON.readTree(sink.replayStates().get(0)))
                .isEqualTo(JSON.readTree(
                        "{\"functionCallSignatures\":[{\"call\":0,\"thoughtSignature\":\"CiQB0e2Kb3Vf\"}]}"));
    }

    @Test
    void a_signature_on_a_later_call_and_one_on_an_empty_final_text_part_are_told_apart() throws Exception {
        server.answer(
                "text/event-stream",
                event("{\"text\":\"Checking.\"}", null)
                        + event("{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}", null)
                        + event(
                                "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Rome\"}},"
                                        + "\"thoughtSignature\":\"sig-call-1\"}",
                                null)
                        + event("{\"text\":\"\",\"thoughtSignature\":\"sig-text\"}", "STOP"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(sink.text()).isEqualTo("Checking.");
        assertThat(JSON.readTree(sink.replayStates().get(0))).isEqualTo(JSON.readTree("""
                {"functionCallSignatures":[{"call":1,"thoughtSignature":"sig-call-1"}],"textSignature":"sig-text"}
                """));
    }

    @Test
    void an_answer_without_signatures_reports_no_replay_state() throws Exception {
        server.answer(
                "text/event-stream",
                event("{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}", "STOP"));
        RecordingSink sink = new RecordingSink();

        run(sink);

        assertThat(sink.toolCalls()).hasSize(1);
        assertThat(sink.replayStates()).isEmpty();
    }

    // ---------------------------------------------------------------- request body

    private static JsonNode contents(GenerationRequest request) throws Exception {
        return JSON.readTree(provider("http://127.0.0.1:9").requestBody(request))
                .path("contents");
    }

    private static final ToolCall PARIS = new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}");
    private static final ToolCall OSLO = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}");

    private static GenerationRequest round(String text, String state) {
        return ask().continuedWith(List.of(
                Message.assistant(text, List.of(PARIS, OSLO), state),
                Message.toolResult(PARIS, "18 C"),
                Message.toolResult(OSLO, "9 C")));
    }

    @Test
    void each_call_signature_goes_back_on_its_own_function_call_part() throws Exception {
        JsonNode model = contents(round(
                        "Checking.",
                        "{\"functionCallSignatures\":[{\"call\":0,\"thoughtSignature\":\"CiQB0e2Kb3Vf\"}],"
                                + "\"textSignature\":\"sig-text\"}"))
                .get(1);

        assertThat(model).isEqualTo(JSON.readTree("""
                {"role":"model","parts":[
                  {"text":"Checking.","thoughtSignature":"sig-text"},
                  {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB0e2Kb3Vf"},
                  {"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]}
                """));
    }

    @Test
    void a_text_signature_of_an_answer_without_text_goes_on_an_empty_text_part_after_the_calls() throws Exception {
        JsonNode parts = contents(round(
                        "",
                        "{\"functionCallSignatures\":[{\"call\":1,\"thoughtSignature\":\"sig-call-1\"}],"
                                + "\"textSignature\":\"sig-text\"}"))
                .get(1)
                .path("parts");

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).has("thoughtSignature")).isFalse();
        assertThat(parts.get(1).path("thoughtSignature").asText()).isEqualTo("sig-call-1");
        assertThat(parts.get(2)).isEqualTo(JSON.readTree("{\"text\":\"\",\"thoughtSignature\":\"sig-text\"}"));
    }

    @Test
    void an_earlier_answer_without_calls_gets_its_text_signature_back() throws Exception {
        GenerationRequest request = GenerationRequest.conversation(
                "c1",
                List.of(
                        Message.user("Hi"),
                        Message.assistant("Hello!", List.of(), "{\"textSignature\":\"sig-hello\"}"),
                        Message.user("Weather?")),
                0.0,
                1024,
                null);

        assertThat(contents(request).get(1))
                .isEqualTo(JSON.readTree(
                        "{\"role\":\"model\",\"parts\":[{\"text\":\"Hello!\",\"thoughtSignature\":\"sig-hello\"}]}"));
    }

    @Test
    void state_that_is_not_a_signature_object_is_ignored_and_the_body_is_as_without_state() throws Exception {
        GeminiProvider p = provider("http://127.0.0.1:9");
        byte[] without = p.requestBody(ask().continuedWith(List.of(
                Message.assistant("Checking.", List.of(PARIS, OSLO)),
                Message.toolResult(PARIS, "18 C"),
                Message.toolResult(OSLO, "9 C"))));

        assertThat(p.requestBody(
                        round("Checking.", "[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"}]")))
                .isEqualTo(without);
        assertThat(p.requestBody(round("Checking.", "not json"))).isEqualTo(without);
    }
}
