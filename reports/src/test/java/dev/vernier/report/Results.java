package dev.vernier.report;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import dev.vernier.core.scoring.Score;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Run results built by hand, with fixed instants, for the writer tests. */
final class Results {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";

    private Results() {}

    /** The records of a CSV file written by a report, keyed by its header. */
    static List<CSVRecord> records(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)
                    .getRecords();
        }
    }

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    static Sample sample(
            int seq,
            String provider,
            boolean warmup,
            List<Long> chunks,
            long end,
            String text,
            TokenCounts tokens,
            Failure failure,
            int attempts) {
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("c1")
                .promptId("p1")
                .repeat(0)
                .warmup(warmup)
                .startedAt(START.plusSeconds(seq))
                .intendedNanos(ms(seq * 1000L))
                .sendNanos(ms(seq * 1000L))
                .chunkNanos(chunks)
                .endNanos(end)
                .prompt("Say hi to {{name}}")
                .text(text)
                .finishReason(failure == null ? FinishReason.STOP : FinishReason.ERROR)
                .tokens(tokens)
                .failure(failure)
                .attempts(attempts)
                .providerStats(Map.of())
                .build();
    }

    /** Three chunks at 100, 150, 200 ms; 3 output tokens reported by the server. */
    static Sample streamed(int seq, String provider, boolean warmup, String text) {
        return sample(
                seq,
                provider,
                warmup,
                List.of(ms(100), ms(150), ms(200)),
                ms(210),
                text,
                TokenCounts.of(5, 3, CountSource.SERVER_USAGE),
                null,
                1);
    }

    static ModelFacts facts(String model) {
        return new ModelFacts(model, true, "MIT", 260_000L, "F32", DataDestination.THIS_MACHINE, "raw prompt");
    }

    /** A run of suite {@code name} where one self-hosted provider, {@code provider}, ran for 3 s and made {@code samples}. */
    static RunResult oneProvider(String name, String provider, List<Sample> samples) {
        ProviderRun run = new ProviderRun(
                provider,
                AccessMode.SELF_HOSTED_SERVER,
                facts(provider),
                -1,
                null,
                ms(3000),
                1,
                null,
                null,
                null,
                null);
        return new RunResult(
                name, "suites/" + name + ".yaml", START, START.plusSeconds(3), Map.of(), List.of(run), samples);
    }

    /**
     * Provider {@code llamacpp:tiny}: a warm-up, a good request whose text needs CSV quoting, a failure.
     * Provider {@code echo}: two requests whose texts are script injections. Provider
     * {@code openai:gpt} skipped.
     */
    static RunResult mixed() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java.version", "17.0.15");
        env.put("os.name", "Linux");
        List<ProviderRun> providers = List.of(
                new ProviderRun(
                        "llamacpp:tiny",
                        AccessMode.IN_PROCESS,
                        facts("tiny"),
                        1234.5,
                        null,
                        ms(2000),
                        1,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        "echo",
                        AccessMode.SELF_HOSTED_SERVER,
                        facts("echo<b>"),
                        -1,
                        null,
                        ms(1000),
                        1,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        "openai:gpt",
                        AccessMode.PROPRIETARY_API,
                        null,
                        -1,
                        "OPENAI_API_KEY is not set. Export it, then run again.",
                        0,
                        1,
                        null,
                        null,
                        null,
                        null));
        List<Sample> samples = List.of(
                streamed(0, "llamacpp:tiny", true, "warm"),
                streamed(1, "llamacpp:tiny", false, "a, \"b\"\nc"),
                sample(
                        2,
                        "llamacpp:tiny",
                        false,
                        List.of(),
                        ms(30),
                        "",
                        TokenCounts.UNKNOWN,
                        new Failure(FailureKind.SERVER_ERROR, 503, true, "overloaded, retry <later>"),
                        2),
                streamed(3, "echo", false, SCRIPT),
                streamed(4, "echo", false, IMG));
        return new RunResult("quick<start>", "suites/q.yaml", START, START.plusSeconds(5), env, providers, samples);
    }

    /** A sample of case {@code caseId}, prompt {@code ask}, sent at {@code seq} seconds. */
    static Sample at(
            int seq,
            String provider,
            String caseId,
            int repeat,
            boolean warmup,
            List<Long> chunks,
            long end,
            String text,
            TokenCounts tokens,
            Failure failure,
            int attempts) {
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId(caseId)
                .promptId("ask")
                .repeat(repeat)
                .warmup(warmup)
                .startedAt(START.plusSeconds(seq))
                .intendedNanos(ms(seq * 1000L))
                .sendNanos(ms(seq * 1000L))
                .chunkNanos(chunks)
                .endNanos(end)
                .prompt("Tell me about " + caseId)
                .text(text)
                .finishReason(failure == null ? FinishReason.STOP : FinishReason.ERROR)
                .tokens(tokens)
                .failure(failure)
                .attempts(attempts)
                .providerStats(Map.of())
                .build();
    }

    private static Sample ok(
            int seq,
            String provider,
            String caseId,
            int repeat,
            boolean warmup,
            long ttftMs,
            long gapMs,
            int tokens,
            String text) {
        List<Long> chunks = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            chunks.add(ms(ttftMs + i * gapMs));
        }
        return at(
                seq,
                provider,
                caseId,
                repeat,
                warmup,
                chunks,
                ms(ttftMs + (tokens - 1) * gapMs + 5),
                text,
                TokenCounts.of(7, tokens, CountSource.SERVER_USAGE),
                null,
                1);
    }

    /** Case {@code capital}: one {@code icontains} assertion, every assertion must pass. */
    static List<Score> capital(boolean pass) {
        return List.of(new Score(
                "icontains",
                pass,
                pass ? 1 : 0,
                1,
                pass ? "output contains 'paris'" : "output does not contain 'paris'",
                Map.of("case_threshold", 1.0)));
    }

    /**
     * Case {@code poem}: {@code icontains roses} (weight 2) and {@code not-contains <b>} (weight 1);
     * case threshold 0.75, so a tagged poem (share 2/3) does not pass.
     */
    static List<Score> poem(boolean roses, boolean noTags) {
        return List.of(
                new Score(
                        "icontains",
                        roses,
                        roses ? 1 : 0,
                        2,
                        roses ? "output contains 'roses'" : "output does not contain 'roses'",
                        Map.of("case_threshold", 0.75)),
                new Score(
                        "not-contains",
                        noTags,
                        noTags ? 1 : 0,
                        1,
                        noTags ? "negated: output does not contain '<b>'" : "negated: output contains '<b>'",
                        Map.of("case_threshold", 0.75)));
    }

    /**
     * The fixed run of the golden-file tests: {@code llamacpp:tiny} (open, in-process) and
     * {@code openai:gpt-4.1-mini} (proprietary) answer cases {@code capital} and {@code poem} twice
     * each, with one timeout and one rate-limited failure after retries; {@code anthropic:claude} is
     * skipped. Texts need CSV quoting, Markdown and XML escaping. Outputs carry assertion results: the
     * tiny model passes 3 of 4 judged requests (its timeout fails), gpt passes 2 of 4 (its poem
     * contains tags; the rate-limited request fails). Costs: every tiny request carries one (hardware
     * priced; measured total $0.001167), gpt's rate-limited request has none, so gpt's cost is unknown.
     */
    /** The sample provider stat with the request's cost in USD. */
    static final String COST = "cost_usd";

    static RunResult golden() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("os.name", "Linux 6.1");
        env.put("os.arch", "amd64");
        env.put("available_processors", "2");
        env.put("java.version", "17.0.15");
        env.put("vernier.version", "0.1.0-test");
        ModelFacts gpt = new ModelFacts("gpt-4.1-mini", false, null, null, null, DataDestination.VENDOR, "");
        List<ProviderRun> providers = List.of(
                new ProviderRun(
                        "llamacpp:tiny",
                        AccessMode.IN_PROCESS,
                        facts("tiny"),
                        1234.5,
                        null,
                        ms(4000),
                        1,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        "openai:gpt-4.1-mini",
                        AccessMode.PROPRIETARY_API,
                        gpt,
                        -1,
                        null,
                        ms(5000),
                        2,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        "anthropic:claude",
                        AccessMode.PROPRIETARY_API,
                        null,
                        -1,
                        "ANTHROPIC_API_KEY is not set. Export it, then run again.",
                        0,
                        1,
                        null,
                        null,
                        null,
                        null));
        String poem = "Roses, \"red\" | violets\nblue \u2713 caf\u00e9";
        List<Sample> samples = List.of(
                ok(0, "llamacpp:tiny", "capital", 0, true, 40, 10, 3, "warm").withProviderStat(COST, 0.00006),
                ok(1, "llamacpp:tiny", "capital", 0, false, 20, 10, 3, "Paris")
                        .withScores(capital(true))
                        .withProviderStat(COST, 0.00004),
                ok(2, "llamacpp:tiny", "capital", 1, false, 22, 10, 3, "Paris")
                        .withScores(capital(true))
                        .withProviderStat(COST, 0.000042),
                ok(3, "llamacpp:tiny", "poem", 0, false, 25, 12, 6, poem)
                        .withScores(poem(true, true))
                        .withProviderStat(COST, 0.000085),
                at(
                                4,
                                "llamacpp:tiny",
                                "poem",
                                1,
                                false,
                                List.of(),
                                ms(1000),
                                "",
                                TokenCounts.UNKNOWN,
                                new Failure(FailureKind.TIMEOUT, 0, false, "no completion within 1000 ms"),
                                1)
                        .withProviderStat(COST, 0.001),
                ok(5, "openai:gpt-4.1-mini", "capital", 0, false, 300, 20, 4, "Paris.")
                        .withScores(capital(true))
                        .withProviderStat(COST, 0.0000184),
                ok(6, "openai:gpt-4.1-mini", "capital", 1, false, 320, 20, 4, "Paris.")
                        .withScores(capital(true))
                        .withProviderStat(COST, 0.0000184),
                ok(7, "openai:gpt-4.1-mini", "poem", 0, false, 350, 15, 8, "<b>Roses</b> & *violets*")
                        .withScores(poem(true, false))
                        .withProviderStat(COST, 0.0000156),
                at(
                        8,
                        "openai:gpt-4.1-mini",
                        "poem",
                        1,
                        false,
                        List.of(),
                        ms(90),
                        "",
                        TokenCounts.UNKNOWN,
                        new Failure(FailureKind.RATE_LIMITED, 429, true, "slow down\nplease <now>"),
                        3));
        return new RunResult(
                "golden|suite", "suites/golden.yaml", START, START.plusMillis(12_345), env, providers, samples);
    }

    // ----- load steps ---------------------------------------------------------------------------

    static final String SWEPT_SELF = "vllm:small";
    static final String SWEPT_API = "openai:gpt";
    static final String STOPPED = "stopped early: p95 TTFT 812.3 ms > 500 ms after 5 requests <now>";

    /**
     * One successful request of {@code step}: 10 tokens, the first {@code ttftMs} after t_send, then one
     * every 10 ms; sent {@code queueMs} after it was intended; case {@code capital} passing or not.
     */
    static Sample stepSample(int seq, String provider, int step, long ttftMs, long queueMs, boolean passes) {
        List<Long> chunks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chunks.add(ms(ttftMs + i * 10L));
        }
        long intended = ms(seq * 100L);
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("capital")
                .promptId("ask")
                .repeat(seq)
                .warmup(false)
                .startedAt(START.plusMillis(seq * 100L))
                .intendedNanos(intended)
                .sendNanos(intended + ms(queueMs))
                .chunkNanos(chunks)
                .endNanos(ms(ttftMs + 95))
                .prompt("Capital of France?")
                .text(passes ? "Paris" : "Lyon")
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.of(7, 10, CountSource.SERVER_USAGE))
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .scores(capital(passes))
                .step(step)
                .build();
    }

    /**
     * A closed-loop sweep at concurrency 1, 4 and 16 of two providers, with an SLO of TTFT &lt;= 500 ms:
     *
     * <ul>
     *   <li>{@code vllm:small} (hardware at USD 0.80/h): step 0, 10 requests at TTFT 100 ms in 10 s; step 1,
     *       20 requests in 5 s, 18 at 300 ms passing, 1 at 700 ms (misses the SLO), 1 at 300 ms failing its
     *       assertion (p95 still 300 ms, goodput 18 / 5 s); step 2, 20 requests at 900 ms in 8 s. Saturation
     *       point: concurrency 4.</li>
     *   <li>{@code openai:gpt}: step 0, 10 requests at 200 ms in 10 s; step 1, 19 requests at 600 ms and one
     *       rate-limited failure in 5 s; step 2, 5 requests at 850 ms in 2 s, stopped early by a stop rule.
     *       Saturation point: concurrency 1.</li>
     * </ul>
     */
    static RunResult sweep(Slo slo) {
        List<Sample> samples = new ArrayList<>();
        int seq = 0;
        for (int i = 0; i < 10; i++) {
            samples.add(stepSample(seq++, SWEPT_SELF, 0, 100, 0, true));
        }
        for (int i = 0; i < 20; i++) {
            samples.add(stepSample(seq++, SWEPT_SELF, 1, i == 7 ? 700 : 300, 0, i != 12));
        }
        for (int i = 0; i < 20; i++) {
            samples.add(stepSample(seq++, SWEPT_SELF, 2, 900, 0, true));
        }
        for (int i = 0; i < 10; i++) {
            samples.add(stepSample(seq++, SWEPT_API, 0, 200, 0, true));
        }
        for (int i = 0; i < 19; i++) {
            samples.add(stepSample(seq++, SWEPT_API, 1, 600, 0, true));
        }
        samples.add(Sample.builder()
                .seq(seq)
                .providerId(SWEPT_API)
                .caseId("capital")
                .promptId("ask")
                .repeat(seq)
                .warmup(false)
                .startedAt(START.plusMillis(seq * 100L))
                .intendedNanos(ms(seq * 100L))
                .sendNanos(ms(seq * 100L))
                .chunkNanos(List.of())
                .endNanos(ms(40))
                .prompt("Capital of France?")
                .text("")
                .finishReason(FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(new Failure(FailureKind.RATE_LIMITED, 429, true, "slow down"))
                .attempts(3)
                .providerStats(Map.of())
                .scores(List.of())
                .step(1)
                .build());
        seq++;
        for (int i = 0; i < 5; i++) {
            samples.add(stepSample(seq++, SWEPT_API, 2, 850, 0, true));
        }
        List<StepRun> steps = List.of(
                new StepRun(SWEPT_SELF, 0, new LoadStep.Closed(1), ms(10_000), 10, null),
                new StepRun(SWEPT_SELF, 1, new LoadStep.Closed(4), ms(5_000), 20, null),
                new StepRun(SWEPT_SELF, 2, new LoadStep.Closed(16), ms(8_000), 20, null),
                new StepRun(SWEPT_API, 0, new LoadStep.Closed(1), ms(10_000), 10, null),
                new StepRun(SWEPT_API, 1, new LoadStep.Closed(4), ms(5_000), 20, null),
                new StepRun(SWEPT_API, 2, new LoadStep.Closed(16), ms(2_000), 5, STOPPED));
        ModelFacts gpt = new ModelFacts("gpt-4.1-mini", false, null, null, null, DataDestination.VENDOR, "");
        List<ProviderRun> providers = List.of(
                new ProviderRun(
                        SWEPT_SELF,
                        AccessMode.SELF_HOSTED_SERVER,
                        facts("small"),
                        -1,
                        null,
                        ms(23_000),
                        1,
                        new HardwareSpec("gpu: L4", 0.80),
                        null,
                        null,
                        null),
                new ProviderRun(
                        SWEPT_API, AccessMode.PROPRIETARY_API, gpt, -1, null, ms(17_000), 1, null, null, null, null));
        return new RunResult(
                "sweep",
                "suites/sweep.yaml",
                START,
                START.plusSeconds(60),
                Map.of(),
                providers,
                samples,
                null,
                steps,
                slo);
    }

    /** {@link #sweep(Slo)} with the SLO TTFT &lt;= 500 ms. */
    static RunResult sweep() {
        return sweep(new Slo(500, Double.NaN, Double.NaN));
    }

    /**
     * One open-loop step of {@code ollama:tiny} at 2 req/s Poisson with at most 2 in flight: 10 requests
     * in 5 s, each sent 250 ms after it was intended (waiting for a slot), TTFT 100 ms from t_send.
     */
    static RunResult openLoop() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(stepSample(i, "ollama:tiny", 0, 100, 250, true));
        }
        return new RunResult(
                "open",
                "suites/open.yaml",
                START,
                START.plusSeconds(10),
                Map.of(),
                List.of(new ProviderRun(
                        "ollama:tiny",
                        AccessMode.SELF_HOSTED_SERVER,
                        facts("tiny"),
                        -1,
                        null,
                        ms(5_000),
                        2,
                        null,
                        null,
                        null,
                        null)),
                samples,
                null,
                List.of(new StepRun("ollama:tiny", 0, new LoadStep.Open(2, Arrivals.POISSON, 2), ms(5_000), 10, null)),
                new Slo(300, Double.NaN, Double.NaN));
    }
}
