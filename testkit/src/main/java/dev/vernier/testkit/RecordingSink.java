package dev.vernier.testkit;

import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TokenSink} that keeps every answer chunk with its arrival time, and every reasoning chunk
 * apart, for assertions. Thread-safe.
 */
public final class RecordingSink implements TokenSink {

    private final long origin = System.nanoTime();
    private final List<String> chunks = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private final List<String> reasoning = new ArrayList<>();
    private final List<Integer> reasoningTokens = new ArrayList<>();
    private volatile boolean cancelled;

    @Override
    public synchronized void onChunk(String text, int tokens) {
        chunks.add(text);
        nanos.add(System.nanoTime() - origin);
    }

    @Override
    public synchronized void onReasoning(String text, int tokens) {
        reasoning.add(text);
        reasoningTokens.add(tokens);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    /** From now on {@link #cancelled()} is true, as when the harness gives up on a request. */
    public void cancel() {
        cancelled = true;
    }

    public synchronized List<String> chunks() {
        return List.copyOf(chunks);
    }

    /** The chunks joined. */
    public synchronized String text() {
        return String.join("", chunks);
    }

    /** The reasoning chunks, in arrival order. */
    public synchronized List<String> reasoningChunks() {
        return List.copyOf(reasoning);
    }

    /** The reasoning chunks joined. */
    public synchronized String reasoningText() {
        return String.join("", reasoning);
    }

    /** The token count given with each reasoning chunk (0 when the provider did not know). */
    public synchronized List<Integer> reasoningTokens() {
        return List.copyOf(reasoningTokens);
    }

    /** Arrival times relative to the sink's creation. */
    public synchronized List<Long> nanos() {
        return List.copyOf(nanos);
    }
}
