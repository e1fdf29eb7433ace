package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderStreamingTest {

    private StreamingSimulator simulator;
    private Provider provider;

    @BeforeEach
    void start() throws Exception {
        simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(60))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(8));
        simulator.start();
        provider = Providers.local(simulator.openAiBaseUrl());
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
        assertThat(nanos.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
        assertThat(nanos.get(0)).isLessThan(nanos.get(nanos.size() - 1));
        assertThat(nanos.get(nanos.size() - 1) - nanos.get(0))
                .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    }

    @Test
    void reports_usage_from_the_server_with_server_usage_source() throws Exception {
        Completion completion = Providers.run(provider, new RecordingSink(), 100);

        assertThat(completion.tokens().output()).isEqualTo(8);
        assertThat(completion.tokens().input()).isEqualTo(4); // "be brief" + "say something"
        assertThat(completion.tokens().cachedInput()).isZero();
        assertThat(completion.tokens().reasoning()).isZero();
        assertThat(completion.tokens().outputSource()).isEqualTo(CountSource.SERVER_USAGE);
        assertThat(completion.tokens().inputSource()).isEqualTo(CountSource.SERVER_USAGE);
    }

    @Test
    void finish_reason_is_stop_when_the_model_ends_and_length_when_max_tokens_cuts_it() throws Exception {
        Completion full = Providers.run(provider, new RecordingSink(), 100);
        RecordingSink cutSink = new RecordingSink();
        Completion cut = Providers.run(provider, cutSink, 3);

        assertThat(full.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(cutSink.chunks()).hasSize(3);
        assertThat(cut.tokens().output()).isEqualTo(3);
    }

    @Test
    void sends_model_messages_sampling_options_and_asks_for_streamed_usage() throws Exception {
        Providers.run(provider, new RecordingSink(), 50);

        JsonNode body = new ObjectMapper().readTree(simulator.lastRequestBody());
        assertThat(body.path("model").asText()).isEqualTo("sim-model");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("be brief");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("say something");
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.path("seed").asLong()).isEqualTo(7L);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void many_concurrent_streams_all_complete() throws Exception {
        var futures = IntStream.range(0, 100)
                .mapToObj(i -> provider.generate(Providers.request(100), new RecordingSink())
                        .toCompletableFuture())
                .toList();

        for (var future : futures) {
            Completion completion = future.get(20, TimeUnit.SECONDS);
            assertThat(completion.succeeded()).isTrue();
            assertThat(completion.tokens().output()).isEqualTo(8);
        }
    }
}
