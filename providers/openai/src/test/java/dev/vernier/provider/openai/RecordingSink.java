package dev.vernier.provider.openai;

import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every chunk with its arrival time, for assertions. */
final class RecordingSink implements TokenSink {

    private final long origin = System.nanoTime();
    private final List<String> chunks = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private volatile boolean cancelled;

    @Override
    public synchronized void onChunk(String text, int tokens) {
        chunks.add(text);
        nanos.add(System.nanoTime() - origin);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    synchronized List<String> chunks() {
        return List.copyOf(chunks);
    }

    synchronized String text() {
        return String.join("", chunks);
    }

    /** Arrival times relative to the sink's creation. */
    synchronized List<Long> nanos() {
        return List.copyOf(nanos);
    }
}
