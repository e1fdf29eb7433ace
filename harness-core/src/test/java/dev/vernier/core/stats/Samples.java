package dev.vernier.core.stats;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds samples for statistics and cost tests. */
public final class Samples {

    private Samples() {}

    /** A succeeded, non-streamed sample with E2E {@code e2eMillis}, the given text and one assertion result. */
    public static Sample sample(
            String provider, String caseId, int repeat, double e2eMillis, String text, boolean pass) {
        return new Sample(
                repeat,
                provider,
                caseId,
                "p",
                repeat,
                false,
                Instant.EPOCH,
                0,
                0,
                List.of(),
                Math.round(e2eMillis * 1e6),
                "prompt",
                text,
                FinishReason.STOP,
                TokenCounts.of(10, 5, CountSource.SERVER_USAGE),
                null,
                1,
                Map.of(),
                List.of(new Score("equals", pass, pass ? 1 : 0, 1, "", Map.of())));
    }

    public static Sample withTokens(TokenCounts tokens) {
        return new Sample(
                0,
                "api",
                "c",
                "p",
                0,
                false,
                Instant.EPOCH,
                0,
                0,
                List.of(),
                1_000_000,
                "",
                "x",
                FinishReason.STOP,
                tokens,
                null,
                1,
                Map.of());
    }

    public static Sample failed(String provider, String caseId, int repeat) {
        return new Sample(
                repeat,
                provider,
                caseId,
                "p",
                repeat,
                false,
                Instant.EPOCH,
                0,
                0,
                List.of(),
                5_000_000,
                "prompt",
                "",
                FinishReason.ERROR,
                TokenCounts.UNKNOWN,
                Failure.of(FailureKind.TIMEOUT, "timed out"),
                1,
                Map.of());
    }

    public static Sample warmup(String provider, String caseId) {
        return new Sample(
                0,
                provider,
                caseId,
                "p",
                0,
                true,
                Instant.EPOCH,
                0,
                0,
                List.of(),
                1_000_000,
                "prompt",
                "warm",
                FinishReason.STOP,
                TokenCounts.UNKNOWN,
                null,
                1,
                Map.of());
    }
}
