package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both langchain4j types against the testkit simulator, which writes each token at a scheduled
 * time: tokens arrive as separate, timed chunks; usage, finish reason and the request body are as the
 * native types give them; and the simulator's own failures (500s, a stall, a server gone mid-stream)
 * become the same failures.
 */
class LangChain4jSimulatorTest {

    /** The two types, each pointed at the simulator the way its native twin would be. */
    enum Type {
        OPENAI(CountSource.SERVER_USAGE) {
            @Override
            Provider create(StreamingSimulator simulator, Object... extra) throws Exception {
                return Factories.openAi(simulator.openAiBaseUrl(), extra);
            }

            @Override
            void assertBody(JsonNode body) {
                assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
                assertThat(body.path("seed").asLong()).isEqualTo(7L);
                assertThat(body.path("temperature").asDouble()).isZero();
                assertThat(body.path("stream").asBoolean()).isTrue();
                assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
            }
        },
        OLLAMA(CountSource.PROVIDER_NATIVE) {
            @Override
            Provider create(StreamingSimulator simulator, Object... extra) throws Exception {
                return Factories.ollama(simulator.baseUrl(), extra);
            }

            @Override
            void assertBody(JsonNode body) {
                assertThat(body.at("/options/num_predict").asInt()).isEqualTo(50);
                assertThat(body.at("/options/seed").asLong()).isEqualTo(7L);
                assertThat(body.at("/options/temperature").asDouble()).isZero();
                assertThat(body.path("stream").asBoolean()).isTrue();
            }
        };

        final CountSource usageSource;

        Type(CountSource usageSource) {
            this.usageSource = usageSource;
        }

        abstract Provider create(StreamingSimulator simulator, Object... extra) throws Exception;

        abstract void assertBody(JsonNode body);
    }

    private static StreamingSimulator simulator(SimulatorConfig config) throws Exception {
        StreamingSimulator simulator = new StreamingSimulator(config);
        simulator.start();
        return simulator;
    }

    private static SimulatorConfig eightTokens() {
        return SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(60))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(8);
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void streams_every_token_in_order_as_separate_chunks_timed_on_arrival(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens().withInterTokenDelay(Duration.ofMillis(20)));
                Provider provider = type.create(simulator)) {
            // a JVM's first request also loads langchain4j's classes, which holds its first chunks back
            Factories.run(provider, new RecordingSink(), 100);
            RecordingSink sink = new RecordingSink();

            Completion completion = Factories.run(provider, sink, 100);

            assertThat(completion.failure()).isNull();
            assertThat(sink.chunks()).containsExactlyElementsOf(simulator.expectedTokens(8));
            List<Long> nanos = sink.nanos();
            assertThat(nanos.get(0))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
            assertThat(nanos.get(7) - nanos.get(0))
                    .as("7 gaps of 20 ms between first and last chunk, not one burst")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(130).toNanos());
            assertThat(completion.attempts()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void reports_the_servers_usage_with_its_source_and_the_finish_reason(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens());
                Provider provider = type.create(simulator)) {
            Completion full = Factories.run(provider, new RecordingSink(), 100);
            RecordingSink cutSink = new RecordingSink();
            Completion cut = Factories.run(provider, cutSink, 3);

            assertThat(full.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(full.tokens().output()).isEqualTo(8);
            assertThat(full.tokens().input()).isEqualTo(4); // "be brief" + "say something"
            assertThat(full.tokens().outputSource()).isEqualTo(type.usageSource);
            assertThat(full.tokens().inputSource()).isEqualTo(type.usageSource);
            assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(cutSink.chunks()).hasSize(3);
            assertThat(cut.tokens().output()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void sends_model_messages_and_sampling_options(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens());
                Provider provider = type.create(simulator)) {
            Factories.run(provider, new RecordingSink(), 50);

            JsonNode body = new ObjectMapper().readTree(simulator.lastRequestBody());
            assertThat(body.path("model").asText()).isEqualTo("sim-model");
            assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
            assertThat(body.at("/messages/0/content").asText()).isEqualTo("be brief");
            assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
            assertThat(body.at("/messages/1/content").asText()).isEqualTo("say something");
            type.assertBody(body);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void not_streaming_delivers_the_whole_answer_as_one_chunk(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens());
                Provider provider = type.create(simulator, "stream", false)) {
            RecordingSink sink = new RecordingSink();

            Completion completion = Factories.run(provider, sink, 100);

            assertThat(completion.failure()).isNull();
            assertThat(sink.chunks()).containsExactly(String.join("", simulator.expectedTokens(8)));
            assertThat(completion.tokens().output()).isEqualTo(8);
            assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void a_hundred_concurrent_streams_all_complete(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens());
                Provider provider = type.create(simulator)) {
            List<CompletableFuture<Completion>> futures = IntStream.range(0, 100)
                    .mapToObj(i -> provider.generate(Factories.request(100), new RecordingSink())
                            .toCompletableFuture())
                    .toList();

            for (CompletableFuture<Completion> future : futures) {
                Completion completion = future.get(30, TimeUnit.SECONDS);
                assertThat(completion.failure()).isNull();
                assertThat(completion.tokens().output()).isEqualTo(8);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void a_server_failing_every_request_is_a_retryable_server_error_after_the_retries(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens().withErrorRate(1.0, 1L));
                Provider provider = type.create(simulator, "max_retries", 2, "retry_backoff_ms", 5)) {
            Completion completion = Factories.run(provider, new RecordingSink(), 100);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
            assertThat(completion.failure().httpStatus()).isEqualTo(500);
            assertThat(completion.failure().message()).contains("simulated server error");
            assertThat(completion.attempts()).isEqualTo(3);
            assertThat(simulator.requestCount()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void a_server_slower_than_the_first_token_limit_is_a_first_token_timeout(Type type) throws Exception {
        try (StreamingSimulator simulator = simulator(eightTokens().withTtft(Duration.ofSeconds(3)));
                Provider provider = type.create(simulator, "first_token_timeout_ms", 300)) {
            long start = System.nanoTime();
            Completion completion = Factories.run(provider, new RecordingSink(), 100);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.FIRST_TOKEN_TIMEOUT);
            assertThat(completion.failure().message()).contains("300 ms");
            assertThat(elapsedMs).isBetween(250L, 2_000L);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void a_server_gone_mid_stream_is_a_connection_failure_keeping_the_chunks(Type type) throws Exception {
        StreamingSimulator simulator = simulator(eightTokens()
                .withTtft(Duration.ofMillis(50))
                .withInterTokenDelay(Duration.ofMillis(200))
                .withTokens(20));
        try (Provider provider = type.create(simulator, "max_retries", 0)) {
            RecordingSink sink = new RecordingSink();
            CompletableFuture<Completion> pending =
                    provider.generate(Factories.request(100), sink).toCompletableFuture();
            while (sink.chunks().size() < 2) {
                Thread.sleep(10);
            }
            simulator.close();

            Completion completion = pending.get(10, TimeUnit.SECONDS);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(sink.chunks()).hasSizeBetween(2, 19);
            assertThat(completion.tokens().output()).isEqualTo(sink.chunks().size());
        } finally {
            simulator.close();
        }
    }
}
