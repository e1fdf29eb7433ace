package dev.vernier.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * What a provider reports when a request ends. Text and chunk times are taken by the harness from
 * the {@link TokenSink}; this carries everything only the provider knows.
 *
 * @param finishReason  why generation ended
 * @param tokens        token usage with sources
 * @param failure       the failure, or null on success
 * @param attempts      attempts made (1 without retries)
 * @param providerStats numbers the provider reports itself, in milliseconds or counts
 *                      (e.g. Ollama's {@code load_duration_ms}); keys are snake_case
 */
public record Completion(
        FinishReason finishReason,
        TokenCounts tokens,
        Failure failure,
        int attempts,
        Map<String, Double> providerStats) {

    public Completion {
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(tokens, "tokens");
        providerStats = providerStats == null ? Map.of() : Map.copyOf(providerStats);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }

    public static Completion success(FinishReason reason, TokenCounts tokens) {
        return new Completion(reason, tokens, null, 1, Map.of());
    }

    public static Completion failed(Failure failure) {
        return new Completion(FinishReason.ERROR, TokenCounts.UNKNOWN, failure, 1, Map.of());
    }

    public boolean succeeded() {
        return failure == null;
    }
}
