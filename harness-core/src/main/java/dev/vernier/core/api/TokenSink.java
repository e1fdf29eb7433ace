package dev.vernier.core.api;

/**
 * Receives streamed output as it arrives. The harness timestamps each call with its own clock, so
 * every provider is timed the same way. Implementations are thread-safe and cheap: a transport calls
 * them on its I/O thread, and they only take a timestamp and store.
 *
 * <p>The order of calls for one attempt: {@link #attemptStarted} (retries only), {@link #connection},
 * {@link #requestWriting}, {@link #requestWritten}, then {@link #onReasoning}, {@link #onChunk},
 * {@link #onToolCallChunk} and {@link #onToolCall} as output arrives. Only {@link #onChunk} and {@link #cancelled} are required; a provider that has no
 * connection (in-process) or no reasoning calls neither.
 */
public interface TokenSink {

    /**
     * One answer content chunk, called in stream order as soon as the chunk is received.
     *
     * @param text   the chunk's text (may be empty for a keep-alive; empty chunks are not timed)
     * @param tokens tokens in this chunk when the provider knows, else 0
     */
    void onChunk(String text, int tokens);

    /**
     * One chunk of visible reasoning ("thinking") output, called in stream order as soon as it is
     * received, kept apart from the answer. Empty chunks are not timed.
     *
     * @param text   the reasoning text (a thought summary where the vendor only shows summaries)
     * @param tokens tokens in this chunk when the provider knows, else 0
     */
    default void onReasoning(String text, int tokens) {}

    /**
     * A piece of a tool call arrived (the call's name, or a fragment of its arguments), called in stream
     * order as soon as it is received, where the vendor streams calls in pieces (OpenAI
     * {@code delta.tool_calls}, Anthropic {@code input_json_delta}). It is output: the first one ends the
     * wait for the first token as a content chunk does. The pieces are not text of the answer; the
     * finished call comes through {@link #onToolCall}.
     *
     * @param index    the call's position in the answer (0, 1, ... for parallel calls)
     * @param fragment the piece as received (may be empty)
     */
    default void onToolCallChunk(int index, String fragment) {}

    /**
     * A tool call is complete: its name and all of its arguments have arrived. Called once per call, in
     * the answer's order, as soon as the provider knows the call is whole (the vendor's end of that call,
     * the start of the next one, or the end of the stream); the harness takes the call's completion time
     * here. A vendor that sends each call whole (Gemini, Ollama) calls only this, and it then also counts
     * as the first output when nothing came before.
     */
    default void onToolCall(ToolCall call) {}

    /**
     * What of this answer must go back to the vendor with it when it becomes part of the history (the
     * next tool round, the next user turn): the signed thinking blocks of an Anthropic answer, the thought
     * signatures of a Gemini answer. Called at most once, at the end of an answer that has such state;
     * the harness keeps it with the answer and attaches it to the assistant message it puts into the next
     * request ({@link Message#replayState}). The text is opaque to the harness (JSON the provider chose)
     * and means something only to the provider type that produced it, which ignores state it cannot
     * parse. It is not output: it is not timed, not journaled, not reported and never logged (it may hold
     * the model's thinking). A retried attempt's state replaces an earlier attempt's.
     */
    default void onReplayState(String opaqueJson) {}

    /** True once the harness has given up on this request (timeout); providers should stop work. */
    boolean cancelled();

    /**
     * A provider that retries calls this just before it sends attempt {@code attempt} (2, 3, ...).
     * The harness then times the request from this attempt: t_send moves here, so TTFT, E2E and TPOT
     * describe the successful attempt, while the first send is kept as the intended time, so latency
     * from t_intended still includes every failed attempt and backoff.
     */
    default void attemptStarted(int attempt) {}

    /**
     * A provider that retries calls this when an attempt failed and it is about to wait before the
     * next one (for example a 429 with Retry-After). When the harness gives up on the request during
     * that wait, the sample keeps this failure (its kind and HTTP status) rather than a bare timeout.
     */
    default void attemptFailed(Failure failure) {}

    /**
     * The transport has a connection for this attempt and says how it got it; called before
     * {@link #requestWriting}.
     */
    default void connection(ConnectionPhases phases) {}

    /**
     * The transport is about to write the first byte of the request to an established connection:
     * the harness takes t_send here, so TTFT is the server's answer time and connection set-up is a
     * phase of its own. Without this call, t_send is when the request was handed to the provider.
     */
    default void requestWriting() {}

    /** The last byte of the request has been written (the request-write phase ends). */
    default void requestWritten() {}
}
