package dev.vernier.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #7's accuracy target, measured: at concurrency 256 against the simulator (TTFT 200 ms, 16
 * tokens 20 ms apart), after a warm-up, the median measured TTFT is within 2 ms of the schedule and
 * the 99th percentile within 10 ms. About 30 s; measured 3 to 5 ms at p99 on a 2-core VM (README,
 * "Harness speed under load").
 */
class HarnessAccuracyUnderLoadIT {

    @Test
    void median_ttft_within_2_ms_and_p99_within_10_ms_of_the_truth_at_concurrency_256() throws Exception {
        AccuracyRun.Result result = AccuracyRun.run(AccuracyRun.Settings.standard());

        String report = result.markdown();
        assertThat(result.failures()).as(report).isZero();
        assertThat(result.samples()).isEqualTo(8 * 256);
        assertThat(result.ttftVsSchedule().median()).as(report).isBetween(0.0, 2.0);
        assertThat(result.ttftVsSchedule().p99()).as(report).isLessThanOrEqualTo(10.0);
        // TPOT: the mean gap of each request, so single late chunks average out
        assertThat(Math.abs(result.tpotVsSchedule().median())).as(report).isLessThanOrEqualTo(1.0);
    }
}
