package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

    private static JsonNode json(RunResult r) throws IOException {
        return new ObjectMapper().readTree(new JsonReportWriter().render(r));
    }

    private static Histogram decode(JsonNode provider, String metric) throws DataFormatException {
        byte[] bytes = Base64.getDecoder()
                .decode(provider.path("histograms").path(metric).asText());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    @Test
    void serialized_histograms_decode_to_the_summary_percentiles() throws Exception {
        RunResult r = Results.golden();
        JsonNode tiny = json(r).path("providers").get(0);
        Summary s = r.summaries().get("llamacpp:tiny");
        Histogram ttft = decode(tiny, "ttft");
        assertThat(ttft.getTotalCount()).isEqualTo(s.ttftMs().count()).isEqualTo(3);
        assertThat(ttft.getValueAtPercentile(50) / 1000.0).isEqualTo(s.ttftMs().p50());
        assertThat(decode(tiny, "e2e").getMaxValue() / 1000.0)
                .isEqualTo(s.e2eMs().max());
        assertThat(decode(tiny, "itl").getTotalCount()).isEqualTo(s.itlMs().count());
        byte[] d = Base64.getDecoder()
                .decode(tiny.path("histograms").path("decode_tps").asText());
        DoubleHistogram decodeTps = DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(d), 0);
        assertThat(decodeTps.getValueAtPercentile(50))
                .isEqualTo(s.decodeTokensPerSecond().p50());
    }

    @Test
    void histograms_of_two_providers_can_be_added() throws Exception {
        JsonNode providers = json(Results.golden()).path("providers");
        Histogram all = decode(providers.get(0), "e2e");
        all.add(decode(providers.get(1), "e2e"));
        assertThat(all.getTotalCount()).isEqualTo(6);
        assertThat(all.getHighestTrackableValue()).isGreaterThanOrEqualTo(Histograms.MAX_MICROS);
    }

    @Test
    void holds_every_sample_and_the_skipped_provider_without_summary() throws IOException {
        JsonNode root = json(Results.golden());
        assertThat(root.path("samples")).hasSize(9);
        assertThat(root.path("samples").get(8).path("failure").path("kind").asText())
                .isEqualTo("RATE_LIMITED");
        JsonNode skipped = root.path("providers").get(2);
        assertThat(skipped.path("skipped_reason").asText()).startsWith("ANTHROPIC_API_KEY");
        assertThat(skipped.has("summary")).isFalse();
        assertThat(skipped.has("histograms")).isFalse();
    }

    @Test
    void undefined_numbers_are_null_not_zero() throws IOException {
        JsonNode gpt = json(Results.golden()).path("providers").get(1);
        assertThat(gpt.path("load_ms").isNull()).isTrue();
        assertThat(gpt.path("summary").path("pass_rate").isNull()).isTrue();
        assertThat(gpt.path("summary").path("cost_usd").isNull()).isTrue();
    }
}
