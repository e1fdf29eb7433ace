package dev.vernier.provider.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.ContractSettings;
import dev.vernier.testkit.ProviderContract;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.WireDialect;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The provider contract (statuses, connections, broken and stalled streams) on the Messages API's
 * event stream, plus what only that format has: cache reads and writes, stop reasons, thinking
 * blocks, {@code error} events mid-stream, and the request's exact body and headers. Bodies follow
 * the documented example of a streamed message (message_start, content_block_start, ping,
 * content_block_delta..., content_block_stop, message_delta, message_stop).
 */
class AnthropicProviderFailureTest extends ProviderContract {

    private static final String MODEL = "claude-test";

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return new AnthropicProviderFactory()
                .create(new ProviderConfig(
                        "anthropic",
                        null,
                        Map.of(
                                "model",
                                MODEL,
                                "base_url",
                                s.serverUrl(),
                                "first_token_timeout_ms",
                                s.firstTokenTimeout().toMillis(),
                                "max_retries",
                                s.maxRetries(),
                                "retry_backoff_ms",
                                s.retryBackoff().toMillis()),
                        Path.of("."),
                        Map.of("ANTHROPIC_API_KEY", s.apiKey())::get));
    }

    @Override
    protected WireDialect dialect() {
        return new WireDialect(
                "/v1/messages",
                "text/event-stream",
                new WireDialect.Expected(
                        documentedStream(), "Hello!", FinishReason.STOP, 25, 15, CountSource.SERVER_USAGE),
                messageStart("{\"input_tokens\": 25, \"output_tokens\": 1}") + textBlockStart() + textDelta("fine")
                        + "event: content_block_delta\n"
                        + "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_del\n\n"
                        + blockStop() + messageDelta("end_turn", 15) + messageStop(),
                "fine",
                messageStart("{\"input_tokens\": 25, \"output_tokens\": 1}")
                        + textBlockStart()
                        + textDelta("half")
                        + textDelta(" an answer"),
                "half an answer");
    }

    /** Anthropic's error body: {@code {"type":"error","error":{"type":...,"message":...}}}. */
    @Override
    protected String errorBody(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "\\\"")
                + "\"}}";
    }

    // ------------------------------------------------------------------ documented event shapes

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String messageStart(String usage) {
        return event(
                "message_start",
                "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\","
                        + " \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"" + MODEL
                        + "\","
                        + " \"stop_reason\": null, \"stop_sequence\": null, \"usage\": " + usage + "}}");
    }

    private static String textBlockStart() {
        return event(
                "content_block_start",
                "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}");
    }

    private static String ping() {
        return event("ping", "{\"type\": \"ping\"}");
    }

    private static String textDelta(String text) {
        return event(
                "content_block_delta",
                "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \""
                        + text + "\"}}");
    }

    private static String blockStop() {
        return event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}");
    }

    private static String messageDelta(String stopReason, int outputTokens) {
        return event(
                "message_delta",
                "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"" + stopReason
                        + "\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": " + outputTokens + "}}");
    }

    private static String messageStop() {
        return event("message_stop", "{\"type\": \"message_stop\"}");
    }

    private static String errorEvent(String type, String message) {
        return event(
                "error",
                "{\"type\": \"error\", \"error\": {\"type\": \"" + type + "\", \"message\": \"" + message + "\"}}");
    }

    private static String documentedStream() {
        return messageStart("{\"input_tokens\": 25, \"output_tokens\": 1}")
                + textBlockStart()
                + ping()
                + textDelta("Hello")
                + textDelta("!")
                + blockStop()
                + messageDelta("end_turn", 15)
                + messageStop();
    }

    // ------------------------------------------------------------------ usage and stop reasons

    @Test
    void input_counts_uncached_tokens_plus_cache_reads_and_writes_and_cache_reads_are_cached_input() {
        stub(streamed(messageStart("{\"input_tokens\": 5, \"cache_creation_input_tokens\": 100,"
                        + " \"cache_read_input_tokens\": 2000, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("ok")
                + blockStop()
                + messageDelta("end_turn", 7)
                + messageStop()));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.tokens().input()).isEqualTo(2105);
        assertThat(completion.tokens().cachedInput()).isEqualTo(2000);
        assertThat(completion.tokens().output()).isEqualTo(7);
        assertThat(completion.tokens().reasoning()).isEqualTo(-1);
        assertThat(completion.tokens().inputSource()).isEqualTo(CountSource.SERVER_USAGE);
        assertThat(completion.providerStats()).containsEntry("cache_creation_input_tokens", 100.0);
    }

    @Test
    void counts_in_message_delta_usage_replace_those_of_message_start() {
        stub(streamed(messageStart("{\"input_tokens\": 0, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("ok")
                + event(
                        "message_delta",
                        "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\","
                                + " \"stop_sequence\": null}, \"usage\": {\"input_tokens\": 9, \"cache_read_input_tokens\": 3,"
                                + " \"output_tokens\": 4}}")
                + messageStop()));

        Completion completion = call();

        assertThat(completion.tokens().input()).isEqualTo(12);
        assertThat(completion.tokens().cachedInput()).isEqualTo(3);
        assertThat(completion.tokens().output()).isEqualTo(4);
    }

    @Test
    void a_final_message_delta_without_usage_counts_the_chunks_not_message_starts_placeholder() {
        stub(streamed(messageStart("{\"input_tokens\": 25, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("one ")
                + textDelta("two ")
                + textDelta("three ")
                + textDelta("four")
                + blockStop()
                + event(
                        "message_delta",
                        "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\","
                                + " \"stop_sequence\": null}}")
                + messageStop()));

        Completion completion = call();

        assertThat(completion.tokens().output()).isEqualTo(4);
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(completion.tokens().input()).isEqualTo(25);
        assertThat(completion.tokens().inputSource()).isEqualTo(CountSource.SERVER_USAGE);
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, STOP",
        "stop_sequence, STOP",
        "max_tokens, LENGTH",
        "tool_use, TOOL_CALL",
        "refusal, CONTENT_FILTER",
        "pause_turn, UNKNOWN"
    })
    void stop_reasons_map_to_finish_reasons(String stopReason, FinishReason expected) {
        stub(streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("x")
                + blockStop()
                + messageDelta(stopReason, 2)
                + messageStop()));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(expected);
    }

    @Test
    void thinking_and_signature_deltas_are_not_output_text() {
        stub(streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                + event(
                        "content_block_start",
                        "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"thinking\", \"thinking\": \"\"}}")
                + event(
                        "content_block_delta",
                        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"thinking_delta\", \"thinking\": \"Let me think\"}}")
                + event(
                        "content_block_delta",
                        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"signature_delta\", \"signature\": \"EqQBCgIYAhIM\"}}")
                + blockStop()
                + event(
                        "content_block_start",
                        "{\"type\": \"content_block_start\", \"index\": 1, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}")
                + event(
                        "content_block_delta",
                        "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": {\"type\": \"text_delta\", \"text\": \"Answer\"}}")
                + messageDelta("end_turn", 20)
                + messageStop()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.succeeded()).isTrue();
        assertThat(sink.chunks()).containsExactly("Answer");
        assertThat(completion.tokens().output()).isEqualTo(20);
    }

    @Test
    void a_stop_reason_without_message_stop_is_tolerated() {
        stub(streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("x")
                + messageDelta("max_tokens", 1)));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    // ------------------------------------------------------------------ error events

    @Test
    void an_overloaded_error_event_after_text_is_a_retryable_server_error_keeping_the_text_not_retried() {
        stub(streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                + textBlockStart()
                + textDelta("par")
                + errorEvent("overloaded_error", "Overloaded")));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().retryable()).isTrue();
        assertThat(completion.failure().message()).contains("overloaded_error").contains("Overloaded");
        assertThat(sink.text()).isEqualTo("par");
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void an_overloaded_error_event_before_any_text_is_retried_and_the_retry_succeeds() {
        stubFirstThen(
                streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                        + errorEvent("overloaded_error", "Overloaded")),
                streamed(documentedStream()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure()).isNull();
        assertThat(completion.attempts()).isEqualTo(2);
        assertThat(sink.text()).isEqualTo("Hello!");
        verifyRequests(2);
    }

    @Test
    void an_invalid_request_error_event_is_a_final_server_error() {
        stub(streamed(messageStart("{\"input_tokens\": 3, \"output_tokens\": 1}")
                + errorEvent("invalid_request_error", "prompt is too long")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.failure().message()).contains("prompt is too long");
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_529_overloaded_is_a_retryable_server_error() {
        stub(error(529, "Overloaded"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().httpStatus()).isEqualTo(529);
        assertThat(completion.failure().message()).contains("Overloaded");
        assertThat(completion.attempts()).isEqualTo(MAX_RETRIES + 1);
    }

    // ------------------------------------------------------------------ the request

    @Test
    void posts_the_messages_body_with_the_key_only_in_the_x_api_key_header() {
        stub(streamed(documentedStream()));

        assertThat(call().succeeded()).isTrue();

        server().verify(
                        1,
                        postRequestedFor(urlEqualTo("/v1/messages"))
                                .withHeader("x-api-key", equalTo(FAKE_KEY))
                                .withHeader("anthropic-version", equalTo("2023-06-01"))
                                .withHeader("content-type", equalTo("application/json"))
                                .withHeader("accept", equalTo("text/event-stream"))
                                .withHeader("Authorization", absent())
                                .withRequestBody(equalToJson(
                                        "{\"model\": \"" + MODEL + "\", \"max_tokens\": 64, \"system\": \"be brief\","
                                                + " \"messages\": [{\"role\": \"user\", \"content\": \"say something\"}],"
                                                + " \"temperature\": 0.0, \"stream\": true}"))
                                .withRequestBody(notContaining(FAKE_KEY)));
    }

    @Test
    void a_request_without_a_system_prompt_sends_no_system_field() throws Exception {
        stub(streamed(documentedStream()));
        GenerationRequest noSystem = new GenerationRequest("r2", "hi", null, 0.5, 16, null);

        Completion completion = provider()
                .generate(noSystem, new RecordingSink())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertThat(completion.succeeded()).isTrue();
        server().verify(
                        1,
                        postRequestedFor(urlEqualTo("/v1/messages"))
                                .withRequestBody(
                                        equalToJson(
                                                "{\"model\": \"" + MODEL + "\", \"max_tokens\": 16,"
                                                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 0.5, \"stream\": true}")));
    }
}
