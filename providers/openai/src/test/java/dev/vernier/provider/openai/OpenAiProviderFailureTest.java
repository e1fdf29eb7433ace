package dev.vernier.provider.openai;

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
import org.junit.jupiter.api.Test;

/**
 * The provider contract (statuses, connections, broken and stalled streams) on the Chat Completions
 * wire format, plus what only OpenAI's format has: cached and reasoning tokens, streams without
 * usage, exhausted quotas and error events inside a stream.
 */
class OpenAiProviderFailureTest extends ProviderContract {

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return Providers.create(
                Map.of(
                        "model",
                        "sim-model",
                        "base_url",
                        s.serverUrl() + "/v1",
                        "first_token_timeout_ms",
                        s.firstTokenTimeout().toMillis(),
                        "max_retries",
                        s.maxRetries(),
                        "retry_backoff_ms",
                        s.retryBackoff().toMillis(),
                        "stream",
                        s.streaming()),
                Map.of("OPENAI_API_KEY", s.apiKey()));
    }

    @Override
    protected WireDialect.Expected nonStreamingResponse() {
        // a chat.completion object as the API documents it, pretty-printed over several lines
        String body = """
                {
                  "id": "chatcmpl-abc123",
                  "object": "chat.completion",
                  "created": 1741569952,
                  "model": "gpt-4.1-mini-2025-04-14",
                  "choices": [
                    {
                      "index": 0,
                      "message": {"role": "assistant", "content": "Hello there, how may I help?", "refusal": null},
                      "logprobs": null,
                      "finish_reason": "stop"
                    }
                  ],
                  "usage": {
                    "prompt_tokens": 19,
                    "completion_tokens": 8,
                    "total_tokens": 27,
                    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}
                  },
                  "service_tier": "default"
                }
                """;
        return new WireDialect.Expected(
                body, "Hello there, how may I help?", FinishReason.STOP, 19, 8, CountSource.SERVER_USAGE);
    }

    @Override
    protected WireDialect dialect() {
        return new WireDialect(
                "/v1/chat/completions",
                "text/event-stream",
                new WireDialect.Expected(
                        goodStream(), "Hello world", FinishReason.STOP, 5, 2, CountSource.SERVER_USAGE),
                chunk("fine", null) + "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"bro\n\n"
                        + chunk(null, "stop") + "data: [DONE]\n\n",
                "fine",
                chunk("half", null) + chunk(" an answer", null),
                "half an answer");
    }

    private static String chunk(String content, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{" + (content == null ? "" : "\"content\":\"" + content + "\"")
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String goodStream() {
        return chunk("Hello", null) + chunk(" world", null) + chunk(null, "stop")
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n"
                + "data: [DONE]\n\n";
    }

    @Test
    void usage_keeps_cached_prompt_and_reasoning_tokens() {
        stub(streamed(goodStream()));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.tokens().cachedInput()).isEqualTo(3);
        assertThat(completion.tokens().reasoning()).isEqualTo(1);
    }

    @Test
    void a_stream_without_usage_counts_content_chunks_as_an_estimate() {
        stub(streamed(chunk("a", null) + chunk("b", null) + chunk("c", "length") + "data: [DONE]\n\n"));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completion.tokens().output()).isEqualTo(3);
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(completion.tokens().input()).isEqualTo(-1);
    }

    @Test
    void status_429_for_an_exhausted_quota_is_not_retried() {
        stub(
                WireMock.aResponse()
                        .withStatus(429)
                        .withBody(
                                "{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void an_error_event_inside_the_stream_is_a_server_error() {
        stub(streamed(chunk("x", null)
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request\"}}\n\n"));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().message()).contains("server had an error");
        assertThat(sink.text()).isEqualTo("x");
    }
}
