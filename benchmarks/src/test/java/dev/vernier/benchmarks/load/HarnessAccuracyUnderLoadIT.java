package dev.vernier.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #7's accuracy target, measured: at concurrency 256 against the simulator (TTFT 200 ms, 16
 * tokens 20 ms apart), after a warm-up, the median measured TTFT is within 2 ms of the truth (the
 * simulator's first write after the request left the client) and the 99th percentile within 10 ms,
 * over 4,096 measured requests (16 rounds of 256: with 2,048 one stall of the JVM decided the
 * percentile); the median is also within 2 ms of the schedule. About 35 s (docs/harness-performance.md,
 * "Measurement accuracy and the garbage collector").
 */
class HarnessAccuracyUnderLoadIT {

    @Test
    void median_ttft_within_2_ms_and_p99_within_10_ms_of_the_truth_at_concurrency_256() throws Exception {
        AccuracyRun.Result result = AccuracyRun.run(AccuracyRun.Settings.standard());

        String report = result.markdown();
        System.out.println(report); // in the build log whether it passes or not
        assertThat(result.failures()).as(report).isZero();
        assertThat(result.samples()).isEqualTo(16 * 256);
        assertThat(result.ttftVsTruth().median()).as(report).isBetween(0.0, 2.0);
        assertThat(result.ttftVsTruth().p99()).as(report).isLessThanOrEqualTo(10.0);
        assertThat(result.ttftVsSchedule().median()).as(report).isBetween(0.0, 2.0);
        // TPOT: the mean gap of each request, so single late chunks average out
        assertThat(Math.abs(result.tpotVsSchedule().median())).as(report).isLessThanOrEqualTo(1.0);
    }
}
