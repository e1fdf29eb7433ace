package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    @TempDir
    Path dir;

    private String page() throws IOException {
        new HtmlReportWriter().write(Results.mixed(), dir);
        return Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    @Test
    void escape_neutralises_all_five_html_metacharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void script_tag_in_model_output_appears_only_escaped() throws IOException {
        String html = page();
        assertThat(html).doesNotContain(Results.SCRIPT).doesNotContainIgnoringCase("<script")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void attribute_breakout_in_model_output_appears_only_escaped() throws IOException {
        String html = page();
        assertThat(html).doesNotContain(Results.IMG).doesNotContain("<img")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void suite_name_provider_facts_and_failure_messages_are_escaped() throws IOException {
        String html = page();
        assertThat(html).contains("quick&lt;start&gt;").doesNotContain("quick<start>")
                .contains("echo&lt;b&gt;").doesNotContain("echo<b>")
                .contains("overloaded, retry &lt;later&gt;").doesNotContain("<later>");
    }

    @Test
    void page_is_self_contained() throws IOException {
        String html = page();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>")
                .doesNotContain("<link").doesNotContain("src=\"http").doesNotContain("href=\"http")
                .doesNotContain("@import");
    }

    @Test
    void header_shows_run_facts_and_skipped_providers_with_reasons() throws IOException {
        String html = page();
        assertThat(html).contains("2026-01-01T00:00:00Z").contains("5.0 s").contains("4 measured + 1 warm-up")
                .contains("<dt>java.version</dt><dd>17.0.15</dd>")
                .contains("openai:gpt</strong>: OPENAI_API_KEY is not set. Export it, then run again.");
    }

    @Test
    void summary_chart_and_method_sections_are_present() throws IOException {
        String html = page();
        assertThat(html).contains("<h2>Summary</h2>").contains("stays on this machine").contains("1234.500")
                .contains("<svg").contains("TTFT p95").contains("<h2>How these numbers are computed</h2>")
                .contains("(E2E &minus; TTFT) / (N &minus; 1)").contains("3 significant");
    }

    @Test
    void outputs_table_lists_every_sample() throws IOException {
        String html = page();
        assertThat(html.split("<pre class=\"out\">", -1)).hasSize(1 + 2 * 5);
        assertThat(html).contains("(warm-up)").contains("a, &quot;b&quot;\nc");
    }
}
