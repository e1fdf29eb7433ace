package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    @TempDir
    Path dir;

    private RunResult roundTrip(RunResult r) throws IOException {
        Files.writeString(dir.resolve(RunFiles.JOURNAL), "");
        RunFiles.writeRunJson(r, dir.resolve(RunFiles.RUN_JSON));
        return RunFiles.read(dir);
    }

    @Test
    void run_json_round_trips_hardware_api_price_and_expected_monthly_tokens() throws IOException {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        RunResult r = new RunResult(
                "s",
                "s.yaml",
                t,
                t.plusSeconds(1),
                Map.of(),
                List.of(
                        new ProviderRun(
                                "local",
                                AccessMode.SELF_HOSTED_SERVER,
                                null,
                                -1,
                                null,
                                5,
                                2,
                                new HardwareSpec("gpu: H100", 2.5),
                                null,
                                null,
                                null),
                        new ProviderRun(
                                "api", AccessMode.PROPRIETARY_API, null, -1, null, 5, 2, null, 1.75, null, null)),
                List.of(),
                5e7,
                List.of(),
                null);
        RunResult back = roundTrip(r);
        assertThat(back.expectedMonthlyTokens()).isEqualTo(5e7);
        assertThat(back.providers()).isEqualTo(r.providers());
    }

    @Test
    void run_json_without_cost_facts_reads_them_back_as_absent() throws IOException {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        RunResult r = new RunResult(
                "s",
                "s.yaml",
                t,
                t.plusSeconds(1),
                Map.of(),
                List.of(new ProviderRun("echo", AccessMode.IN_PROCESS, null, -1, null, 5, 1, null, null, null, null)),
                List.of());
        RunResult back = roundTrip(r);
        assertThat(back.expectedMonthlyTokens()).isNull();
        assertThat(back.providers().get(0).hardware()).isNull();
        assertThat(back.providers().get(0).apiUsdPerMillionTokens()).isNull();
        assertThat(Files.readString(dir.resolve(RunFiles.RUN_JSON)))
                .doesNotContain("hardware")
                .doesNotContain("expected_monthly_tokens");
    }

    @Test
    void run_json_round_trips_load_steps_with_stop_reasons_and_the_slo() throws IOException {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<StepRun> steps = List.of(
                new StepRun("local", 0, new LoadStep.Closed(4), 7_000, 40, null),
                new StepRun(
                        "local",
                        1,
                        new LoadStep.Open(2.5, Arrivals.POISSON, 8),
                        9_000,
                        12,
                        "stopped early: error rate 0.500 > 0.2 after 12 requests"));
        RunResult r = new RunResult(
                "s",
                "s.yaml",
                t,
                t.plusSeconds(1),
                Map.of(),
                List.of(new ProviderRun(
                        "local", AccessMode.SELF_HOSTED_SERVER, null, -1, null, 16_000, 4, null, null, null, null)),
                List.of(),
                null,
                steps,
                new Slo(500, Double.NaN, 20));
        RunResult back = roundTrip(r);
        assertThat(back.steps()).isEqualTo(steps);
        assertThat(back.slo()).isEqualTo(r.slo());
        assertThat(back.swept()).isTrue();
    }
}
