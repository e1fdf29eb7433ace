package dev.vernier.report;

import static dev.vernier.report.Results.ms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with reasoning models in every report: an effort sweep of an API model that hides its
 * reasoning (low and high), a self-hosted model that streams its thinking (with markup in it), and a
 * plain model. Checks the columns, the transparency figures, the charts, the sweep tables and that the
 * best-value mark compares TTFT only among providers whose first token is of the same kind.
 */
class ReasoningReportTest {

    @TempDir
    Path dir;

    private static final String THOUGHT = "<b>think</b> & <script>x()</script>";

    /** {@code answer} answer chunks 10 ms apart from {@code firstAnswerMs}; reasoning chunks before it. */
    private static Sample sample(
            int seq,
            String provider,
            int reasoningChunks,
            long firstMs,
            long firstAnswerMs,
            int answer,
            TokenCounts tokens,
            Double cost,
            Double hiddenCost,
            boolean pass) {
        List<Long> thoughts = new ArrayList<>();
        for (int i = 0; i < reasoningChunks; i++) {
            thoughts.add(ms(firstMs + i * 10L));
        }
        List<Long> chunks = new ArrayList<>();
        for (int i = 0; i < answer; i++) {
            chunks.add(ms(firstAnswerMs + i * 10L));
        }
        Map<String, Double> stats = new java.util.LinkedHashMap<>();
        if (cost != null) {
            stats.put(Sample.COST_STAT, cost);
        }
        if (hiddenCost != null) {
            stats.put(Sample.HIDDEN_REASONING_COST_STAT, hiddenCost);
        }
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("capital")
                .promptId("ask")
                .repeat(seq)
                .startedAt(Results.START.plusSeconds(seq))
                .sendNanos(ms(seq * 1000L))
                .intendedNanos(ms(seq * 1000L))
                .reasoningNanos(thoughts)
                .chunkNanos(chunks)
                .endNanos(ms(firstAnswerMs + answer * 10L))
                .prompt("Capital of France?")
                .text("Paris")
                .reasoningText(reasoningChunks > 0 ? THOUGHT : "")
                .finishReason(FinishReason.STOP)
                .tokens(tokens)
                .providerStats(stats)
                .scores(Results.capital(pass))
                .build();
    }

    private static TokenCounts usage(long output, long reasoning) {
        return new TokenCounts(10, output, -1, reasoning, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE);
    }

    /** A provider run with reasoning settings, 2 s window. */
    private static ProviderRun reasoning(String id, AccessMode mode, Reasoning settings, String sweepOf) {
        return new ProviderRun(id, mode, null, -1, null, ms(2000), 1, null, null, settings, sweepOf);
    }

    static RunResult run() {
        Reasoning low = new Reasoning(Reasoning.Effort.LOW, null, null);
        Reasoning high = new Reasoning(Reasoning.Effort.HIGH, null, null);
        List<ProviderRun> providers = List.of(
                reasoning("openai:gpt-5-mini@low", AccessMode.PROPRIETARY_API, low, "openai:gpt-5-mini"),
                reasoning("openai:gpt-5-mini@high", AccessMode.PROPRIETARY_API, high, "openai:gpt-5-mini"),
                reasoning("ollama:qwen3", AccessMode.SELF_HOSTED_SERVER, new Reasoning(null, null, null), null),
                new ProviderRun(
                        "ollama:qwen3b",
                        AccessMode.SELF_HOSTED_SERVER,
                        null,
                        -1,
                        null,
                        ms(2000),
                        1,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        "plain", AccessMode.SELF_HOSTED_SERVER, null, -1, null, ms(2000), 1, null, null, null, null));
        // output $8 per 1M tokens: 20 hidden tokens cost 0.00016 of 0.00024 (30 output tokens)
        TokenCounts thinking = new TokenCounts(10, 9, -1, -1, CountSource.PROVIDER_NATIVE, CountSource.PROVIDER_NATIVE)
                .withVisibleReasoning(5, CountSource.CHUNK_COUNT);
        List<Sample> samples = List.of(
                sample(0, "openai:gpt-5-mini@low", 0, 0, 300, 10, usage(30, 20), 0.00026, 0.00016, false),
                sample(1, "openai:gpt-5-mini@low", 0, 0, 320, 10, usage(30, 20), 0.00026, 0.00016, true),
                sample(2, "openai:gpt-5-mini@high", 0, 0, 900, 10, usage(90, 80), 0.00074, 0.00064, true),
                sample(3, "openai:gpt-5-mini@high", 0, 0, 950, 10, usage(90, 80), 0.00074, 0.00064, true),
                sample(4, "ollama:qwen3", 5, 50, 200, 4, thinking, null, null, true),
                sample(5, "ollama:qwen3b", 5, 80, 230, 4, thinking, null, null, true),
                sample(6, "plain", 0, 0, 40, 4, usage(4, -1), null, null, true));
        return new RunResult(
                "reasoning",
                "suites/r.yaml",
                Results.START,
                Results.START.plusSeconds(9),
                Map.of(),
                providers,
                samples);
    }

