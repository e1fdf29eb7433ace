package dev.vernier.provider.http;

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
                control.fail(control.failures().malformed(
                        "expected 'data:' lines of an event stream, got: " + HttpFailures.clip(line)));
            }
            default -> throw new IllegalStateException("unhandled SSE line kind " + sse.kind());
        }
    }

    @Override
    public final StreamEnd onEnd(StreamControl control) {
        return sawData ? end(control) : StreamEnd.failed(control.failures().emptyBody());
    }

    /** One {@code data:} payload (use {@link Json#object} to parse it). */
    protected abstract void onData(String payload, StreamControl control);

    /** An {@code event:} line; most dialects repeat the name inside the data and can ignore it. */
    protected void onEvent(String name, StreamControl control) {
    }

    /** The stream ended after at least one data line: success, or malformed when the end marker is missing. */
    protected abstract StreamEnd end(StreamControl control);
}
