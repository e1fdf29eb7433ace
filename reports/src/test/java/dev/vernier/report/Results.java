package dev.vernier.report;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run results built by hand, with fixed instants, for the writer tests. */
final class Results {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";

    private Results() {
    }

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    static Sample sample(int seq, String provider, boolean warmup, List<Long> chunks, long end, String text,
                         TokenCounts tokens, Failure failure, int attempts) {
        return new Sample(seq, provider, "c1", "p1", 0, warmup, START.plusSeconds(seq), ms(seq * 1000L),
                ms(seq * 1000L), chunks, end, "Say hi to {{name}}", text,
                failure == null ? FinishReason.STOP : FinishReason.ERROR, tokens, failure, attempts, Map.of());
    }

    /** Three chunks at 100, 150, 200 ms; 3 output tokens reported by the server. */
    static Sample streamed(int seq, String provider, boolean warmup, String text) {
        return sample(seq, provider, warmup, List.of(ms(100), ms(150), ms(200)), ms(210), text,
                TokenCounts.of(5, 3, CountSource.SERVER_USAGE), null, 1);
    }

    static ModelFacts facts(String model) {
        return new ModelFacts(model, true, "MIT", 260_000L, "F32", DataDestination.THIS_MACHINE, "raw prompt");
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
                new ProviderRun("llamacpp:tiny", AccessMode.IN_PROCESS, facts("tiny"), 1234.5, null, ms(2000), 1),
                new ProviderRun("echo", AccessMode.SELF_HOSTED_SERVER, facts("echo<b>"), -1, null, ms(1000), 1),
                new ProviderRun("openai:gpt", AccessMode.PROPRIETARY_API, null, -1,
                        "OPENAI_API_KEY is not set. Export it, then run again.", 0, 1));
        List<Sample> samples = List.of(
                streamed(0, "llamacpp:tiny", true, "warm"),
                streamed(1, "llamacpp:tiny", false, "a, \"b\"\nc"),
                sample(2, "llamacpp:tiny", false, List.of(), ms(30), "", TokenCounts.UNKNOWN,
                        new Failure(FailureKind.SERVER_ERROR, 503, true, "overloaded, retry <later>"), 2),
                streamed(3, "echo", false, SCRIPT),
                streamed(4, "echo", false, IMG));
        return new RunResult("quick<start>", "suites/q.yaml", START, START.plusSeconds(5), env, providers, samples);
    }
}
