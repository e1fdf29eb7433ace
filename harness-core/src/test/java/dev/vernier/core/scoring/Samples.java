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
        return new Sample(
                0,
                "p",
                "c",
                "prompt",
                0,
                false,
                Instant.EPOCH,
                0,
                0,
                List.of(1_000_000L, e2eNanos),
                e2eNanos,
                "What is it?",
                text,
                reason,
                TokenCounts.of(3, 2, CountSource.SERVER_USAGE),
                null,
                1,
                Map.of());
    }

    public static Sample failed() {
        return new Sample(
                0,
                "p",
                "c",
                "prompt",
                0,
                false,
                Instant.EPOCH,
                0,
                0,
                List.of(),
                5,
                "What is it?",
                "",
                FinishReason.ERROR,
                TokenCounts.UNKNOWN,
                Failure.of(FailureKind.TIMEOUT, "timed out"),
                1,
                Map.of());
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
