package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps answer and reasoning chunks apart, and the attempts announced. Thread-safe. */
final class ReasoningSink implements TokenSink {

    private final List<String> chunks = new ArrayList<>();
    private final List<String> reasoning = new ArrayList<>();
    private final List<Integer> attempts = new ArrayList<>();
    private volatile boolean cancelled;

    @Override
    public synchronized void onChunk(String text, int tokens) {
        chunks.add(text);
    }

    @Override
    public synchronized void onReasoning(String text, int tokens) {
        reasoning.add(text);
    }

    @Override
    public synchronized void attemptStarted(int attempt) {
        attempts.add(attempt);
        chunks.clear();
        reasoning.clear();
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

    synchronized List<String> reasoning() {
        return List.copyOf(reasoning);
    }

    synchronized List<Integer> attempts() {
        return List.copyOf(attempts);
    }
}
