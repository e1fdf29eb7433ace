package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Base for answers read whole rather than streamed (a non-streamed completion, a model listing): the
 * body's lines are kept and parsed as one JSON object when it ends, so a pretty-printed body over
 * many lines reads the same as one line. An empty body fails as {@link HttpFailures#emptyBody()}, one
 * that is not a JSON object as malformed; otherwise {@link #onBody} decides.
 */
public abstract class WholeJsonDecoder implements StreamDecoder {

    private final StringBuilder body = new StringBuilder();

    @Override
    public final void onLine(String line, StreamControl control) {
        body.append(line).append('\n');
    }

    @Override
    public final StreamEnd onEnd(StreamControl control) {
        String text = body.toString();
        if (text.isBlank()) {
            return StreamEnd.failed(control.failures().emptyBody());
        }
        ObjectNode object = Json.object(text);
        if (object == null) {
            return StreamEnd.failed(
                    control.failures().malformed("malformed JSON response: " + HttpFailures.clip(text)));
        }
        return onBody(object, control);
    }

    /** The whole body, parsed. */
    protected abstract StreamEnd onBody(ObjectNode body, StreamControl control);
}
