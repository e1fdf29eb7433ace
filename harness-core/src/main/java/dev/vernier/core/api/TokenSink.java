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

    /**
     * A provider that retries calls this just before it sends attempt {@code attempt} (2, 3, ...).
     * The harness then times the request from this attempt: t_send moves here, so TTFT, E2E and TPOT
     * describe the successful attempt, while the first send is kept as the intended time, so latency
     * from t_intended still includes every failed attempt and backoff.
     */
    default void attemptStarted(int attempt) {}
}
