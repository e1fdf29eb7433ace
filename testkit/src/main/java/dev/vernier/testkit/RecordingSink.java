package dev.vernier.testkit;

import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TokenSink} that keeps every answer chunk with its arrival time, every reasoning chunk
 * apart, and what a transport reported about each attempt's connection and request write, for
 * assertions. Thread-safe.
 */
public final class RecordingSink implements TokenSink {

    private final long origin = System.nanoTime();
    private final List<String> chunks = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private final List<ConnectionPhases> connections = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long writingNanos = -1;
    private long writtenNanos = -1;
    private final List<String> reasoning = new ArrayList<>();
    private final List<Integer> reasoningTokens = new ArrayList<>();
    private final List<String> toolCallChunks = new ArrayList<>();
    private final List<Integer> toolCallChunkIndexes = new ArrayList<>();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final List<Long> toolCallNanos = new ArrayList<>();
    private final List<String> replayStates = new ArrayList<>();
    private long firstOutputNanos = -1;
    private volatile boolean cancelled;

    @Override
    public synchronized void onChunk(String text, int tokens) {
        chunks.add(text);
        nanos.add(System.nanoTime() - origin);
        output();
        if (chunks.size() == 1) {
            events.add("chunk");
        }
    }

    @Override
    public synchronized void onReasoning(String text, int tokens) {
        reasoning.add(text);
        reasoningTokens.add(tokens);
        output();
    }

    @Override
    public synchronized void onToolCallChunk(int index, String fragment) {
        toolCallChunks.add(fragment);
        toolCallChunkIndexes.add(index);
        output();
    }

    @Override
    public synchronized void onToolCall(ToolCall call) {
        toolCalls.add(call);
        toolCallNanos.add(System.nanoTime() - origin);
        output();
        events.add("tool call " + call.name());
    }

    /** Kept apart: replay state is not output, so it does not count as the first output. */
    @Override
    public synchronized void onReplayState(String opaqueJson) {
        replayStates.add(opaqueJson);
        events.add("replay state");
    }

    private void output() {
        if (firstOutputNanos < 0) {
            firstOutputNanos = System.nanoTime() - origin;
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public synchronized void attemptStarted(int attempt) {
        events.add("attempt " + attempt);
    }

    @Override
    public synchronized void connection(ConnectionPhases phases) {
        connections.add(phases);
        events.add("connection");
    }

    @Override
    public synchronized void requestWriting() {
        writingNanos = System.nanoTime() - origin;
        events.add("writing");
    }

    @Override
    public synchronized void requestWritten() {
        writtenNanos = System.nanoTime() - origin;
        events.add("written");
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

    /** The tool-call pieces ({@link #onToolCallChunk}), in arrival order. */
    public synchronized List<String> toolCallChunks() {
        return List.copyOf(toolCallChunks);
    }

    /** The call index given with each tool-call piece, in arrival order. */
    public synchronized List<Integer> toolCallChunkIndexes() {
        return List.copyOf(toolCallChunkIndexes);
    }

    /** The finished tool calls ({@link #onToolCall}), in order. */
    public synchronized List<ToolCall> toolCalls() {
        return List.copyOf(toolCalls);
    }

    /** Every replay state reported ({@link #onReplayState}), in order: one per answer that had state. */
    public synchronized List<String> replayStates() {
        return List.copyOf(replayStates);
    }

    /** When each finished tool call was reported, relative to the sink's creation. */
    public synchronized List<Long> toolCallNanos() {
        return List.copyOf(toolCallNanos);
    }

    /** When the first output of any kind (answer, reasoning, tool call) arrived, relative to creation, or -1. */
    public synchronized long firstOutputNanos() {
        return firstOutputNanos;
    }

    /** Arrival times relative to the sink's creation. */
    public synchronized List<Long> nanos() {
        return List.copyOf(nanos);
    }

    /** Every {@link #connection} report, in order (one per attempt, more when a stale connection was replaced). */
    public synchronized List<ConnectionPhases> connections() {
        return List.copyOf(connections);
    }

    /** When {@link #requestWriting()} was last called, relative to the sink's creation, or -1. */
    public synchronized long writingNanos() {
        return writingNanos;
    }

    /** When {@link #requestWritten()} was last called, relative to the sink's creation, or -1. */
    public synchronized long writtenNanos() {
        return writtenNanos;
    }

    /**
     * The order of the calls: {@code attempt N}, {@code connection}, {@code writing}, {@code written},
     * {@code chunk} for the first chunk only, and {@code tool call NAME} for each finished tool call.
     */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }
}
