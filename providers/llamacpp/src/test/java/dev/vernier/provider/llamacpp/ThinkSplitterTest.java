package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a thinking model's {@code <think>...</think>} output into reasoning and answer, piece by piece. */
class ThinkSplitterTest {

    /** Keeps answer and reasoning chunks apart. */
    private static final class RecordingSink implements TokenSink {
        private final List<String> chunks = new ArrayList<>();
        private final List<String> reasoning = new ArrayList<>();

        @Override
        public void onChunk(String text, int tokens) {
            chunks.add(text);
        }

        @Override
        public void onReasoning(String text, int tokens) {
            reasoning.add(text);
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        List<String> chunks() {
            return chunks;
        }

        String text() {
            return String.join("", chunks);
        }

        List<String> reasoningChunks() {
            return reasoning;
        }

        String reasoningText() {
            return String.join("", reasoning);
        }
    }

    private static RecordingSink feed(ThinkSplitter.Tags tags, String... pieces) {
        RecordingSink sink = new RecordingSink();
        ThinkSplitter split = new ThinkSplitter(tags, sink);
        for (String p : pieces) {
            split.accept(p);
        }
        split.finish();
        return sink;
    }

    @Test
    void text_inside_the_tags_is_reasoning_and_the_answer_starts_after_the_blank_lines() {
        RecordingSink sink = feed(
                ThinkSplitter.Tags.THINK,
                "<think>",
                "\nOkay",
                ", two",
                " and two",
                ".\n",
                "</think>",
                "\n\n",
                "4",
                ".");

        assertThat(sink.reasoningText()).isEqualTo("\nOkay, two and two.\n");
        assertThat(sink.reasoningChunks()).containsExactly("\nOkay", ", two", " and two", ".\n");
        assertThat(sink.chunks()).containsExactly("4", ".");
    }

    @Test
    void tags_cut_across_pieces_are_found_and_never_shown() {
        RecordingSink sink = feed(ThinkSplitter.Tags.THINK, " <th", "ink>hm", "m</", "thi", "nk>Yes");

        assertThat(sink.reasoningText()).isEqualTo("hmm");
        assertThat(sink.text()).isEqualTo("Yes");
    }

    @Test
    void output_that_does_not_open_with_the_tag_is_all_answer_even_if_it_mentions_the_tag() {
        RecordingSink sink = feed(ThinkSplitter.Tags.THINK, "Use ", "<think>", " in HTML? No.");

        assertThat(sink.reasoningChunks()).isEmpty();
        assertThat(sink.text()).isEqualTo("Use <think> in HTML? No.");
    }

    @Test
    void reasoning_cut_off_before_its_closing_tag_stays_reasoning() {
        RecordingSink sink = new RecordingSink();
        ThinkSplitter split = new ThinkSplitter(ThinkSplitter.Tags.THINK, sink);
        split.accept("<think>Let me");
        split.accept(" see </th");
        split.finish();

        assertThat(sink.reasoningText()).isEqualTo("Let me see </th");
        assertThat(sink.chunks()).isEmpty();
        assertThat(split.reasoned()).isTrue();
        assertThat(split.rawReasoning()).isEqualTo("<think>Let me see </th");
    }

    @Test
    void the_raw_reasoning_keeps_the_tags_for_counting_its_tokens() {
        RecordingSink sink = new RecordingSink();
        ThinkSplitter split = new ThinkSplitter(ThinkSplitter.Tags.THINK, sink);
        split.accept("<think>a</think>\n\nb");
        split.finish();

        assertThat(split.rawReasoning()).isEqualTo("<think>a</think>");
        assertThat(sink.text()).isEqualTo("b");
    }

    @Test
    void other_tags_can_be_configured_and_splitting_turned_off() throws ConfigException {
        ThinkSplitter.Tags custom = ThinkSplitter.Tags.parse(List.of("<reasoning>", "</reasoning>"));

        assertThat(feed(custom, "<reasoning>x</reasoning>y").reasoningText()).isEqualTo("x");
        assertThat(feed(ThinkSplitter.Tags.parse(false), "<think>x</think>y").text())
                .isEqualTo("<think>x</think>y");
        assertThat(ThinkSplitter.Tags.parse(null)).isEqualTo(ThinkSplitter.Tags.THINK);
        assertThatThrownBy(() -> ThinkSplitter.Tags.parse(List.of("<think>")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'reasoning_tags' must be a list of the opening and the closing tag");
    }

    @Test
    void a_partial_closing_tag_at_a_pieces_end_is_held_until_it_is_known() {
        assertThat(ThinkSplitter.partialTag("abc</th", "</think>")).isEqualTo(4);
        assertThat(ThinkSplitter.partialTag("abc", "</think>")).isZero();
        assertThat(ThinkSplitter.partialTag("a<", "</think>")).isEqualTo(1);
    }
}
