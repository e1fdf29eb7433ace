package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-step reporting of load profiles, on the hand-built runs {@link Results#sweep()} (two providers x
 * three closed-loop steps, SLO TTFT &lt;= 500 ms) and {@link Results#openLoop()} (one open-loop step
 * whose requests waited 250 ms for a slot). Expected numbers are computed by hand in the comments;
 * percentiles are read from HdrHistograms (3 significant digits), so they are compared within 0.1%.
 */
class LoadStepsReportTest {

    @TempDir
    Path dir;

    private List<CSVRecord> steps(RunResult r) throws IOException {
        new CsvReportWriter().write(r, dir);
        try (Reader in = Files.newBufferedReader(dir.resolve(CsvReportWriter.STEPS_FILE))) {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)
                    .getRecords();
        }
    }

    private String html(RunResult r) {
        return new HtmlReportWriter().render(r);
    }

    private static double num(CSVRecord row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void steps_csv_has_the_documented_columns_and_one_row_per_provider_and_step() throws IOException {
        new CsvReportWriter().write(Results.sweep(), dir);
        String header =
                Files.readAllLines(dir.resolve(CsvReportWriter.STEPS_FILE)).get(0);
        assertThat(header)
                .isEqualTo("provider,step,load,concurrency,rate_per_s,arrivals,max_in_flight,requests,"
                        + "failures,error_rate,window_s,requests_per_s,output_tok_per_s,goodput_per_s,ttft_p50_ms,ttft_p95_ms,"
                        + "ttft_intended_p95_ms,ttft_intended_p99_ms,e2e_intended_p95_ms,queue_p99_ms,"
                        + "self_hosted_usd_per_1m_output_tokens,stop_reason");
        assertThat(steps(Results.sweep()))
                .extracting(r -> r.get("provider") + " " + r.get("step") + " " + r.get("load"))
                .containsExactly(
                        "vllm:small 0 concurrency 1",
                        "vllm:small 1 concurrency 4",
                        "vllm:small 2 concurrency 16",
                        "openai:gpt 0 concurrency 1",
                        "openai:gpt 1 concurrency 4",
                        "openai:gpt 2 concurrency 16");
    }

    @Test
    void steps_csv_gives_throughput_over_each_steps_own_window() throws IOException {
        List<CSVRecord> rows = steps(Results.sweep());
        // vllm:small: 10 x 10 tokens in 10 s; 20 x 10 in 5 s; 20 x 10 in 8 s
        assertThat(rows)
                .extracting(r -> r.get("output_tok_per_s"))
                .containsExactly(
                        "10.00",
                        "40.00",
                        "25.00",
                        // openai:gpt: 100 tokens in 10 s; 19 successful x 10 in 5 s; 5 x 10 in 2 s
                        "10.00",
                        "38.00",
                        "25.00");
        assertThat(rows)
                .extracting(r -> r.get("requests_per_s"))
                .containsExactly("1.000", "4.000", "2.500", "1.000", "3.800", "2.500");
        assertThat(rows)
                .extracting(r -> r.get("window_s"))
                .containsExactly("10.000", "5.000", "8.000", "10.000", "5.000", "2.000");
        CSVRecord gptAt4 = rows.get(4);
        assertThat(gptAt4.get("requests")).isEqualTo("20");
        assertThat(gptAt4.get("failures")).isEqualTo("1");
        assertThat(gptAt4.get("error_rate")).isEqualTo("0.0500");
        assertThat(gptAt4.get("concurrency")).isEqualTo("4");
        assertThat(gptAt4.get("rate_per_s")).isEmpty();
        assertThat(gptAt4.get("arrivals")).isEmpty();
        assertThat(gptAt4.get("max_in_flight")).isEmpty();
    }

    @Test
    void goodput_counts_only_requests_that_meet_the_slo_and_pass_their_assertions() throws IOException {
        List<CSVRecord> rows = steps(Results.sweep());
        // vllm:small step 1: 20 requests, one at TTFT 700 ms (> 500), one failing its assertion: 18 / 5 s
        assertThat(rows.get(1).get("goodput_per_s")).isEqualTo("3.600");
        assertThat(rows)
                .extracting(r -> r.get("goodput_per_s"))
                .containsExactly(
                        "1.000",
                        "3.600",
                        "0.000",
                        // openai:gpt: 10 / 10 s; every request at 600 ms or later misses
                        "1.000",
                        "0.000",
                        "0.000");
    }

    @Test
    void goodput_without_an_slo_counts_successful_passing_requests() throws IOException {
        // self: 10/10 s, 19 of 20 pass (one assertion fails)/5 s, 20/8 s; api: 10/10 s, 19 + 1 failed/5 s, 5/2 s
        assertThat(steps(Results.sweep(Slo.NONE)))
                .extracting(r -> Double.parseDouble(r.get("goodput_per_s")))
                .containsExactly(1.0, 3.8, 2.5, 1.0, 3.8, 2.5);
    }

    @Test
    void steps_csv_gives_latency_percentiles_per_step_and_the_stop_reason() throws IOException {
        List<CSVRecord> rows = steps(Results.sweep());
        CSVRecord at4 = rows.get(1);
        // 19 of 20 at 300 ms, one at 700 ms: p95 is the 19th value, p99 the 20th
        assertThat(num(at4, "ttft_p50_ms")).isCloseTo(300, withinPercentage(0.1));
        assertThat(num(at4, "ttft_p95_ms")).isCloseTo(300, withinPercentage(0.1));
        assertThat(num(at4, "ttft_intended_p95_ms")).isCloseTo(300, withinPercentage(0.1));
        assertThat(num(at4, "ttft_intended_p99_ms")).isCloseTo(700, withinPercentage(0.1));
        // E2E = last chunk = TTFT + 9 x 10 ms
        assertThat(num(at4, "e2e_intended_p95_ms")).isCloseTo(390, withinPercentage(0.1));
        assertThat(num(at4, "queue_p99_ms")).isEqualTo(0.0);
        assertThat(rows).extracting(r -> r.get("stop_reason")).containsExactly("", "", "", "", "", Results.STOPPED);
    }

    @Test
    void steps_csv_prices_each_self_hosted_step_at_its_own_throughput() throws IOException {
        List<CSVRecord> rows = steps(Results.sweep());
        // 0.80 USD/h / (tok/s x 3600) x 1e6 at 10, 40 and 25 tok/s; the API provider has no hardware
        assertThat(rows)
                .extracting(r -> r.get("self_hosted_usd_per_1m_output_tokens"))
                .containsExactly("22.22222222", "5.555555556", "8.888888889", "", "", "");
    }

    @Test
    void open_loop_queueing_delay_shows_in_the_columns_measured_from_the_intended_time() throws IOException {
        CSVRecord row = steps(Results.openLoop()).get(0);
        assertThat(row.get("load")).isEqualTo("2 req/s poisson (max 2 in flight)");
        assertThat(row.get("concurrency")).isEmpty();
        assertThat(row.get("rate_per_s")).isEqualTo("2.000");
        assertThat(row.get("arrivals")).isEqualTo("poisson");
        assertThat(row.get("max_in_flight")).isEqualTo("2");
        // TTFT 100 ms from t_send; every request waited 250 ms for a slot
        assertThat(num(row, "ttft_p95_ms")).isCloseTo(100, withinPercentage(0.1));
        assertThat(num(row, "ttft_intended_p95_ms")).isCloseTo(350, withinPercentage(0.1));
        assertThat(num(row, "ttft_intended_p99_ms")).isCloseTo(350, withinPercentage(0.1));
        assertThat(num(row, "e2e_intended_p95_ms")).isCloseTo(440, withinPercentage(0.1));
        assertThat(num(row, "queue_p99_ms")).isCloseTo(250, withinPercentage(0.1));
        // SLO 300 ms: met from t_send, missed from t_intended, so nothing is good
        assertThat(row.get("goodput_per_s")).isEqualTo("0.000");
    }

    @Test
    void samples_csv_carries_the_step_and_the_latency_from_the_intended_time() throws IOException {
        new CsvReportWriter().write(Results.openLoop(), dir);
        try (Reader in = Files.newBufferedReader(dir.resolve(CsvReportWriter.SAMPLES_FILE))) {
            CSVRecord first = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)
                    .getRecords()
                    .get(3);
            assertThat(first.get("step")).isEqualTo("0");
            assertThat(first.get("intended_ms")).isEqualTo("300.000");
            assertThat(first.get("queue_ms")).isEqualTo("250.000");
            assertThat(first.get("ttft_ms")).isEqualTo("100.000");
            assertThat(first.get("ttft_intended_ms")).isEqualTo("350.000");
            assertThat(first.get("e2e_intended_ms")).isEqualTo("440.000");
        }
    }

    @Test
    void single_step_runs_write_one_step_row_per_provider_that_ran() throws IOException {
        List<CSVRecord> rows = steps(Results.mixed());
        // llamacpp:tiny and echo ran (no recorded steps: one closed-loop step at their concurrency); openai skipped
        assertThat(rows)
                .extracting(r -> r.get("provider") + " " + r.get("load"))
                .containsExactly("llamacpp:tiny concurrency 1", "echo concurrency 1");
        assertThat(rows.get(0).get("requests")).isEqualTo("2");
        assertThat(rows.get(0).get("window_s")).isEqualTo("2.000");
    }

    // ----- saturation point -----------------------------------------------------------------------

    @Test
    void saturation_point_is_the_highest_step_whose_p95_ttft_from_intended_meets_the_slo() {
        String html = html(Results.sweep());
        assertThat(html)
                .contains("<li><strong>vllm:small</strong>: saturation point: concurrency 4 (highest step "
                        + "whose p95 TTFT from the intended time is within the SLO of 500 ms)</li>")
                .contains("<li><strong>openai:gpt</strong>: saturation point: concurrency 1 (highest step whose p95 "
                        + "TTFT from the intended time is within the SLO of 500 ms)</li>");
    }

    @Test
    void saturation_sentence_says_when_no_step_met_the_slo_or_none_was_declared() {
        assertThat(html(Results.sweep(new Slo(50, Double.NaN, Double.NaN))))
                .contains("<strong>vllm:small</strong>: no step met the SLO (p95 TTFT from the intended time within "
                        + "50 ms)");
        assertThat(html(Results.sweep(Slo.NONE)))
                .contains("<strong>vllm:small</strong>: declare slo.ttft_ms in the suite to get a saturation point");
        assertThat(html(Results.sweep(new Slo(Double.NaN, 2000, Double.NaN))))
                .contains("<strong>openai:gpt</strong>: declare slo.ttft_ms in the suite to get a saturation point");
    }

    @Test
    void saturation_sentence_warns_when_every_step_met_the_slo() {
        assertThat(html(Results.sweep(new Slo(1000, Double.NaN, Double.NaN))))
                .contains("<strong>vllm:small</strong>: saturation point: concurrency 16 (highest step whose p95 TTFT "
                        + "from the intended time is within the SLO of 1000 ms); every step met it, so the provider "
                        + "may sustain more than the highest load tried");
    }

    @Test
    void open_loop_step_with_queueing_meets_no_slo_and_shows_the_steps_section() {
        String html = html(Results.openLoop());
        assertThat(html)
                .contains("<section id=\"steps\">")
                .contains("<a href=\"#steps\">Load steps</a>")
                .contains("<td>2 req/s poisson (max 2 in flight)</td>")
                .contains("<strong>ollama:tiny</strong>: no step met the SLO (p95 TTFT from the intended time within "
                        + "300 ms)")
                .contains("Not shown: no concurrency sweep ran; each provider ran one load step (ollama:tiny: 2 req/s "
                        + "poisson (max 2 in flight)).");
    }

    // ----- HTML -----------------------------------------------------------------------------------

    @Test
    void load_chart_draws_a_line_and_a_titled_marker_per_provider_and_step() {
        String html = html(Results.sweep());
        String svg = figure(html, "chart-concurrency");
        assertThat(svg).contains("<h3>Throughput and latency vs concurrency</h3>");
        // one throughput line and one latency line per provider
        assertThat(count(svg, "class=\"step-line\"")).isEqualTo(2 * 2);
        assertThat(svg)
                .contains("stroke=\"" + Svg.colour(0) + "\" fill=\"none\" class=\"step-line\"")
                .contains("stroke=\"" + Svg.colour(1) + "\" fill=\"none\" class=\"step-line\"");
        // a marker in each panel for each of the 6 steps, each with its own tooltip
        assertThat(count(svg, "class=\"step-point\"><title>")).isEqualTo(2 * 6);
        assertThat(svg)
                .contains("<title>vllm:small: concurrency 4: 40.00 output tok/s, 4.00 req/s, goodput 3.60 req/s; "
                        + "p95 TTFT from intended 300.0 ms; 20 requests, 0 failed</title>");
        assertThat(svg)
                .contains("class=\"saturation\"><title>vllm:small: saturation point at concurrency 4</title>")
                .contains("class=\"saturation\"><title>openai:gpt: saturation point at concurrency 1</title>")
                .contains(">SLO 500 ms</text>")
                // a geometric sweep: log scale, ticked at the concurrencies that ran
                .contains(">concurrency (requests in flight) (log scale)</text>")
                .contains("class=\"small\">1</text>")
                .contains("class=\"small\">4</text>")
                .contains("class=\"small\">16</text>");
    }

    @Test
    void load_chart_tooltip_of_a_stopped_step_gives_the_reason_escaped() {
        String svg = figure(html(Results.sweep()), "chart-concurrency");
        assertThat(svg)
                .contains("stopped early: p95 TTFT 812.3 ms &gt; 500 ms after 5 requests &lt;now&gt;")
                .doesNotContain("<now>");
    }

    @Test
    void steps_table_has_a_row_per_provider_and_step_with_goodput_and_stop_reason() {
        String html = html(Results.sweep());
        String table = between(html, "<table class=\"steps\" id=\"steps-table\">", "</table>");
        assertThat(count(table, "<tr")).isEqualTo(1 + 6);
        assertThat(table)
                .contains("<th class=\"num\">Goodput (req/s)</th>")
                .contains("<th class=\"num\">Self-hosted USD / 1M output tokens</th>")
                .contains("<tr class=\"saturation\" title=\"saturation point\"><th scope=\"row\">vllm:small</th>"
                        + "<td>concurrency 4</td><td class=\"num\">20</td><td class=\"num\">0 (0.0%)</td>"
                        + "<td class=\"num\">4.00</td><td class=\"num\">40.00</td><td class=\"num\">3.60</td>")
                .contains("<td class=\"num\">5.5556</td>")
                .contains("<td>stopped early: p95 TTFT 812.3 ms &gt; 500 ms after 5 requests &lt;now&gt;</td>")
                .contains("<td class=\"num over\" title=\"above the TTFT SLO\">900.")
                .doesNotContain("<now>");
        assertThat(html).contains("SLO: TTFT &lt;= 500 ms (from the intended send time)");
    }

    @Test
    void decision_table_gives_goodput_over_all_steps_when_an_slo_is_declared() {
        String html = html(Results.sweep());
        // vllm:small: 10 + 18 + 0 good requests over 10 + 5 + 8 s
        assertThat(html)
                .contains("data-sort=\"num\">Goodput (req/s)</th>")
                .contains("data-v=\"" + (28 / 23.0) + "\">1.22</td>");
        assertThat(html(Results.sweep(Slo.NONE))).doesNotContain("data-v=\"" + (28 / 23.0) + "\"");
    }

    @Test
    void no_steps_section_without_a_sweep_an_open_loop_step_or_an_early_stop() {
        String html = html(Results.golden());
        assertThat(html).doesNotContain("<section id=\"steps\">").doesNotContain("href=\"#steps\"");
    }

    @Test
    void method_section_gives_the_formulas_of_goodput_queueing_and_saturation() {
        assertThat(html(Results.golden()))
                .contains("<td>goodput</td>")
                .contains("<td>saturation point</td>")
                .contains("<td>latency from intended</td>")
                .contains("<code>TTFT + queueing delay = t_1 &minus; t_intended</code>");
    }

    // ----- JSON and Markdown ----------------------------------------------------------------------

    @Test
    void result_json_holds_the_slo_the_steps_with_summaries_and_the_saturation_point() throws IOException {
        JsonNode root = new ObjectMapper().readTree(new JsonReportWriter().render(Results.sweep()));
        assertThat(root.at("/slo/ttft_ms").asDouble()).isEqualTo(500.0);
        assertThat(root.at("/slo/e2e_ms").isNull()).isTrue();
        JsonNode self = root.at("/providers/0");
        assertThat(self.at("/steps")).hasSize(3);
        JsonNode at4 = self.at("/steps/1");
        assertThat(at4.at("/label").asText()).isEqualTo("concurrency 4");
        assertThat(at4.at("/load/kind").asText()).isEqualTo("closed");
        assertThat(at4.at("/load/concurrency").asInt()).isEqualTo(4);
        assertThat(at4.at("/window_ns").asLong()).isEqualTo(5_000_000_000L);
        assertThat(at4.at("/summary/requests").asLong()).isEqualTo(20);
        assertThat(at4.at("/summary/output_tok_per_s").asDouble()).isEqualTo(40.0);
        assertThat(at4.at("/summary/goodput_per_s").asDouble()).isCloseTo(3.6, within(1e-12));
        assertThat(at4.at("/summary/ttft_intended_ms/p99").asDouble()).isCloseTo(700, withinPercentage(0.1));
        assertThat(at4.at("/self_hosted_usd_per_1m_output_tokens").asDouble())
                .isCloseTo(0.80 / (40 * 3600.0) * 1e6, within(1e-9));
        assertThat(self.at("/saturation/step").asInt()).isEqualTo(1);
        assertThat(self.at("/saturation/load").asText()).isEqualTo("concurrency 4");
        assertThat(self.at("/summary/goodput_per_s").asDouble()).isCloseTo(28 / 23.0, within(1e-12));
        JsonNode api = root.at("/providers/1");
        assertThat(api.at("/steps/2/stop_reason").asText()).isEqualTo(Results.STOPPED);
        assertThat(api.at("/saturation/text").asText()).startsWith("saturation point: concurrency 1 (");

        JsonNode open = new ObjectMapper()
                .readTree(new JsonReportWriter().render(Results.openLoop()))
                .at("/providers/0");
        assertThat(open.at("/steps/0/load/kind").asText()).isEqualTo("open");
        assertThat(open.at("/steps/0/load/rate_per_s").asDouble()).isEqualTo(2.0);
        assertThat(open.at("/steps/0/load/arrivals").asText()).isEqualTo("poisson");
        assertThat(open.at("/steps/0/load/max_in_flight").asInt()).isEqualTo(2);
        assertThat(open.at("/steps/0/summary/queue_ms/p99").asDouble()).isCloseTo(250, withinPercentage(0.1));
        assertThat(open.at("/saturation/step").isNull()).isTrue();
    }

    @Test
    void markdown_has_a_compact_steps_table_and_the_saturation_sentences_after_a_sweep() {
        String md = new MarkdownReportWriter().render(Results.sweep());
        assertThat(md)
                .contains("Load steps (SLO: TTFT &lt;= 500 ms;")
                .contains("| vllm:small | concurrency 4 | 20 | 0 (0.0%) | 4.00 | 40.00 | 3.60 | 300.0 | 300.0 | 0.000 |"
                        + "  |")
                .contains("| openai:gpt | concurrency 16 | 5 | 0 (0.0%) | 2.50 | 25.00 | 0.000 | 850.")
                .contains("stopped early: p95 TTFT 812.3 ms &gt; 500 ms after 5 requests &lt;now&gt; |")
                .contains(
                        "- vllm:small: saturation point: concurrency 4 (highest step whose p95 TTFT from the intended "
                                + "time is within the SLO of 500 ms)");
        assertThat(new MarkdownReportWriter().render(Results.golden())).doesNotContain("Load steps");
    }

    // ----- helpers --------------------------------------------------------------------------------

    private static String figure(String html, String id) {
        return between(html, "<figure id=\"" + id + "\">", "</figure>");
    }

    private static String between(String text, String start, String end) {
        Matcher m = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL)
                .matcher(text);
        assertThat(m.find()).as("found " + start).isTrue();
        return m.group(0);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
