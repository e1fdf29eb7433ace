package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Base for newline-delimited JSON dialects (Ollama's native API): every non-blank line must be one
 * JSON object, given to {@link #onObject}; anything else fails the attempt as malformed. A body
 * without a single object ends as {@link HttpFailures#emptyBody()}.
 */
public abstract class NdjsonDecoder implements StreamDecoder {

    private boolean sawObject;

    @Override
    public final void onLine(String line, StreamControl control) {
        if (line.isBlank()) {
            return;
        }
        sawObject = true;
        ObjectNode object = Json.object(line);
        if (object == null) {
            control.fail(control.failures().malformed("malformed JSON line in stream: " + HttpFailures.clip(line)));
            return;
        }
        onObject(object, control);
    }

    @Override
    public final StreamEnd onEnd(StreamControl control) {
        return sawObject ? end(control) : StreamEnd.failed(control.failures().emptyBody());
    }

    /** One JSON object of the stream. */
    protected abstract void onObject(ObjectNode object, StreamControl control);

    /** The stream ended after at least one object: success, or malformed when the final object is missing. */
    protected abstract StreamEnd end(StreamControl control);
}
