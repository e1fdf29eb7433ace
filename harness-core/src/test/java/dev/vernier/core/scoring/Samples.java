package dev.vernier.core.scoring;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds samples and assertions for scorer tests. */
public final class Samples {

    private Samples() {}

    public static Sample output(String text) {
        return output(text, FinishReason.STOP, 20_000_000L);
    }

    public static Sample output(String text, FinishReason reason, long e2eNanos) {
        return Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("prompt")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of(1_000_000L, e2eNanos))
                .endNanos(e2eNanos)
                .prompt("What is it?")
                .text(text)
                .finishReason(reason)
                .tokens(TokenCounts.of(3, 2, CountSource.SERVER_USAGE))
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    public static Sample failed() {
        return Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("prompt")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(5)
                .prompt("What is it?")
                .text("")
                .finishReason(FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(Failure.of(FailureKind.TIMEOUT, "timed out"))
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    public static Scored scored(String text) {
        return new Scored(output(text), Map.of(), null);
    }

    public static Assertion assertion(String type, Object value) {
        return new Assertion(type, false, value, null, 1, Map.of());
    }

    public static Assertion assertion(String type, Object value, Double threshold) {
        return new Assertion(type, false, value, threshold, 1, Map.of());
    }
}
