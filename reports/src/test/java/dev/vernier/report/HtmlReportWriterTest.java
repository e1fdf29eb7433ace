package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    @TempDir
    Path dir;

    private String page() throws IOException {
        return page(Results.mixed());
    }

    private String page(RunResult r) throws IOException {
        new HtmlReportWriter().write(r, dir);
        return Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void escape_neutralises_all_five_html_metacharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void script_tag_in_model_output_appears_only_escaped() throws IOException {
        String html = page();
        assertThat(html).doesNotContain(Results.SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(count(html.toLowerCase(), "<script"))
                .as("only the page's data block and script")
                .isEqualTo(2);
    }

    @Test
    void attribute_breakout_in_model_output_appears_only_escaped() throws IOException {
        String html = page();
        assertThat(html)
                .doesNotContain(Results.IMG)
                .doesNotContain("<img")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void suite_name_provider_facts_and_failure_messages_are_escaped() throws IOException {
        String html = page();
        assertThat(html)
                .contains("quick&lt;start&gt;")
                .doesNotContain("quick<start>")
                .contains("echo&lt;b&gt;")
                .doesNotContain("echo<b>")
                .contains("overloaded, retry &lt;later&gt;")
                .doesNotContain("<later>");
    }

    @Test
    void json_data_block_cannot_be_closed_by_result_text() throws IOException {
        RunResult base = Results.mixed();
        RunResult hostile = new RunResult(
                "</script><script>alert(1)</script>\u2028",
                base.suiteFile(),
                base.startedAt(),
                base.finishedAt(),
                base.environment(),
                base.providers(),
                base.samples());
        String html = page(hostile);
        Matcher data = Pattern.compile(
                        "<script type=\"application/json\" id=\"vernier-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(data.find()).isTrue();
        assertThat(data.group(1))
                .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)")
                .doesNotContain("<")
                .doesNotContain(">")
                .doesNotContain("\u2028");
        assertThat(count(html.toLowerCase(), "</script")).isEqualTo(2);
    }

    @Test
    void no_event_handler_or_link_attribute_carries_result_text() throws IOException {
        String html = page();
        Matcher tags = Pattern.compile("<[a-zA-Z][^>]*>").matcher(html);
        int seen = 0;
        while (tags.find()) {
            seen++;
            assertThat(tags.group())
                    .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                    .doesNotContainIgnoringCase("javascript:")
                    .doesNotContainPattern("(?i)\\s(src|href)=\"[^#]");
        }
        assertThat(seen).isGreaterThan(100);
    }

    @Test
    void page_is_self_contained_and_locked_down_by_csp() throws IOException {
        String html = page();
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<style>")
                .contains("Content-Security-Policy")
                .contains("default-src 'none'")
                .contains("script-src 'sha256-")
                .doesNotContain("<link")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http")
                .doesNotContain("@import")
                .doesNotContain("url(");
    }

    @Test
    void header_shows_run_facts_and_skipped_providers_with_reasons() throws IOException {
        String html = page();
        assertThat(html)
                .contains("2026-01-01T00:00:00Z")
                .contains("5.0 s")
                .contains("4 measured + 1 warm-up")
                .contains("<dt>java.version</dt><dd>17.0.15</dd>")
                .contains("<dt>Vernier version</dt><dd>unknown</dd>")
                .contains("2 ran, 1 skipped")
                .contains(
                        "openai:gpt</strong> (proprietary API): OPENAI_API_KEY is not set. Export it, then run again.");
    }

    @Test
    void decision_table_marks_the_best_value_and_says_not_measured_for_quality_and_cost() throws IOException {
        String html = page();
        assertThat(html)
                .contains("<table class=\"sortable decision\"")
                .contains("stays on this machine")
                .contains("data-sort=\"num\">TTFT p50 (ms)")
                .contains("<td class=\"num na\" data-v=\"\">not measured</td>")
                .contains("class=\"num best\" title=\"best in this column\"");
        // pass rate, cost / 1k, cost / correct and self-hosted USD / 1M for both providers
        assertThat(count(html, "<td class=\"num na\" data-v=\"\">not measured</td>"))
                .isEqualTo(2 * 4);
    }

    @Test
    void charts_are_drawn_and_missing_ones_say_why() throws IOException {
        String html = page();
        assertThat(count(html, "<svg")).isEqualTo(3);
        assertThat(html)
                .contains("id=\"chart-latency\"")
                .contains("id=\"chart-scatter\"")
                .contains("id=\"chart-throughput\"")
                .contains("Not shown: no assertion results")
                .contains("Not shown: no concurrency sweep ran")
                .contains("Not shown: no API prices and no self-hosted hardware cost were declared");
    }

    @Test
    void debate_table_gives_measured_values_per_provider() throws IOException {
        String html = page(Results.golden());
        assertThat(html)
                .contains("The debate, measured")
                .contains("100.0% of 1 case \u00d7 prompt groups gave identical outputs on every repeat")
                .contains("prompts leaves to the vendor (proprietary API)")
                .contains("open weights: yes, licence MIT")
                .contains("1 of 4 requests failed (25.0%); 2 retries")
                .contains("75.0% of requests pass their assertions")
                .contains("50.0% of requests pass their assertions");
    }

    @Test
    void matrix_has_one_row_per_case_and_prompt_flagging_failures_and_disagreement() throws IOException {
        String html = page(Results.golden());
        assertThat(count(html, "<tr data-fail=")).isEqualTo(2);
        assertThat(html)
                .contains("<tr data-fail=\"0\" data-disagree=\"1\">")
                .contains("<tr data-fail=\"1\" data-disagree=\"1\" class=\"failrow\">")
                .contains("TIMEOUT: no completion within 1000 ms")
                .contains("<span class=\"muted\">all 2:</span> Paris.")
                .contains("&lt;b&gt;Roses&lt;/b&gt; &amp; *violets*");
    }

    @Test
    void method_section_publishes_the_formulas() throws IOException {
        String html = page();
        assertThat(html)
                .contains("<h2>How these numbers are computed</h2>")
                .contains("(E2E &minus; TTFT) / (N &minus; 1)")
                .contains("3 significant")
                .contains("(N &minus; 1) / (t_n &minus; t_1)");
    }

    @Test
    void numbers_use_a_dot_whatever_the_default_locale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(page(Results.golden())).contains("12.3 s").doesNotContain("12,3 s");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void cost_is_shown_when_every_request_is_priced_and_unknown_when_one_is_not() throws IOException {
        String html = page(Results.golden());
        // tiny: (0.00004 + 0.000042 + 0.000085 + 0.001) / 4 x 1000 = 0.29175; per correct 0.001167 / 3
        assertThat(html)
                .contains(">0.2918</td>")
                .contains(">0.00039</td>")
                .contains("USD 0.2918 per 1,000 requests; per correct answer $0.000389")
                .contains("<td class=\"num na\" data-v=\"\">unknown</td>")
                .contains("unknown (1 of 4 requests have no known cost)");
    }

    @Test
    void cost_vs_quality_is_drawn_for_providers_with_both() throws IOException {
        String html = page(Results.golden());
        assertThat(html)
                .contains("Scatter of pass rate against cost per 1,000 requests per provider")
                .contains("llamacpp:tiny: 75.0% pass, USD 0.2918 per 1,000 requests");
    }

    @Test
    void statistics_give_bootstrap_intervals_paired_comparisons_and_consistency() throws IOException {
        String html = page(Results.golden());
        if (System.getProperty("vernier.dump") != null) {
            Files.writeString(Path.of(System.getProperty("vernier.dump")), html);
        }
        assertThat(html)
                .contains("<section id=\"statistics\">")
                .contains("id=\"stats-ci\"")
                .contains("Median E2E (ms), 95% CI")
                .contains("<li>E2E: ")
                .contains("<li>Pass/fail: no significant difference in pass rate between "
                        + "llamacpp:tiny and openai:gpt-4.1-mini")
                .contains("id=\"stats-consistency\"");
    }
}
