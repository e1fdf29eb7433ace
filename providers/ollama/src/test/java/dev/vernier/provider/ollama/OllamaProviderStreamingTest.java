package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the testkit's simulator speaking Ollama's /api/chat: 60 ms to the first token, 5 ms apart. */
class OllamaProviderStreamingTest {

    private static final Duration TTFT = Duration.ofMillis(60);

    private StreamingSimulator simulator;
    private Provider provider;

    @BeforeEach
    void start() throws Exception {
        simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(TTFT)
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(8));
        simulator.start();
        provider = Providers.local(simulator.baseUrl(), "keep_alive", "10m", "num_ctx", 4096);
    }

    @AfterEach
    void stop() {
        provider.close();
        simulator.close();
    }

    @Test
    void streams_every_token_in_order_as_separate_chunks() throws Exception {
        RecordingSink sink = new RecordingSink();

        Completion completion = Providers.run(provider, sink, 100);

        assertThat(completion.succeeded()).isTrue();
        assertThat(sink.chunks()).containsExactlyElementsOf(simulator.expectedTokens(8));
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void first_chunk_arrives_after_the_ttft_and_before_the_last() throws Exception {
        RecordingSink sink = new RecordingSink();

        Providers.run(provider, sink, 100);

        List<Long> nanos = sink.nanos();
        assertThat(nanos.get(0)).isGreaterThanOrEqualTo(TTFT.toNanos());
        assertThat(nanos.get(0)).isLessThan(nanos.get(nanos.size() - 1));
        // the last of 8 tokens is scheduled 7 x 5 ms after the first; events never arrive early, while a
        // loaded machine may deliver the first one late, so the bound is on the last chunk's arrival
        assertThat(nanos.get(nanos.size() - 1))
                .isGreaterThanOrEqualTo(TTFT.plusMillis(35).toNanos());
    }

    @Test
    void token_counts_come_from_the_servers_eval_counts_as_provider_native() throws Exception {
        Completion completion = Providers.run(provider, new RecordingSink(), 100);

        assertThat(completion.tokens().output()).isEqualTo(8);
        assertThat(completion.tokens().input()).isEqualTo(4); // "be brief" + "say something"
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.PROVIDER_NATIVE);
        assertThat(completion.tokens().inputSource()).isEqualTo(CountSource.PROVIDER_NATIVE);
        assertThat(completion.tokens().cachedInput()).isEqualTo(-1);
    }

    @Test
    void server_durations_are_kept_in_milliseconds() throws Exception {
        Completion completion = Providers.run(provider, new RecordingSink(), 100);

        // the simulator reports load 1 ms, prompt eval = its TTFT, eval = first token to the end
        assertThat(completion.providerStats()).containsEntry("load_duration_ms", 1.0);
        assertThat(completion.providerStats()).containsEntry("prompt_eval_duration_ms", (double) TTFT.toMillis());
        assertThat(completion.providerStats().get("eval_duration_ms")).isBetween(20.0, 1_000.0); // about 7 gaps of 5 ms
        assertThat(completion.providerStats().get("total_duration_ms"))
                .isGreaterThanOrEqualTo(completion.providerStats().get("prompt_eval_duration_ms")
                        + completion.providerStats().get("eval_duration_ms")
                        - 1.0);
        double tps = completion.providerStats().get("server_decode_tps");
        assertThat(tps)
                .isCloseTo(8 / (completion.providerStats().get("eval_duration_ms") / 1000.0), Offset.offset(1e-6));
    }

    @Test
    void finish_reason_is_stop_when_the_model_ends_and_length_when_num_predict_cuts_it() throws Exception {
        Completion full = Providers.run(provider, new RecordingSink(), 100);
        RecordingSink cutSink = new RecordingSink();
        Completion cut = Providers.run(provider, cutSink, 3);

        assertThat(full.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(cutSink.chunks()).hasSize(3);
        assertThat(cut.tokens().output()).isEqualTo(3);
    }

    @Test
    void sends_model_messages_stream_sampling_options_num_ctx_and_keep_alive() throws Exception {
        Providers.run(provider, new RecordingSink(), 50);

        JsonNode body = new ObjectMapper().readTree(simulator.lastRequestBody());
        assertThat(body.path("model").asText()).isEqualTo("sim-model");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("be brief");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("say something");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.at("/options/temperature").asDouble()).isZero();
        assertThat(body.at("/options/num_predict").asInt()).isEqualTo(50);
        assertThat(body.at("/options/seed").asLong()).isEqualTo(7L);
        assertThat(body.at("/options/num_ctx").asInt()).isEqualTo(4096);
        assertThat(body.path("keep_alive").asText()).isEqualTo("10m");
    }

    @Test
    void without_a_system_prompt_only_the_user_message_is_sent() throws Exception {
        provider.generate(new GenerationRequest("r2", "hi there", null, 0.5, 10, null), new RecordingSink())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        JsonNode body = new ObjectMapper().readTree(simulator.lastRequestBody());
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(body.path("options").has("seed")).isFalse();
    }

    @Test
    void many_concurrent_streams_all_complete() throws Exception {
        List<CompletableFuture<Completion>> futures = IntStream.range(0, 100)
                .mapToObj(i -> provider.generate(Providers.request(100), new RecordingSink())
                        .toCompletableFuture())
                .toList();

        for (CompletableFuture<Completion> future : futures) {
            Completion completion = future.get(20, TimeUnit.SECONDS);
            assertThat(completion.succeeded()).isTrue();
            assertThat(completion.tokens().output()).isEqualTo(8);
        }
    }
}
