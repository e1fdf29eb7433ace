package dev.vernier.core.api;

/**
 * Receives streamed output as it arrives. The harness timestamps each call with its own clock, so
 * every provider is timed the same way. Implementations are thread-safe.
 */
public interface TokenSink {

    /**
     * One content chunk, called in stream order as soon as the chunk is received.
     *
     * @param text   the chunk's text (may be empty for a keep-alive; empty chunks are not timed)
     * @param tokens tokens in this chunk when the provider knows, else 0
     */
    void onChunk(String text, int tokens);

    /** True once the harness has given up on this request (timeout); providers should stop work. */
    boolean cancelled();
}
