package dev.vernier.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogProgressTest {

    private static Sample sample(boolean ok) {
        return Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("x")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of(1L))
                .endNanos(1)
                .prompt("")
                .text("")
                .finishReason(ok ? FinishReason.STOP : FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(ok ? null : Failure.of(FailureKind.TIMEOUT, "slow"))
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    @Test
    void logs_one_line_per_provider_when_it_finishes_with_count_rate_and_failures() {
        List<String> lines = new ArrayList<>();
        AtomicLong nanos = new AtomicLong();
        LogProgress progress = new LogProgress(lines::add, nanos::get);

        progress.providerStarted("llamacpp:tiny", 4);
        progress.sampleCompleted(sample(true));
        progress.sampleCompleted(sample(true));
        progress.sampleCompleted(sample(true));
        progress.sampleCompleted(sample(false));
        assertThat(lines).isEmpty();
        nanos.set(2_000_000_000L);
        progress.providerFinished("llamacpp:tiny");

        assertThat(lines).containsExactly("llamacpp:tiny: 4/4 requests in 2.0 s (2.0 req/s), 1 failed");
    }
}