    @Test
    void samples_csv_splits_billed_output_into_answer_visible_and_hidden_with_sources() throws IOException {
        new CsvReportWriter().write(run(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("samples.csv"));
        CSVRecord hidden = rows.get(0);
        assertThat(hidden.get("billed_output_tokens")).isEqualTo("30");
        assertThat(hidden.get("answer_tokens")).isEqualTo("10");
        assertThat(hidden.get("hidden_reasoning_tokens")).isEqualTo("20");
        assertThat(hidden.get("hidden_reasoning_source")).isEqualTo("SERVER_USAGE");
        assertThat(hidden.get("output_tokens")).isEqualTo("10");
        assertThat(hidden.get("hidden_reasoning_cost_usd")).isEqualTo("0.00016");
        CSVRecord streamed = rows.get(4);
        assertThat(streamed.get("ttft_ms")).isEqualTo("50.000");
        assertThat(streamed.get("first_answer_ms")).isEqualTo("200.000");
        assertThat(streamed.get("reasoning_ms")).isEqualTo("150.000");
        assertThat(streamed.get("visible_reasoning_tokens")).isEqualTo("5");
        assertThat(streamed.get("visible_reasoning_source")).isEqualTo("CHUNK_COUNT");
        assertThat(streamed.get("answer_tokens")).isEqualTo("4");
        assertThat(streamed.get("answer_tokens_source")).isEqualTo("CHUNK_COUNT");
        assertThat(streamed.get("reasoning_text")).isEqualTo(THOUGHT);
    }

    @Test
    void summary_csv_gives_the_transparency_shares_and_the_sweep_settings() throws IOException {
        new CsvReportWriter().write(run(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("summary.csv"));
        CSVRecord low = rows.get(0);
        assertThat(low.get("hidden_reasoning_tokens")).isEqualTo("40");
        assertThat(low.get("billed_output_tokens")).isEqualTo("60");
        assertThat(low.get("hidden_output_share")).isEqualTo("0.6667");
        assertThat(low.get("hidden_cost_share")).isEqualTo("0.6154"); // 0.00032 of 0.00052
        assertThat(low.get("reasoning")).isEqualTo("effort low");
        assertThat(low.get("sweep_of")).isEqualTo("openai:gpt-5-mini");
        assertThat(rows.get(2).get("hidden_output_share")).isEqualTo("0.0000");
        assertThat(rows.get(2).get("hidden_cost_share")).isEmpty(); // not priced
    }

    @Test
    void html_shows_the_reasoning_escaped_beside_the_answer_and_the_reasoning_charts_and_tables() {
        String html = new HtmlReportWriter().render(run());

        assertThat(html)
                .contains("<details class=\"reasoning\">")
                .contains("&lt;b&gt;think&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;")
                .doesNotContain("<script>x()")
                .contains("id=\"" + ReasoningCharts.PHASES_ID + "\"")
                .contains("aria-label=\"Stacked bars of waiting, reasoning and answer time per provider\"")
                .contains("aria-label=\"Pass rate against median latency per reasoning effort level, sized by cost\"")
                .contains("<h3>Effort sweep: openai:gpt-5-mini</h3>")
                .contains("Transparency (reasoning you can read)")
                .contains("66.7% of billed output tokens not shown (61.5% of cost)");
    }

    @Test
    void ttft_is_marked_best_only_among_providers_whose_first_token_is_of_the_same_kind() {
        String html = new HtmlReportWriter().render(run());

        // reasoning first: ollama:qwen3 (50 ms) beats ollama:qwen3b (80 ms); answer first: plain (40 ms)
        // beats the two sweep levels; each gets a mark titled by its group
        String qwen = decisionRow(html, "ollama:qwen3");
        String qwenB = decisionRow(html, "ollama:qwen3b");
        String plain = decisionRow(html, "plain");
        assertThat(qwen).contains("title=\"best among providers whose first token is reasoning\"");
        assertThat(qwenB).doesNotContain("whose first token is reasoning");
        assertThat(plain).contains("title=\"best among providers whose first token is answer\"");
        // time to first answer compares everyone: plain's 40 ms, not the reasoning models' later answers
        assertThat(plain).contains("title=\"best in this column\" data-v=\"40.0");
        assertThat(qwen).contains("<td class=\"num\" data-v=\"200.063\">");
    }

    /** The decision table's row of one provider. */
    private static String decisionRow(String html, String provider) {
        int table = html.indexOf("id=\"decision\"");
        int start = html.indexOf("<th scope=\"row\" data-v=\"" + provider + "\">", table);
        return html.substring(start, html.indexOf("</tr>", start));
    }

    @Test
    void markdown_and_json_list_the_sweep_levels_in_effort_order() throws IOException {
        String md = new MarkdownReportWriter().render(run());
        JsonNode json = new ObjectMapper().readTree(new JsonReportWriter().render(run()));

        assertThat(md).contains("Reasoning effort sweeps").contains("| openai:gpt-5-mini@low | low | 50.0% |");
        JsonNode levels = json.at("/effort_sweeps/0/levels");
        assertThat(levels).hasSize(2);
        assertThat(levels.get(0).path("effort").asText()).isEqualTo("low");
        assertThat(levels.get(1).path("effort").asText()).isEqualTo("high");
        assertThat(levels.get(1).path("pass_rate").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/providers/0/reasoning/effort").asText()).isEqualTo("low");
        assertThat(json.at("/providers/0/summary/reasoning/hidden_output_share").asDouble())
                .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }
}
