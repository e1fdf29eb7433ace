package dev.vernier.provider.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
 * The provider contract (statuses, connections, broken and stalled streams) on
 * {@code streamGenerateContent?alt=sse}, plus what only Gemini's format has: cached and thinking
 * tokens, finish and block reasons, thought parts, {@code error} objects mid-stream, a refused key
 * answered with 400, per-day quotas, and the request's exact URL, body and headers. Every event is a
 * whole {@code GenerateContentResponse}, as documented.
 */
class GeminiProviderFailureTest extends ProviderContract {

    private static final String MODEL = "gemini-test";
    private static final String PATH = "/v1beta/models/" + MODEL + ":streamGenerateContent";

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
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
                        Map.of("GEMINI_API_KEY", s.apiKey())::get));
    }

    @Override
    protected WireDialect dialect() {
        return new WireDialect(
                PATH,
                "text/event-stream",
                new WireDialect.Expected(
                        documentedStream(), "Hello world", FinishReason.STOP, 8, 2, CountSource.SERVER_USAGE),
                chunk("fine", null, "{\"promptTokenCount\": 8, \"totalTokenCount\": 8}")
                        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"bro\n\n"
                        + chunk(
                                " end",
                                "STOP",
                                "{\"promptTokenCount\": 8, \"candidatesTokenCount\": 3, \"totalTokenCount\": 11}"),
                "fine",
                chunk("half", null, "{\"promptTokenCount\": 8, \"totalTokenCount\": 8}")
                        + chunk(" an answer", null, "{\"promptTokenCount\": 8, \"totalTokenCount\": 8}"),
                "half an answer");
    }

    /** Google's error body: {@code {"error":{"code":...,"message":...,"status":...}}}. */
    @Override
    protected String errorBody(int status, String message) {
        String name = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
        return "{\n  \"error\": {\n    \"code\": " + status + ",\n    \"message\": \"" + message.replace("\"", "\\\"")
                + "\",\n    \"status\": \"" + name + "\"\n  }\n}\n";
    }

    // ------------------------------------------------------------------ documented response shapes

    /** One event: a GenerateContentResponse with one text part, an optional finish reason and usage. */
    private static String chunk(String text, String finishReason, String usage) {
        return "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + text + "\"}],\"role\": \"model\"}"
                + (finishReason == null ? "" : ",\"finishReason\": \"" + finishReason + "\"") + ",\"index\": 0}]"
                + (usage == null ? "" : ",\"usageMetadata\": " + usage)
                + ",\"modelVersion\": \"" + MODEL + "\",\"responseId\": \"rsp-1\"}\n\n";
    }

    /** The API separates events with CRLF pairs; the contract's success body keeps that. */
    private static String documentedStream() {
        return (chunk("Hello", null, "{\"promptTokenCount\": 8,\"totalTokenCount\": 8}")
                        + chunk(
                                " world",
                                "STOP",
                                "{\"promptTokenCount\": 8,\"candidatesTokenCount\": 2,\"totalTokenCount\": 10,"
                                        + "\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 8}]}"))
                .replace("\n\n", "\r\n\r\n");
    }

    private static String errorEvent(int code, String status, String message) {
        return "data: {\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\", \"status\": \"" + status
                + "\"}}\n\n";
    }

    // ------------------------------------------------------------------ usage

    @Test
    void usage_keeps_cached_prompt_tokens_and_counts_thoughts_as_output_and_reasoning() {
        stub(
                streamed(
                        chunk("ok", null, "{\"promptTokenCount\": 1200, \"totalTokenCount\": 1200}")
                                + chunk(
                                        "!",
                                        "STOP",
                                        "{\"promptTokenCount\": 1200, \"cachedContentTokenCount\": 1024,"
                                                + " \"candidatesTokenCount\": 5, \"thoughtsTokenCount\": 40, \"totalTokenCount\": 1245}")));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.tokens().input()).isEqualTo(1200);
        assertThat(completion.tokens().cachedInput()).isEqualTo(1024);
        assertThat(completion.tokens().output()).isEqualTo(45);
        assertThat(completion.tokens().reasoning()).isEqualTo(40);
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.SERVER_USAGE);
    }

    @Test
    void the_last_usage_metadata_wins_and_absent_counts_are_zero() {
        stub(streamed(chunk("a", null, "{\"promptTokenCount\": 3, \"candidatesTokenCount\": 1, \"totalTokenCount\": 4}")
                + chunk(
                        "b",
                        "STOP",
                        "{\"promptTokenCount\": 3, \"candidatesTokenCount\": 6, \"totalTokenCount\": 9}")));

        Completion completion = call();

        assertThat(completion.tokens().output()).isEqualTo(6);
        assertThat(completion.tokens().cachedInput()).isZero();
        assertThat(completion.tokens().reasoning()).isZero();
    }

    @Test
    void a_stream_without_usage_metadata_estimates_output_from_the_chunks() {
        stub(streamed(chunk("a", null, null) + chunk("b", null, null) + chunk("c", "STOP", null)));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.tokens().output()).isEqualTo(3);
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(completion.tokens().input()).isEqualTo(-1);
    }

    // ------------------------------------------------------------------ finish and block reasons, parts

    @ParameterizedTest
    @CsvSource({
        "STOP, STOP",
        "MAX_TOKENS, LENGTH",
        "SAFETY, CONTENT_FILTER",
        "RECITATION, CONTENT_FILTER",
        "BLOCKLIST, CONTENT_FILTER",
        "PROHIBITED_CONTENT, CONTENT_FILTER",
        "OTHER, UNKNOWN"
    })
    void finish_reasons_map_to_ours(String finishReason, FinishReason expected) {
        stub(streamed(chunk("x", null, null)
                + chunk(
                        "y",
                        finishReason,
                        "{\"promptTokenCount\": 2, \"candidatesTokenCount\": 2, \"totalTokenCount\": 4}")));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(expected);
    }

    @Test
    void a_blocked_prompt_ends_with_content_filter_and_no_text() {
        stub(streamed("data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\", \"safetyRatings\": ["
                + "{\"category\": \"HARM_CATEGORY_DANGEROUS_CONTENT\", \"probability\": \"HIGH\"}]},"
                + "\"usageMetadata\": {\"promptTokenCount\": 9, \"totalTokenCount\": 9},\"modelVersion\": \"" + MODEL
                + "\"}\n\n"));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(sink.chunks()).isEmpty();
        assertThat(completion.tokens().input()).isEqualTo(9);
        assertThat(completion.tokens().output()).isZero();
    }

    @Test
    void the_parts_of_one_event_are_one_chunk_and_thought_parts_are_not_output() {
        stub(streamed(
                "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"**Planning**\", \"thought\": true},"
                        + " {\"text\": \"Hel\"}, {\"text\": \"lo\"}],\"role\": \"model\"},\"index\": 0}]}\n\n"
                        + chunk(
                                " there",
                                "STOP",
                                "{\"promptTokenCount\": 2, \"candidatesTokenCount\": 2, \"thoughtsTokenCount\": 12}")));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.succeeded()).isTrue();
        assertThat(sink.chunks()).containsExactly("Hello", " there");
        assertThat(completion.tokens().reasoning()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void an_error_object_after_text_is_a_retryable_server_error_keeping_the_text_not_retried() {
        stub(streamed(chunk("par", null, null)
                + errorEvent(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().retryable()).isTrue();
        assertThat(completion.failure().message()).contains("UNAVAILABLE").contains("overloaded");
        assertThat(sink.text()).isEqualTo("par");
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void an_error_object_before_any_text_is_retried_and_the_retry_succeeds() {
        stubFirstThen(
                streamed(errorEvent(500, "INTERNAL", "An internal error has occurred.")), streamed(documentedStream()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure()).isNull();
        assertThat(completion.attempts()).isEqualTo(2);
        assertThat(sink.text()).isEqualTo("Hello world");
    }

    @Test
    void an_invalid_argument_error_object_is_final() {
        stub(streamed(errorEvent(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_400_api_key_not_valid_is_an_authentication_failure_not_retried() {
        stub(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"error\": {\"code\": 400, \"message\": \"API key not valid. Please pass a valid API key.\","
                                + " \"status\": \"INVALID_ARGUMENT\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\","
                                + " \"reason\": \"API_KEY_INVALID\", \"domain\": \"googleapis.com\"}]}}"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(completion.failure().httpStatus()).isEqualTo(400);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.failure().message())
                .contains("API key not valid")
                .contains("GEMINI_API_KEY")
                .doesNotContain(FAKE_KEY);
        assertThat(completion.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_429_for_a_per_day_quota_is_not_retried() {
        stub(
                aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"error\": {\"code\": 429, \"message\": \"You exceeded your current quota, please check your plan and billing details.\","
                                        + " \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\","
                                        + " \"violations\": [{\"quotaMetric\": \"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
                                        + " \"quotaId\": \"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]},"
                                        + " {\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"36s\"}]}}"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    // ------------------------------------------------------------------ the request

    @Test
    void posts_the_documented_body_with_the_key_only_in_the_x_goog_api_key_header() {
        stub(streamed(documentedStream()));

        assertThat(call().succeeded()).isTrue();

        server().verify(
                        1,
                        postRequestedFor(urlEqualTo(PATH + "?alt=sse"))
                                .withHeader("x-goog-api-key", equalTo(FAKE_KEY))
                                .withHeader("content-type", equalTo("application/json"))
                                .withHeader("Authorization", absent())
                                .withQueryParam("key", absent())
                                .withRequestBody(
                                        equalToJson(
                                                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"say something\"}]}],"
                                                        + " \"systemInstruction\": {\"parts\": [{\"text\": \"be brief\"}]},"
                                                        + " \"generationConfig\": {\"temperature\": 0.0, \"maxOutputTokens\": 64, \"seed\": 7}}"))
                                .withRequestBody(notContaining(FAKE_KEY)));
    }

    @Test
    void a_request_without_system_prompt_or_seed_sends_neither() throws Exception {
        stub(streamed(documentedStream()));
        GenerationRequest bare = new GenerationRequest("r2", "hi", null, 0.7, 16, null);

        Completion completion = provider()
                .generate(bare, new RecordingSink())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertThat(completion.succeeded()).isTrue();
        server().verify(
                        1,
                        postRequestedFor(urlEqualTo(PATH + "?alt=sse"))
                                .withRequestBody(
                                        equalToJson(
                                                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}],"
                                                        + " \"generationConfig\": {\"temperature\": 0.7, \"maxOutputTokens\": 16}}")));
    }
}
