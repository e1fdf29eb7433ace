package dev.vernier.benchmarks.jmh;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.StreamControl;
import java.net.URI;

/**
 * A {@link StreamControl} that only counts: content chunks and their characters, and whether the
 * decoder said done or failed. It stands in for the transport's control so that a benchmark measures
 * the decoder and nothing of the sink, the clock or the network.
 */
final class CountingControl implements StreamControl {

    private static final HttpFailures FAILURES =
            HttpFailures.of("benchmark", URI.create("http://127.0.0.1:9"), "no key is used here");

    private int chunks;
    private long characters;
    private boolean done;
    private Failure failure;

    void reset() {
        chunks = 0;
        characters = 0;
        done = false;
        failure = null;
    }

    /** True once the decoder said done or failed: the transport stops delivering lines then. */
    boolean stopped() {
        return done || failure != null;
    }

    long characters() {
        return characters;
    }

    Failure failure() {
        return failure;
    }

    @Override
    public void content(String text, int tokens) {
        if (text.isEmpty()) {
            return;
        }
        chunks++;
        characters += text.length();
    }

    @Override
    public void reasoning(String text, int tokens) {
        characters += text.length();
    }

    @Override
    public void toolCallChunk(int index, String fragment) {
        characters += fragment.length();
    }

    @Override
    public void toolCall(ToolCall call) {
        characters += call.arguments().length();
    }

    @Override
    public void replayState(String opaqueJson) {
        characters += opaqueJson.length();
    }

    @Override
    public int contentChunks() {
        return chunks;
    }

    @Override
    public void fail(Failure failure) {
        this.failure = failure;
    }

    @Override
    public void done() {
        done = true;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public HttpFailures failures() {
        return FAILURES;
    }
}
