package dev.vernier.provider.http;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.ToolCall;

/**
 * What a {@link StreamDecoder} may do with the attempt it decodes. Calls are only valid from inside
 * {@link StreamDecoder#onLine} and {@link StreamDecoder#onEnd}, on the thread that made them.
 */
public interface StreamControl {

    /**
     * Emits one content chunk to the harness's sink at once (this is what TTFT and ITL time), counts
     * it, and stops the first-token timer. Empty text is ignored.
     *
     * @param tokens tokens in the chunk when known, else 0 (OpenAI-style: 1 per delta)
     */
    void content(String text, int tokens);

    /**
     * Emits one chunk of the model's reasoning to the harness's sink at once (timed as reasoning, not
     * as answer) and stops the first-token timer, as content does: a model that thinks visibly has
     * started to answer. After it, as after content, a failed attempt is not retried (its output was
     * seen). Empty text is ignored.
     *
     * @param tokens tokens in the chunk when known, else 0
     */
    void reasoning(String text, int tokens);

    /**
     * Emits one piece of a streamed tool call (its name or a fragment of its arguments) to the harness's
     * sink at once ({@link dev.vernier.core.api.TokenSink#onToolCallChunk}); like content it stops the
     * first-token timer and, once seen, forbids a retry of the attempt.
     *
     * @param index the call's position in the answer (0, 1, ... for parallel calls)
     */
    void toolCallChunk(int index, String fragment);

    /**
     * Emits one complete tool call to the harness's sink at once ({@link
     * dev.vernier.core.api.TokenSink#onToolCall}), as soon as the decoder knows the call is whole; like
     * content it stops the first-token timer and forbids a retry.
     */
    void toolCall(ToolCall call);

    /**
     * Hands the harness's sink what of this answer must go back to the vendor with it in the next request
     * of a conversation ({@link dev.vernier.core.api.TokenSink#onReplayState}): JSON only this provider
     * type reads back. Not output: it neither stops the first-token timer nor forbids a retry. Call it at
     * most once, when the answer is complete (from {@link StreamDecoder#onEnd}'s work), and only for
     * state there is.
     */
    void replayState(String opaqueJson);

    /** Content chunks emitted so far in this attempt. */
    int contentChunks();

    /** Ends the attempt now with a failure; later lines are not delivered. */
    void fail(Failure failure);

    /**
     * The server has said the stream is complete (e.g. {@code [DONE]}). Later lines are not
     * delivered; {@link StreamDecoder#onEnd} is called when the body ends, or after a short grace if
     * the server keeps it open.
     */
    void done();

    /** True once {@link #done()} was called. */
    boolean isDone();

    /** The provider's failure mapping, for building messages (e.g. {@link HttpFailures#malformed}). */
    HttpFailures failures();
}
