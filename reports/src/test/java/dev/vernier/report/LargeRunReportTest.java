package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report of 3 providers x 200 cases x 3 repeats (1,800 measured samples of 64 streamed tokens and
 * about 400 characters each) renders in under 5 seconds and the HTML stays under 5 MB. The measured
 * numbers are written to {@code target/large-report.txt}.
 */
class LargeRunReportTest {

    static final int PROVIDERS = 3;
    static final int CASES = 200;
    static final int REPEATS = 3;

    @TempDir
    Path dir;

    static RunResult large() {
        Random random = new Random(42);
        String[] ids = {"llamacpp:qwen2.5-0.5b", "ollama:llama3.2:1b", "openai:gpt-4.1-mini"};
        AccessMode[] modes = {AccessMode.IN_PROCESS, AccessMode.SELF_HOSTED_SERVER, AccessMode.PROPRIETARY_API};
        DataDestination[] dest = {DataDestination.THIS_MACHINE, DataDestination.OWN_SERVER, DataDestination.VENDOR};
        List<ProviderRun> providers = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        int seq = 0;
        for (int p = 0; p < PROVIDERS; p++) {
            providers.add(new ProviderRun(
                    ids[p],
                    modes[p],
                    new ModelFacts(ids[p], p < 2, p < 2 ? "Apache-2.0" : null, null, null, dest[p], ""),
                    p == 0 ? 900 : -1,
                    null,
                    Results.ms(600_000),
                    4,
                    null,
                    null,
                    null,
                    null));
            for (int c = 0; c < CASES; c++) {
                for (int r = 0; r < REPEATS; r++) {
                    long ttft = Results.ms(20 + p * 150) + random.nextInt(40_000_000);
                    long gap = 4_000_000L + p * 3_000_000L + random.nextInt(2_000_000);
                    List<Long> chunks = new ArrayList<>();
                    for (int t = 0; t < 64; t++) {
                        chunks.add(ttft + t * gap);
                    }
                    boolean fail = random.nextInt(100) == 0;
                    String text = ("Answer " + c + (r == 2 && p == 1 ? " (varied)" : "") + " from " + ids[p] + ": "
                                    + "the quick brown fox jumps over the lazy dog <b>&</b> ".repeat(7))
                            .trim();
                    samples.add(Sample.builder()
                            .seq(seq)
                            .providerId(ids[p])
                            .caseId("case-" + c)
                            .promptId("ask")
                            .repeat(r)
                            .warmup(false)
                            .startedAt(Results.START.plusMillis(seq * 100L))
                            .intendedNanos(seq * 1_000_000L)
                            .sendNanos(seq * 1_000_000L)
                            .chunkNanos(fail ? List.of() : chunks)
                            .endNanos(fail ? Results.ms(30) : chunks.get(63) + 1_000_000)
                            .prompt("Question number " + c + ": explain something in about fifty words.")
                            .text(fail ? "" : text)
                            .finishReason(fail ? FinishReason.ERROR : FinishReason.STOP)
                            .tokens(fail ? TokenCounts.UNKNOWN : TokenCounts.of(20, 64, CountSource.SERVER_USAGE))
                            .failure(fail ? new Failure(FailureKind.SERVER_ERROR, 503, true, "overloaded") : null)
                            .attempts(fail ? 3 : 1)
                            .providerStats(Map.of())
                            .build());
                    seq++;
                }
            }
        }
        return new RunResult(
                "large",
                "suites/large.yaml",
                Results.START,
                Results.START.plusSeconds(1800),
                Map.of("vernier.version", "test"),
                providers,
                samples);
    }

    @Test
    void html_for_three_providers_by_200_cases_by_3_repeats_renders_in_under_5_s_and_5_mb() throws IOException {
        RunResult result = large();
        assertThat(result.samples()).hasSize(PROVIDERS * CASES * REPEATS);
        long start = System.nanoTime();
        new HtmlReportWriter().write(result, dir);
        long htmlMillis = (System.nanoTime() - start) / 1_000_000;
        long htmlBytes = Files.size(dir.resolve(HtmlReportWriter.FILE));

        StringBuilder stats = new StringBuilder("index.html: " + htmlMillis + " ms, " + htmlBytes + " bytes\n");
        for (ReportWriter w : List.of(
                new CsvReportWriter(), new JsonReportWriter(), new JunitReportWriter(), new MarkdownReportWriter())) {
            long t0 = System.nanoTime();
            w.write(result, dir);
            stats.append(w.format())
                    .append(": ")
                    .append((System.nanoTime() - t0) / 1_000_000)
                    .append(" ms\n");
        }
        Path target = Paths.get("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("large-report.txt"), stats.toString(), StandardCharsets.UTF_8);
        }
        assertThat(htmlMillis).as("render time in ms").isLessThan(5_000);
        assertThat(htmlBytes).as("index.html size in bytes").isLessThan(5L * 1024 * 1024);
        String html = Files.readString(dir.resolve(HtmlReportWriter.FILE), StandardCharsets.UTF_8);
        assertThat(html.split("<tr data-fail=", -1)).hasSize(1 + CASES);
    }
}
