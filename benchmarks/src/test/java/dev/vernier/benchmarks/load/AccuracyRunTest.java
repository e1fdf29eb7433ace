package dev.vernier.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.run.Sample;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the accuracy check tells the harness's error from the simulator's: built from made-up moments
 * of 100 requests, 5 of which something delays by 15 ms at one place.
 */
class AccuracyRunTest {

    private static final long MS = 1_000_000;
    private static final int TOKENS = 4;
    private static final AccuracyRun.Settings SETTINGS =
            new AccuracyRun.Settings(256, Duration.ofMillis(200), Duration.ofMillis(20), TOKENS, 20, 16);

    /** Where the 15 ms go for the delayed requests. */
    private enum Delay {
        SIMULATOR_READS_LATE,
        HARNESS_WRITES_LATE,
        HARNESS_READS_FIRST_TOKEN_LATE
    }

    @Test
    void a_simulator_reading_requests_late_is_not_counted_as_the_harness_error() {
        AccuracyRun.Result r = run(Delay.SIMULATOR_READS_LATE);

        assertThat(r.ttftVsSchedule().p99()).isCloseTo(15.13, within(0.001)); // what the user saw: real latency
        assertThat(r.simulatorRead().p99()).isCloseTo(15.01, within(0.001)); // from the write's return
        // the harness's own: t_send to the write's return (0.02) and the first write to t_1 (0.1)
        assertThat(r.ttftVsTruth().p99()).isCloseTo(0.12, within(0.001));
        assertThat(r.sendToLeft().p99()).isCloseTo(0.02, within(0.001));
        assertThat(r.meetsTargets()).isTrue();
    }

    @Test
    void a_harness_that_writes_its_request_late_misses_the_target() {
        AccuracyRun.Result r = run(Delay.HARNESS_WRITES_LATE);

        assertThat(r.sendToLeft().p99()).isCloseTo(15.0, within(0.001));
        assertThat(r.ttftVsTruth().p99()).isCloseTo(15.1, within(0.001));
        assertThat(r.simulatorRead().p99()).isCloseTo(0.01, within(0.001)); // the simulator read it at once
        assertThat(r.meetsTargets()).isFalse();
    }

    @Test
    void a_harness_that_stamps_the_first_token_late_misses_the_target() {
        AccuracyRun.Result r = run(Delay.HARNESS_READS_FIRST_TOKEN_LATE);

        assertThat(r.writeToChunk().p99()).isCloseTo(15.1, within(0.001));
        assertThat(r.ttftVsTruth().p99()).isCloseTo(15.12, within(0.001));
        assertThat(r.ttftVsTruth().median()).isCloseTo(0.12, within(0.001));
        assertThat(r.meetsTargets()).isFalse();
    }

    @Test
    void without_the_write_return_a_late_simulator_read_is_counted_against_the_harness() {
        List<Sample> samples = new ArrayList<>();
        Map<String, StreamingSimulator.StreamTiming> timings = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            add(i, i % 20 == 0, samples, timings);
        }
        samples.replaceAll(s -> s.toBuilder().writeNanos(-1).build()); // a transport that does not say

        AccuracyRun.Result r = AccuracyRun.evaluate(SETTINGS, 2, samples, timings, ClientMoments.byPrompt(samples, 0));

        // the server's read is then the only bound on when the request left: the error may only be overstated
        assertThat(r.sendToLeft().p99()).isCloseTo(15.03, within(0.001));
        assertThat(r.ttftVsTruth().p99()).isCloseTo(15.13, within(0.001));
        assertThat(r.meetsTargets()).isFalse();
    }

    @Test
    void a_failed_or_unmatched_request_is_counted_as_a_failure() {
        List<Sample> samples = new ArrayList<>();
        Map<String, StreamingSimulator.StreamTiming> timings = new HashMap<>();
        add(0, false, samples, timings);
        add(1, false, samples, timings);
        timings.remove("request 1"); // the simulator never reported it

        AccuracyRun.Result r = AccuracyRun.evaluate(SETTINGS, 2, samples, timings, ClientMoments.byPrompt(samples, 0));

        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.meetsTargets()).isFalse();
    }

    private static AccuracyRun.Result run(Delay delay) {
        List<Sample> samples = new ArrayList<>();
        Map<String, StreamingSimulator.StreamTiming> timings = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            boolean delayed = i % 20 == 0;
            add(i, delayed ? delay : null, samples, timings);
        }
        return AccuracyRun.evaluate(SETTINGS, 2, samples, timings, ClientMoments.byPrompt(samples, 0));
    }

    private static void add(
            int i, boolean delayed, List<Sample> samples, Map<String, StreamingSimulator.StreamTiming> timings) {
        add(i, delayed ? Delay.SIMULATOR_READS_LATE : null, samples, timings);
    }

    /**
     * One request: t_send at i ms, the write returns 20 us later, the simulator reads it 30 us after
     * t_send and writes on schedule from its read, and each event is read 100 us after it was written;
     * {@code delay} moves one of these by 15 ms (20 us more for the first token's read).
     */
    private static void add(
            int i, Delay delay, List<Sample> samples, Map<String, StreamingSimulator.StreamTiming> timings) {
        String prompt = "request " + i;
        long send = i * MS;
        long write = delay == Delay.HARNESS_WRITES_LATE ? 15 * MS : 20_000;
        long arrival = send
                + (delay == Delay.SIMULATOR_READS_LATE ? 15 * MS : 0)
                + (delay == Delay.HARNESS_WRITES_LATE ? write + 10_000 : 30_000);
        long[] writes = new long[TOKENS];
        List<Long> chunks = new ArrayList<>();
        for (int k = 0; k < TOKENS; k++) {
            writes[k] = arrival + 200 * MS + k * 20 * MS;
            long read = writes[k] + 100_000 + (k == 0 && delay == Delay.HARNESS_READS_FIRST_TOKEN_LATE ? 15 * MS : 0);
            chunks.add(read - send);
        }
        samples.add(Sample.builder()
                .seq(i)
                .providerId("openai:accuracy")
                .caseId("accuracy")
                .promptId("p" + i)
                .startedAt(Instant.EPOCH)
                .prompt(prompt)
                .sendNanos(send)
                .intendedNanos(send)
                .writeNanos(write)
                .chunkNanos(chunks)
                .endNanos(chunks.get(TOKENS - 1) + 50_000)
                .build());
        timings.put(prompt, new StreamingSimulator.StreamTiming(prompt, arrival, writes));
    }
}
