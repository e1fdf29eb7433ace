package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.ContractSettings;
import dev.vernier.testkit.ProviderContract;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.WireDialect;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The provider contract (statuses, connections, broken and stalled streams) on Ollama's /api/chat
 * NDJSON, with bodies in the documented format: {@code "done": false} lines carrying
 * {@code message.content}, then one {@code "done": true} object with {@code done_reason}, the counts
 * and the durations in nanoseconds. Ollama's errors are {@code {"error": "text"}}. Plus what only
 * Ollama's format has: durations, missing counts, error lines inside the stream.
 */
class OllamaProviderFailureTest extends ProviderContract {

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return Providers.create(
                Map.of(
                        "model",
                        "llama3.2:1b",
                        "base_url",
                        s.serverUrl(),
                        "first_token_timeout_ms",
                        s.firstTokenTimeout().toMillis(),
                        "max_retries",
                        s.maxRetries(),
                        "retry_backoff_ms",
                        s.retryBackoff().toMillis(),
                        "api_key_env",
                        "OLLAMA_PROXY_KEY"),
                Map.of("OLLAMA_PROXY_KEY", s.apiKey()));
    }

    @Override
    protected WireDialect dialect() {
        return new WireDialect(
                "/api/chat",
                "application/x-ndjson",
                new WireDialect.Expected(
                        goodStream(), "Hello world", FinishReason.STOP, 26, 2, CountSource.PROVIDER_NATIVE),
                line("fine")
                        + "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.1Z\",\"message\":{\"role\n"
                        + last("stop", true),
                "fine",
                line("half") + line(" an answer"),
                "half an answer");
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private static String line(String content) {
        return "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.123456Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"done\":false}\n";
    }

    private static String last(String doneReason, boolean withCounts) {
        return "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.5Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                + (doneReason == null ? "" : "\"done_reason\":\"" + doneReason + "\",")
                + "\"done\":true,\"total_duration\":4353619900,\"load_duration\":63915300,"
                + (withCounts ? "\"prompt_eval_count\":26," : "")
                + "\"prompt_eval_duration\":246847000,"
                + (withCounts ? "\"eval_count\":2," : "")
                + "\"eval_duration\":40322960}\n";
    }

    private static String goodStream() {
        return line("Hello") + line(" world") + last("stop", true);
    }

    @Test
    void server_durations_are_kept_in_milliseconds_with_the_servers_decode_speed() {
        stub(streamed(goodStream()));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.providerStats())
                .containsEntry("load_duration_ms", 63.9153)
                .containsEntry("prompt_eval_duration_ms", 246.847)
                .containsEntry("eval_duration_ms", 40.32296)
                .containsEntry("total_duration_ms", 4353.6199);
        // 2 tokens in 0.04032296 s
        assertThat(completion.providerStats().get("server_decode_tps")).isCloseTo(2 / 0.04032296, Offset.offset(1e-6));
    }

    @Test
    void done_reason_length_is_a_length_finish() {
        stub(streamed(line("a") + line("b") + last("length", true)));

        Completion completion = call();

        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void a_final_object_without_done_reason_finishes_unknown_but_succeeds() {
        stub(streamed(line("a") + line("b") + last(null, true)));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    @Test
    void without_counts_the_output_is_the_chunk_count_as_an_estimate_and_the_input_unknown() {
        stub(streamed(line("a") + line("b") + line("c") + last("stop", false)));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.tokens().output()).isEqualTo(3);
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(completion.tokens().input()).isEqualTo(-1);
        assertThat(completion.tokens().inputSource()).isEqualTo(CountSource.UNKNOWN);
        assertThat(completion.providerStats()).doesNotContainKey("server_decode_tps");
    }

    @Test
    void an_error_line_inside_the_stream_is_a_server_error_keeping_the_text_before() {
        stub(streamed(
                line("x") + "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n"));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().message()).contains("unexpected EOF");
        assertThat(sink.text()).isEqualTo("x");
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void an_unknown_model_is_not_found_with_ollamas_message() {
        server().stubFor(WireMock.post("/api/chat")
                .willReturn(error(404, "model \"llama3.2:1b\" not found, try pulling it first")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(completion.failure().message()).contains("try pulling it first");
    }

    @Test
    void the_proxy_key_is_sent_as_a_bearer_token() {
        stub(streamed(goodStream()));

        call();

        server().verify(WireMock.postRequestedFor(WireMock.urlEqualTo("/api/chat"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + FAKE_KEY)));
    }
}
