package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.TokenSink;
import java.util.List;
import java.util.Objects;

/**
 * Splits a GGUF model's streamed output into reasoning and answer when the model opens it with a
 * reasoning tag (Qwen3, DeepSeek-R1 distills and other thinking models write
 * {@code <think>...</think>} before their answer): text inside the tags goes to the sink as reasoning,
 * text after the closing tag (less the blank lines that follow it) as the answer, and the tags
 * themselves to neither. Output that does not open with the tag is all answer, as before. Pieces go to
 * the sink as they arrive; only text that may be the start of a tag waits for the next piece.
 *
 * <p>One instance per request, on the inference thread. Limits: the opening tag must come first
 * (leading whitespace allowed); a chat template that writes the opening tag into the prompt itself,
 * so the output starts inside the reasoning, is not detected.
 */
final class ThinkSplitter {

    /**
     * The tags around a model's reasoning.
     *
     * @param open  the opening tag, e.g. {@code <think>}
     * @param close the closing tag, e.g. {@code </think>}
     */
    record Tags(String open, String close) {

        /** The tags most thinking models use. */
        static final Tags THINK = new Tags("<think>", "</think>");

        /** The provider option that sets them. */
        static final String OPTION = "reasoning_tags";

        Tags {
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(close, "close");
        }

        /**
         * The {@code reasoning_tags} option: absent for {@link #THINK}, {@code false} for no splitting
         * (null), or a list of the opening and the closing tag.
         */
        static Tags parse(Object value) throws ConfigException {
            if (value == null) {
                return THINK;
            }
            if (Boolean.FALSE.equals(value)) {
                return null;
            }
            if (value instanceof List<?> list
                    && list.size() == 2
                    && list.get(0) instanceof String o
                    && list.get(1) instanceof String c
                    && !o.isBlank()
                    && !c.isBlank()
                    && !o.equals(c)) {
                return new Tags(o, c);
            }
            throw new ConfigException(
                    OPTION,
                    "'" + OPTION + "' must be a list of the opening and the closing tag, e.g. [\"<think>\","
                            + " \"</think>\"], or false to keep the whole output as the answer; was '" + value + "'");
        }
    }

    private enum State {
        START,
        REASONING,
        AFTER_CLOSE,
        ANSWER
    }

    private final Tags tags;
    private final TokenSink sink;
    private final StringBuilder held = new StringBuilder();
    private final StringBuilder rawReasoning = new StringBuilder();
    private State state;
    private boolean opened;

    /** @param tags the tags, or null to pass every piece on as answer */
    ThinkSplitter(Tags tags, TokenSink sink) {
        this.tags = tags;
        this.sink = sink;
        this.state = tags == null ? State.ANSWER : State.START;
    }

    /** Takes one streamed piece of raw output. */
    void accept(String piece) {
        if (state == State.ANSWER && held.isEmpty()) {
            sink.onChunk(piece, 1);
            return;
        }
        held.append(piece);
        drain();
    }

    /** The output has ended: whatever is held goes out as what it was. */
    void finish() {
        if (held.isEmpty()) {
            return;
        }
        String rest = held.toString();
        held.setLength(0);
        if (state == State.REASONING) {
            rawReasoning.append(rest);
            sink.onReasoning(rest, 1);
        } else if (state != State.AFTER_CLOSE || !rest.isBlank()) {
            sink.onChunk(state == State.AFTER_CLOSE ? rest.stripLeading() : rest, 1);
        }
    }

    /** Whether the output opened with the reasoning tag. */
    boolean reasoned() {
        return opened;
    }

    /** The raw text of the reasoning, tags included, as the model wrote it (for counting its tokens). */
    String rawReasoning() {
        return rawReasoning.toString();
    }

    private void drain() {
        while (!held.isEmpty()) {
            String text = held.toString();
            switch (state) {
                case START -> {
                    String lead = text.stripLeading();
                    if (lead.startsWith(tags.open())) {
                        int at = text.indexOf(tags.open()) + tags.open().length();
                        rawReasoning.append(text, 0, at);
                        take(at);
                        state = State.REASONING;
                        opened = true;
                    } else if (tags.open().startsWith(lead)) {
                        return; // maybe the tag, not whole yet
                    } else {
                        state = State.ANSWER;
                        emitAnswer(text.length());
                    }
                }
                case REASONING -> {
                    int close = text.indexOf(tags.close());
                    if (close >= 0) {
                        reasoning(text.substring(0, close));
                        rawReasoning.append(tags.close());
                        take(tags.close().length());
                        state = State.AFTER_CLOSE;
                    } else {
                        int keep = partialTag(text, tags.close());
                        if (keep == text.length()) {
                            return;
                        }
                        reasoning(text.substring(0, text.length() - keep));
                        if (keep > 0) {
                            return;
                        }
                    }
                }
                case AFTER_CLOSE -> {
                    String lead = text.stripLeading();
                    if (lead.isEmpty()) {
                        held.setLength(0); // blank lines after the tag: wait for the answer
                        return;
                    }
                    held.setLength(0);
                    held.append(lead);
                    state = State.ANSWER;
                }
                case ANSWER -> emitAnswer(text.length());
            }
        }
    }

    /** Sends reasoning text (non-empty) from the front of what is held and drops it from there. */
    private void reasoning(String text) {
        if (!text.isEmpty()) {
            rawReasoning.append(text);
            sink.onReasoning(text, 1);
        }
        take(text.length());
    }

    private void emitAnswer(int length) {
        sink.onChunk(held.substring(0, length), 1);
        take(length);
    }

    private void take(int length) {
        held.delete(0, length);
    }

    /** The length of the longest end of {@code text} that is a start of {@code tag} (a tag cut between pieces). */
    static int partialTag(String text, String tag) {
        for (int n = Math.min(tag.length() - 1, text.length()); n > 0; n--) {
            if (text.regionMatches(text.length() - n, tag, 0, n)) {
                return n;
            }
        }
        return 0;
    }
}
