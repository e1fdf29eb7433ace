package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a three-turn conversation whose last turn was not run: the JSON and Markdown reports give
 * the conversation's totals, the HTML matrix one row per turn with the user message escaped.
 */
class ConversationReportTest {

    @TempDir
    Path dir;

    private static Sample turn(int index, String prompt, String text, long input, Failure failure) {
        Sample s = Results.sample(
                index,
                "sim",
                false,
                failure == null ? List.of(Results.ms(100), Results.ms(120)) : List.of(),
                Results.ms(failure == null ? 130 : 0),
                text,
                failure == null ? TokenCounts.of(input, 2, CountSource.SERVER_USAGE) : TokenCounts.UNKNOWN,
                failure,
                1);
        return s.toBuilder()
                .prompt(prompt)
                .sendNanos(Results.ms(1000L * index))
                .turn(new Turn("c1/p1/r0", index, 3))
                .providerStats(failure == null ? Map.of(Sample.COST_STAT, 0.5) : Map.of())
                .build();
    }

    private static RunResult run() {
        List<Sample> samples = List.of(
                turn(0, "Plan a trip", "Go north.", 10, null),
                turn(1, "<b>why</b>?", "Because.", 25, null),
                turn(
                        2,
                        "And then?",
                        "",
                        -1,
                        new Failure(FailureKind.NOT_RUN, 0, false, "not run: turn 1 of this conversation failed")));
        return Results.oneProvider("chat", "sim", samples);
    }

    @Test
    void json_gives_each_conversation_its_total_time_cost_and_input_per_turn() throws Exception {
        JsonNode c = JsonReportWriter.tree(run()).path("conversations").get(0);

        assertThat(c.path("conversation_id").asText()).isEqualTo("c1/p1/r0");
        assertThat(c.path("turns").asInt()).isEqualTo(3);
        assertThat(c.path("turns_sent").asInt()).isEqualTo(2);
        assertThat(c.path("turns_succeeded").asInt()).isEqualTo(2);
        assertThat(c.path("total_ms").asDouble())
                .as("t_send 0 to the end of turn 1 at 1000 + 130")
                .isEqualTo(1130.0);
        assertThat(c.path("e2e_sum_ms").asDouble()).isEqualTo(240.0);
        assertThat(c.path("cost_usd").asDouble()).isEqualTo(1.0);
        assertThat(c.path("input_tokens").toString()).isEqualTo("[10,25]");
    }

    @Test
    void markdown_lists_the_conversation_with_its_input_growing() {
        String md = new MarkdownReportWriter().render(run());

        assertThat(md).contains("| sim | c1/p1/r0 | 2/3 | 1130.000 ms | 240.000 ms | $1 | 10 → 25 |");
    }

    @Test
    void the_html_matrix_has_one_row_per_turn_with_its_user_message_escaped() throws Exception {
        new HtmlReportWriter().write(run(), dir);
        String html = Files.readString(dir.resolve(HtmlReportWriter.FILE));

        assertThat(html).contains("<span class=\"muted\">turn 1</span>", "<span class=\"muted\">turn 2</span>");
        assertThat(html).contains("&lt;b&gt;why&lt;/b&gt;?").doesNotContain("<b>why</b>");
        assertThat(html).contains("NOT_RUN");
    }
}
