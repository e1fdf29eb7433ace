package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWritersTest {

    /** A second writer claiming "csv". */
    static final class OtherCsv implements ReportWriter {
        @Override
        public String format() {
            return "csv";
        }

        @Override
        public void write(RunResult result, Path dir) {}
    }

    @Test
    void finds_the_bundled_writers_through_service_loader() {
        ReportWriters writers = ReportWriters.load();
        assertThat(writers.formats()).containsExactly("csv", "html", "json", "junit", "markdown");
        assertThat(writers.require("json")).isInstanceOf(JsonReportWriter.class);
        assertThat(writers.require("junit")).isInstanceOf(JunitReportWriter.class);
        assertThat(writers.require("markdown")).isInstanceOf(MarkdownReportWriter.class);
        assertThat(writers.require("html")).isInstanceOf(HtmlReportWriter.class);
        assertThat(writers.require("csv")).isInstanceOf(CsvReportWriter.class);
    }

    @Test
    void rejects_two_writers_for_one_format_naming_both() {
        assertThatThrownBy(() -> ReportWriters.of(List.of(new CsvReportWriter(), new OtherCsv())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'csv' is declared twice")
                .hasMessageContaining(CsvReportWriter.class.getName())
                .hasMessageContaining(OtherCsv.class.getName());
    }

    @Test
    void unknown_format_error_lists_the_known_ones() {
        ReportWriters writers = ReportWriters.of(List.of(new CsvReportWriter(), new HtmlReportWriter()));
        assertThat(writers.find("pdf")).isEmpty();
        assertThatThrownBy(() -> writers.require("pdf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown report format 'pdf'. Known formats: csv, html.");
    }
}
