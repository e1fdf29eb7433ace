package dev.vernier.provider.http;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import java.util.Map;
import java.util.Objects;

/**
 * How one streamed response ended, as a {@link StreamDecoder} reports it.
 *
 * @param finishReason why generation ended ({@link FinishReason#ERROR} on failure)
 * @param tokens       usage with sources; on failure the client substitutes a chunk-count estimate
 * @param failure      null on success
 * @param stats        provider-reported numbers for {@code Completion.providerStats()}, snake_case keys
 */
public record StreamEnd(FinishReason finishReason, TokenCounts tokens, Failure failure, Map<String, Double> stats) {

    public StreamEnd {
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(tokens, "tokens");
        stats = stats == null ? Map.of() : Map.copyOf(stats);
    }

    public static StreamEnd success(FinishReason finishReason, TokenCounts tokens) {
        return new StreamEnd(finishReason, tokens, null, Map.of());
    }

    public static StreamEnd success(FinishReason finishReason, TokenCounts tokens, Map<String, Double> stats) {
        return new StreamEnd(finishReason, tokens, null, stats);
    }

    public static StreamEnd failed(Failure failure) {
        return new StreamEnd(
                FinishReason.ERROR, TokenCounts.UNKNOWN, Objects.requireNonNull(failure, "failure"), Map.of());
    }

    public boolean succeeded() {
        return failure == null;
    }
}
