package dev.vernier.core.api;

import java.util.Objects;

/**
 * Token usage of one request. A count of {@code -1} means unknown; each side carries its source.
 *
 * @param input        prompt tokens
 * @param output       generated tokens
 * @param cachedInput  prompt tokens served from a cache (billed differently by some APIs), -1 unknown
 * @param reasoning    hidden reasoning tokens included in output, -1 unknown
 * @param inputSource  where the input count came from
 * @param outputSource where the output count came from
 */
public record TokenCounts(
        long input, long output, long cachedInput, long reasoning, CountSource inputSource, CountSource outputSource) {

    public static final TokenCounts UNKNOWN = new TokenCounts(-1, -1, -1, -1, CountSource.UNKNOWN, CountSource.UNKNOWN);

    public TokenCounts {
        Objects.requireNonNull(inputSource, "inputSource");
        Objects.requireNonNull(outputSource, "outputSource");
    }

    /** Input and output both counted the same way; cached and reasoning unknown. */
    public static TokenCounts of(long input, long output, CountSource source) {
        return new TokenCounts(input, output, -1, -1, source, source);
    }

    public boolean outputKnown() {
        return output >= 0;
    }
}
