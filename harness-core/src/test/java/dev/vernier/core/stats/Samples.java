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
        return Sample.builder()
                .seq(repeat)
                .providerId(provider)
                .caseId(caseId)
                .promptId("p")
                .repeat(repeat)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(Math.round(e2eMillis * 1e6))
                .prompt("prompt")
                .text(text)
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.of(10, 5, CountSource.SERVER_USAGE))
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .scores(List.of(new Score("equals", pass, pass ? 1 : 0, 1, "", Map.of())))
                .build();
    }

    public static Sample withTokens(TokenCounts tokens) {
        return Sample.builder()
                .seq(0)
                .providerId("api")
                .caseId("c")
                .promptId("p")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(1_000_000)
                .prompt("")
                .text("x")
                .finishReason(FinishReason.STOP)
                .tokens(tokens)
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    public static Sample failed(String provider, String caseId, int repeat) {
        return Sample.builder()
                .seq(repeat)
                .providerId(provider)
                .caseId(caseId)
                .promptId("p")
                .repeat(repeat)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(5_000_000)
                .prompt("prompt")
                .text("")
                .finishReason(FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(Failure.of(FailureKind.TIMEOUT, "timed out"))
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    public static Sample warmup(String provider, String caseId) {
        return Sample.builder()
                .seq(0)
                .providerId(provider)
                .caseId(caseId)
                .promptId("p")
                .repeat(0)
                .warmup(true)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(1_000_000)
                .prompt("prompt")
                .text("warm")
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.UNKNOWN)
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }
}
