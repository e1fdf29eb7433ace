package dev.vernier.core.api;

import java.util.concurrent.CompletionStage;

/**
 * One model behind one access mode. Implementations must be safe to call from several threads at
 * once (the runner applies concurrency) and must report errors as a failed {@link Completion}
 * rather than by throwing; the runner turns anything thrown into a failure anyway.
 */
public interface Provider extends AutoCloseable {

    /** Stable id, e.g. {@code llamacpp:stories260K} or {@code openai:gpt-4.1-mini}. */
    String id();

    AccessMode accessMode();

    /** Facts about the model, for the report. */
    ModelFacts describe();

    /**
     * Starts a request, streaming content chunks to the sink as they arrive.
     *
     * @return a stage completed when the response is complete, with finish reason and usage
     */
    CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink);

    /**
     * Checks that the provider can serve requests (reachable, key present). Called once before a run.
     *
     * @return null when available, else the one-line reason it is not, with how to fix it
     */
    default String unavailableReason() {
        return null;
    }

    /** Time spent loading the model before the first request, in milliseconds, or -1 if none. */
    default double loadMillis() {
        return -1;
    }

    @Override
    default void close() {}
}
