package dev.vernier.provider.langchain4j;

import static dev.vernier.testkit.OllamaWire.last;
import static dev.vernier.testkit.OllamaWire.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.ContractSettings;
import dev.vernier.testkit.OllamaWire;
import dev.vernier.testkit.ProviderContract;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.WireDialect;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider contract, unchanged, for {@code langchain4j-ollama}: Ollama's /api/chat NDJSON read by
 * langchain4j-ollama. langchain4j-ollama drops a line it cannot parse and never completes a stream
 * that ends without its {@code "done": true} line; Vernier's observed HTTP client turns both into
 * failures, as for the native {@code ollama} type.
 */
class LangChain4jOllamaContractTest extends ProviderContract {

    @Override
    protected Provider createProvider(ContractSettings s) throws Exception {
        return Factories.create(
                new LangChain4jOllamaFactory(),
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
                        "stream",
                        s.streaming(),
                        "api_key_env",
                        "OLLAMA_PROXY_KEY"),
                Map.of("OLLAMA_PROXY_KEY", s.apiKey()));
    }

    @Override
    protected WireDialect.Expected nonStreamingResponse() {
        String body = "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.5Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"done_reason\":\"stop\","
                + "\"done\":true,\"total_duration\":4353619900,\"prompt_eval_count\":26,\"eval_count\":3}";
        return new WireDialect.Expected(body, "Hello there", FinishReason.STOP, 26, 3, CountSource.PROVIDER_NATIVE);
    }

    @Override
    protected WireDialect dialect() {
        return OllamaWire.dialect();
    }

    @Override
    protected String errorBody(int status, String message) {
        return OllamaWire.errorBody(message);
    }

    @Test
    void done_reason_length_is_a_length_finish() {
        stub(streamed(line("a") + line("b") + last("length", true)));

        Completion completion = call();

        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void an_error_line_inside_the_stream_is_a_server_error_keeping_what_came_before() {
        stub(streamed(line("x") + "{\"error\":\"model runner has unexpectedly stopped\"}\n"));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().message()).contains("unexpectedly stopped");
        assertThat(sink.text()).isEqualTo("x");
    }

    @Test
    void the_proxy_key_is_sent_as_a_bearer_token() {
        stub(streamed(OllamaWire.goodStream()));

        call();

        server().verify(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/api/chat"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + FAKE_KEY)));
    }
}
