package dev.vernier.provider.http;

import java.util.Objects;

/**
 * One line of a server-sent-events stream, classified. Providers whose APIs send each event as one
 * {@code data:} line (OpenAI, Anthropic, Gemini with {@code alt=sse}) need no more than this:
 * multi-line data fields are not joined.
 *
 * @param kind  what the line is
 * @param value the data payload (one leading space removed) for {@link Kind#DATA}, the event name for
 *              {@link Kind#EVENT}, the line itself for {@link Kind#INVALID}, else empty
 */
public record SseLine(Kind kind, String value) {

    /** The payload OpenAI-style streams end with. */
    public static final String DONE_PAYLOAD = "[DONE]";

    /** Classes of lines. */
    public enum Kind {
        /** An empty line: the end of an event. */
        BOUNDARY,
        /** A comment ({@code :} first), often a keep-alive. */
        COMMENT,
        /** {@code event: <name>}. */
        EVENT,
        /** {@code id:} or {@code retry:}, which streaming clients here do not need. */
        IGNORED_FIELD,
        /** {@code data: <payload>}. */
        DATA,
        /** {@code data: [DONE]}, OpenAI's end-of-stream marker. */
        DONE,
        /** Anything else: not an event stream. */
        INVALID
    }

    public SseLine {
        Objects.requireNonNull(kind, "kind");
        value = value == null ? "" : value;
    }

    /** Classifies one line (without its line terminator). */
    public static SseLine parse(String line) {
        if (line == null || line.isEmpty()) {
            return new SseLine(Kind.BOUNDARY, "");
        }
        if (line.startsWith(":")) {
            return new SseLine(Kind.COMMENT, "");
        }
        if (line.startsWith("data:")) {
            String payload = field(line, 5);
            return isDone(payload) ? new SseLine(Kind.DONE, "") : new SseLine(Kind.DATA, payload);
        }
        if (line.startsWith("event:")) {
            return new SseLine(Kind.EVENT, field(line, 6).strip());
        }
        if (line.startsWith("id:") || line.startsWith("retry:")) {
            return new SseLine(Kind.IGNORED_FIELD, "");
        }
        return new SseLine(Kind.INVALID, line);
    }

    /** The field's value: after the colon, less one leading space (one copy: this runs for every token). */
    private static String field(String line, int start) {
        return line.substring(line.length() > start && line.charAt(start) == ' ' ? start + 1 : start);
    }

    /** {@code payload.strip().equals(DONE_PAYLOAD)}, without copying the payload of every chunk. */
    private static boolean isDone(String payload) {
        int from = 0;
        int to = payload.length();
        while (from < to && Character.isWhitespace(payload.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(payload.charAt(to - 1))) {
            to--;
        }
        return to - from == DONE_PAYLOAD.length() && payload.startsWith(DONE_PAYLOAD, from);
    }

    /** True for lines that carry nothing: boundaries, comments, ignored fields. */
    public boolean isFiller() {
        return kind == Kind.BOUNDARY || kind == Kind.COMMENT || kind == Kind.IGNORED_FIELD;
    }
}
