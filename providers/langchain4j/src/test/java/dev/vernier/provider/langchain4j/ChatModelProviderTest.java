package dev.vernier.provider.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.Secrets;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.testkit.ChatCompletionsWire;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The adapter around a model the user built in code, with langchain4j's own defaults (no Vernier
 * HTTP client): a real OpenAI streaming model and a non-streaming one against the simulator,
 * through the real runner; and a hand-written {@link StreamingChatModel} (as an in-process or other
 * custom model would be) for thinking, errors, exceptions and cancellation.
 */
class ChatModelProviderTest {

    private static final SimulatorConfig CONFIG = SimulatorConfig.defaults()
            .withTtft(Duration.ofMillis(80))
            .withInterTokenDelay(Duration.ofMillis(10))
            .withTokens(6);

    /**
     * One measured request after one warm-up (excluded, as a suite's warm-ups are): the first request
     * of a JVM also loads langchain4j's classes and builds Jackson's deserializers, during which the
     * first chunks queue up and are then handed over at once.
     */
    private static Sample runOnce(Provider provider) throws Exception {
        PlannedRequest warmup = new PlannedRequest(0, provider.id(), "case", "p", 0, true, Factories.request(64));
        PlannedRequest planned = new PlannedRequest(1, provider.id(), "case", "p", 0, false, Factories.request(64));
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(20));
        List<Sample> samples =
                runner
                        .run(new RunPlan(List.of(warmup, planned)), Map.of(provider.id(), provider), s -> {})
                        .samples()
                        .stream()
                        .filter(s -> !s.warmup())
                        .toList();
        assertThat(samples).hasSize(1);
        return samples.get(0);
    }

    @Test
    void a_streaming_model_built_in_code_is_measured_chunk_by_chunk_through_the_runner() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(CONFIG)) {
            List<StreamingSimulator.StreamTiming> written = new CopyOnWriteArrayList<>();
            simulator.onStreamed(written::add);
            simulator.start();
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl(simulator.openAiBaseUrl())
                    .modelName("sim-model")
                    .build();

            try (Provider provider = ChatModelProvider.builder("my-bot", model).build()) {
                Sample sample = runOnce(provider);

                assertThat(provider.id()).isEqualTo("my-bot");
                assertThat(provider.describe().model()).isEqualTo("sim-model");
                assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
                assertThat(sample.failure()).isNull();
                assertThat(sample.text()).isEqualTo(String.join("", simulator.expectedTokens(6)));
                assertThat(sample.chunkNanos()).hasSize(6);
                assertThat(sample.ttftNanos())
                        .isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
                // Chunk by chunk, not at the end: the first-to-last span follows the simulator's own writes
                // (5 gaps of 10 ms, less when a loaded machine wrote the first token late).
                long[] writes = written.get(written.size() - 1).contentNanos();
                long writeSpan = writes[writes.length - 1] - writes[0];
                assertThat(writeSpan).isGreaterThan(0);
                assertThat(sample.e2eNanos() - sample.ttftNanos())
                        .as("first-to-last chunk vs the simulator's first-to-last write (all at once would be ~0)")
                        .isGreaterThanOrEqualTo(writeSpan / 2);
                assertThat(sample.tokens().output()).isEqualTo(6);
                assertThat(sample.tokens().outputSource()).isEqualTo(CountSource.SERVER_USAGE);
                assertThat(sample.finishReason()).isEqualTo(FinishReason.STOP);
            }
        }
    }

    @Test
    void a_model_that_does_not_stream_gives_one_chunk_at_the_end_so_ttft_is_the_whole_response() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(CONFIG)) {
            simulator.start();
            ChatModel model = OpenAiChatModel.builder()
                    .baseUrl(simulator.openAiBaseUrl())
                    .modelName("sim-model")
                    .build();

            try (Provider provider = ChatModelProvider.builder("whole", model).build()) {
                Sample sample = runOnce(provider);

                assertThat(sample.failure()).isNull();
                assertThat(sample.chunkNanos()).hasSize(1);
                assertThat(sample.text()).isEqualTo(String.join("", simulator.expectedTokens(6)));
                assertThat(sample.ttftNanos())
                        .as("the answer arrives whole after the last token's time: 80 + 5 x 10 ms")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(130).toNanos())
                        .isEqualTo(sample.e2eNanos());
                assertThat(sample.tokens().output()).isEqualTo(6);
                assertThat(provider.describe().notes()).contains("not streaming");
            }
        }
    }

    @Test
    void a_refused_key_of_a_model_built_in_code_is_an_authentication_failure_without_the_key() throws Exception {
        String key = "vk-user-model-9f8e7d6c5b4a";
        Secrets.register(key);
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(any(urlPathEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse()
                            .withStatus(401)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}")));
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                    .apiKey(key)
                    .modelName("m")
                    .build();
            try (Provider provider = ChatModelProvider.builder("keyed", model).build()) {
                Completion completion = Factories.run(provider, new RecordingSink(), 64);

                assertThat(completion.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
                assertThat(completion.failure().httpStatus()).isEqualTo(401);
                assertThat(completion.failure().message())
                        .contains("Incorrect API key provided")
                        .doesNotContain(key);
                assertThat(completion.attempts()).isEqualTo(1);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void a_429_of_a_model_built_in_code_is_retried_with_backoff_and_then_succeeds() throws Exception {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(any(urlPathEqualTo("/v1/chat/completions"))
                    .inScenario("s")
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(429).withBody("{\"error\":{\"message\":\"slow down\"}}"))
                    .willSetStateTo("ok"));
            server.stubFor(any(urlPathEqualTo("/v1/chat/completions"))
                    .inScenario("s")
                    .whenScenarioStateIs("ok")
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/event-stream")
                            .withBody(ChatCompletionsWire.goodStream())));
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                    .modelName("m")
                    .build();
            try (Provider provider = ChatModelProvider.builder("retrying", model)
                    .retry(RetryPolicy.standard(2).withBaseDelay(Duration.ofMillis(10)))
                    .build()) {
                ReasoningSink sink = new ReasoningSink();
                Completion completion = provider.generate(Factories.request(64), sink)
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);

                assertThat(completion.failure()).isNull();
                assertThat(completion.attempts()).isEqualTo(2);
                assertThat(sink.attempts()).containsExactly(2);
                assertThat(sink.text()).isEqualTo("Hello world");
                assertThat(completion.providerStats()).containsKey(ChatModelProvider.RETRY_WAIT_STAT);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void partial_thinking_of_a_custom_model_goes_to_the_sink_as_reasoning() throws Exception {
        ScriptedModel model = new ScriptedModel((request, handler) -> {
            StreamingHandle handle = new FlagHandle();
            handler.onPartialThinking(new PartialThinking("let me see"), new PartialThinkingContext(handle));
            handler.onPartialResponse(new PartialResponse("four"), new PartialResponseContext(handle));
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(AiMessage.from("four"))
                    .tokenUsage(new TokenUsage(3, 2))
                    .finishReason(dev.langchain4j.model.output.FinishReason.STOP)
                    .build());
        });
        try (Provider provider = ChatModelProvider.builder("custom", model)
                .accessMode(AccessMode.IN_PROCESS)
                .usageSource(CountSource.LOCAL_TOKENIZER)
                .build()) {
            ReasoningSink sink = new ReasoningSink();

            Completion completion = provider.generate(Factories.request(64), sink)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);

            assertThat(sink.reasoning()).containsExactly("let me see");
            assertThat(sink.chunks()).containsExactly("four");
            assertThat(completion.tokens().output()).isEqualTo(2);
            assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.LOCAL_TOKENIZER);
            // streamed thinking is the whole reasoning: one token per partial, none of it hidden
            assertThat(completion.tokens().visibleReasoning()).isEqualTo(1);
            assertThat(completion.tokens().visibleReasoningSource()).isEqualTo(CountSource.CHUNK_COUNT);
            assertThat(provider.describe().dataGoes().name()).isEqualTo("THIS_MACHINE");
        }
    }

    @Test
    void an_exception_thrown_by_a_custom_model_is_a_failed_completion_not_an_exception() throws Exception {
        ScriptedModel model = new ScriptedModel((request, handler) -> {
            throw new IllegalStateException("model not loaded");
        });
        try (Provider provider = ChatModelProvider.builder("throws", model).build()) {
            Completion completion = Factories.run(provider, new RecordingSink(), 64);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
            assertThat(completion.failure().message()).contains("model not loaded");
        }
    }

    @Test
    void langchain4j_exception_types_map_to_failure_kinds_when_no_status_is_known() throws Exception {
        ScriptedModel model = new ScriptedModel((request, handler) -> handler.onError(new RateLimitException("busy")));
        try (Provider provider = ChatModelProvider.builder("limited", model)
                .retry(RetryPolicy.standard(0))
                .build()) {
            Completion completion = Factories.run(provider, new RecordingSink(), 64);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(completion.failure().retryable()).isTrue();
        }
    }

    @Test
    void a_request_the_harness_gives_up_on_ends_at_once_and_cancels_the_stream() throws Exception {
        FlagHandle handle = new FlagHandle();
        ScriptedModel model = new ScriptedModel((request, handler) -> {
            handler.onPartialResponse(new PartialResponse("first"), new PartialResponseContext(handle));
            // ... and never completes
        });
        try (Provider provider = ChatModelProvider.builder("stalls", model).build()) {
            RecordingSink sink = new RecordingSink();
            CompletableFuture<Completion> pending =
                    provider.generate(Factories.request(64), sink).toCompletableFuture();
            Thread.sleep(100);
            assertThat(pending).isNotDone();

            sink.cancel();
            Completion completion = pending.get(2, TimeUnit.SECONDS);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(completion.failure().message()).contains("abandoned");
            assertThat(handle.isCancelled()).isTrue();
            assertThat(sink.chunks()).containsExactly("first");
        }
    }

    @Test
    void a_custom_model_with_no_output_within_the_first_token_limit_times_out() throws Exception {
        ScriptedModel model = new ScriptedModel((request, handler) -> {});
        try (Provider provider = ChatModelProvider.builder("silent", model)
                .firstTokenTimeout(Duration.ofMillis(200))
                .build()) {
            Completion completion = Factories.run(provider, new RecordingSink(), 64);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.FIRST_TOKEN_TIMEOUT);
            assertThat(completion.failure().message()).contains("200 ms");
        }
    }

    @Test
    void closing_the_provider_ends_requests_in_flight_and_retries_waiting() throws Exception {
        ScriptedModel stalls = new ScriptedModel((request, handler) -> {});
        ScriptedModel limited =
                new ScriptedModel((request, handler) -> handler.onError(new HttpException(503, "busy")));
        Provider inFlight = ChatModelProvider.builder("in-flight", stalls).build();
        Provider waiting = ChatModelProvider.builder("waiting", limited)
                .retry(RetryPolicy.standard(3).withBaseDelay(Duration.ofSeconds(30)))
                .build();
        CompletableFuture<Completion> first =
                inFlight.generate(Factories.request(64), new RecordingSink()).toCompletableFuture();
        CompletableFuture<Completion> second =
                waiting.generate(Factories.request(64), new RecordingSink()).toCompletableFuture();
        Thread.sleep(100);

        inFlight.close();
        waiting.close();

        assertThat(first.get(1, TimeUnit.SECONDS).failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        Completion retried = second.get(1, TimeUnit.SECONDS);
        assertThat(retried.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(retried.attempts()).isEqualTo(1);
    }

    /** A user's own model: what {@code doChat} does is the test's script. */
    private static final class ScriptedModel implements StreamingChatModel {
        private final BiConsumer<ChatRequest, StreamingChatResponseHandler> script;

        ScriptedModel(BiConsumer<ChatRequest, StreamingChatResponseHandler> script) {
            this.script = script;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            script.accept(request, handler);
        }
    }

    private static final class FlagHandle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
