package dev.vernier.provider.langchain4j;

import static dev.vernier.testkit.ChatCompletionsWire.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.ChatCompletionsWire;
import dev.vernier.testkit.ContractSettings;
import dev.vernier.testkit.ProviderContract;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.WireDialect;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The provider contract, unchanged, for {@code langchain4j-openai}: the Chat Completions wire format
 * read by langchain4j-open-ai, with statuses, resets, broken and stalled streams mapped as for the
 * native {@code openai} type; plus what only that format has.
 */
class LangChain4jOpenAiContractTest extends ProviderContract {

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return Factories.create(
                new LangChain4jOpenAiFactory(),
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
                  "usage": {"prompt_tokens": 19, "completion_tokens": 8, "total_tokens": 27}
                }
                """;
        return new WireDialect.Expected(
                body, "Hello there, how may I help?", FinishReason.STOP, 19, 8, CountSource.SERVER_USAGE);
    }

    @Override
    protected WireDialect dialect() {
        return ChatCompletionsWire.dialect();
    }

    @Test
    void usage_keeps_cached_prompt_and_reasoning_tokens_that_langchain4j_reports() {
        stub(streamed(ChatCompletionsWire.goodStream()));

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
                error(429, "You exceeded your current quota")
                        .withBody(
                                "{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void an_error_event_inside_the_stream_is_a_server_error_keeping_what_came_before() {
        stub(streamed(chunk("x", null)
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request\"}}\n\n"));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().message()).contains("server had an error");
        assertThat(sink.text()).isEqualTo("x");
    }

    @Test
    void reasoning_content_goes_to_the_sink_as_reasoning_not_as_answer() throws Exception {
        stub(streamed("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}\n\n"
                + chunk("yes", null) + chunk(null, "stop") + "data: [DONE]\n\n"));
        ReasoningSink sink = new ReasoningSink();

        Completion completion =
                provider().generate(request(64), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(completion.succeeded()).isTrue();
        assertThat(sink.reasoning()).containsExactly("hmm");
        assertThat(sink.text()).isEqualTo("yes");
        assertThat(completion.tokens().output()).isEqualTo(2); // no usage: one per chunk of either kind
        assertThat(completion.tokens().visibleReasoning()).isEqualTo(1);
    }
}
