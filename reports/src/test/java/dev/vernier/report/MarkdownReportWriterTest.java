package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownReportWriterTest {

    @Test
    void escape_keeps_pipes_and_line_breaks_from_breaking_a_table_row() {
        assertThat(MarkdownReportWriter.escape("a|b\nc\r\nd")).isEqualTo("a\\|b c d");
    }

    @Test
    void escape_doubles_backslashes_so_an_escaped_pipe_cannot_be_unescaped() {
        assertThat(MarkdownReportWriter.escape("x\\|y")).isEqualTo("x\\\\\\|y");
    }

    @Test
    void escape_makes_html_and_emphasis_inert() {
        assertThat(MarkdownReportWriter.escape("<img src=x onerror=alert(1)> *b* [l](javascript:x)"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt; \\*b\\* \\[l\\](javascript:x)");
    }

    @Test
    void every_table_row_has_as_many_cells_as_the_header() {
        String md = new MarkdownReportWriter().render(Results.golden());
        long[] cells = md.lines()
                .filter(l -> l.startsWith("|"))
                .mapToLong(
                        l -> l.replace("\\|", "").chars().filter(c -> c == '|').count())
                .distinct()
                .toArray();
        assertThat(cells).containsExactly(18);
        assertThat(md).contains("golden\\|suite").contains("not measured");
    }
}
