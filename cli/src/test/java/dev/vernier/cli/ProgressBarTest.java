package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private static Sample sample() {
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
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.UNKNOWN)
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    private void runTwelveOfTwentyFour(ProgressBar bar) {
        bar.providerStarted("llamacpp:tiny", 24);
        for (int i = 0; i < 12; i++) {
            bar.sampleCompleted(sample());
        }
        nanos.set(6_000_000_000L);
    }

    @Test
    void line_shows_bar_count_and_rate() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, nanos::get);
        runTwelveOfTwentyFour(bar);

        assertThat(bar.line()).isEqualTo("llamacpp:tiny [##########..........] 12/24  2.0 req/s");
    }

    @Test
    void off_a_terminal_prints_one_line_when_the_provider_finishes() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, nanos::get);
        runTwelveOfTwentyFour(bar);
        assertThat(text.toString()).isEmpty();

        bar.providerFinished("llamacpp:tiny");

        assertThat(text.toString())
                .isEqualTo("llamacpp:tiny [##########..........] 12/24  2.0 req/s" + System.lineSeparator());
    }

    @Test
    void on_a_terminal_redraws_in_place() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, nanos::get);
        runTwelveOfTwentyFour(bar);

        assertThat(text.toString())
                .startsWith("\rllamacpp:tiny [....................] 0/24")
                .contains("\rllamacpp:tiny [##########..........] 12/24")
                .doesNotContain("\n");
    }
}
