package dev.vernier.provider.http;

import java.nio.charset.StandardCharsets;

/**
 * Base for server-sent-events dialects. Feeds each {@code data:} payload to {@link #onData}, each
 * {@code event:} name to {@link #onEvent}, turns {@code data: [DONE]} into
 * {@link StreamControl#done()}, skips comments and boundaries, and fails the attempt as malformed on
 * a line that is not SSE. A body without a single data line ends as {@link HttpFailures#emptyBody()}.
 */
public abstract class SseDecoder implements StreamDecoder {

    private boolean sawData;

    @Override
    public final void onLine(String line, StreamControl control) {
        SseLine sse = SseLine.parse(line);
        switch (sse.kind()) {
            case BOUNDARY, COMMENT, IGNORED_FIELD -> {
                // nothing to do
            }
            case EVENT -> onEvent(sse.value(), control);
            case DONE -> {
                sawData = true;
                control.done();
            }
            case DATA -> {
                sawData = true;
                onData(sse.value(), control);
            }
            case INVALID -> {
                sawData = true;
                control.fail(control.failures()
                        .malformed("expected 'data:' lines of an event stream, got: " + HttpFailures.clip(line)));
            }
            default -> throw new IllegalStateException("unhandled SSE line kind " + sse.kind());
        }
    }

    /**
     * The byte path: a {@code data:} line (nearly every line of a stream) is classified in place and
     * its payload handed to {@link #onData(byte[], int, int, StreamControl)} without a copy; any other
     * line takes the string path, so both classify alike.
     */
    @Override
    public final void onLine(byte[] bytes, int offset, int length, StreamControl control) {
        if (length == 0) {
            return; // the boundary after every event: nothing to do, and no empty string to make
        }
        if (length < 5
                || bytes[offset] != 'd'
                || bytes[offset + 1] != 'a'
                || bytes[offset + 2] != 't'
                || bytes[offset + 3] != 'a'
                || bytes[offset + 4] != ':') {
            onLine(new String(bytes, offset, length, StandardCharsets.UTF_8), control);
            return;
        }
        int from = offset + 5;
        int to = offset + length;
        if (from < to && bytes[from] == ' ') {
            from++;
        }
        int done = isDone(bytes, from, to);
        if (done < 0) { // unusual whitespace around the payload: decide as the string path does
            onLine(new String(bytes, offset, length, StandardCharsets.UTF_8), control);
            return;
        }
        sawData = true;
        if (done == 1) {
            control.done();
        } else {
            onData(bytes, from, to - from, control);
        }
    }

    /** 1 when the payload is {@code [DONE]} within ASCII whitespace, 0 when it is not, -1 when only decoding can tell. */
    private static int isDone(byte[] bytes, int from, int to) {
        while (from < to && bytes[from] >= 0 && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && bytes[to - 1] >= 0 && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        if (from < to && (bytes[from] < 0 || bytes[to - 1] < 0)) {
            return -1; // a non-ASCII character at either end, which may be Unicode whitespace
        }
        byte[] done = DONE;
        if (to - from != done.length) {
            return 0;
        }
        for (int i = 0; i < done.length; i++) {
            if (bytes[from + i] != done[i]) {
                return 0;
            }
        }
        return 1;
    }

    private static final byte[] DONE = SseLine.DONE_PAYLOAD.getBytes(StandardCharsets.US_ASCII);

    @Override
    public final StreamEnd onEnd(StreamControl control) {
        return sawData ? end(control) : StreamEnd.failed(control.failures().emptyBody());
    }

    /** One {@code data:} payload (use {@link Json#object} to parse it). */
    protected abstract void onData(String payload, StreamControl control);

    /**
     * One {@code data:} payload as UTF-8 bytes, valid only during the call; by default decoded and
     * passed to {@link #onData(String, StreamControl)}. Override to parse in place (see {@link JsonCursor}).
     */
    protected void onData(byte[] bytes, int offset, int length, StreamControl control) {
        onData(new String(bytes, offset, length, StandardCharsets.UTF_8), control);
    }

    /** An {@code event:} line; most dialects repeat the name inside the data and can ignore it. */
    protected void onEvent(String name, StreamControl control) {}

    /** The stream ended after at least one data line: success, or malformed when the end marker is missing. */
    protected abstract StreamEnd end(StreamControl control);
}
