package dev.vernier.benchmarks.jmh;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic samples and run results shaped like real ones: two providers (an
 * in-process model and a vendor API), latencies with a long tail, about 2% failures, and a warm-up
 * request per 100. The same seed always gives the same data, so runs stay comparable.
 */
final class SyntheticRuns {

    static final String LOCAL = "llamacpp:stories260K";
    static final String API = "openai:gpt-4.1-mini";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private SyntheticRuns() {}

    /**
     * @param count            samples, alternating between the two providers
     * @param chunksPerRequest content chunks (tokens) per successful request
     */
    static List<Sample> samples(int count, int chunksPerRequest, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>(count);
        long clock = 0;
        for (int seq = 0; seq < count; seq++) {
            String provider = seq % 2 == 0 ? LOCAL : API;
            boolean warmup = seq % 100 < 2;
            boolean failed = !warmup && random.nextInt(50) == 0;
            clock += 1_000_000 + random.nextInt(5_000_000);
            out.add(
                    failed
                            ? failedSample(seq, provider, clock, random)
                            : sample(seq, provider, warmup, clock, chunksPerRequest, random));
        }
        return out;
    }

    private static Sample sample(
            int seq, String provider, boolean warmup, long sendNanos, int chunks, SplittableRandom random) {
        List<Long> chunkNanos = new ArrayList<>(chunks);
        long t = latencyNanos(random, 80_000_000); // TTFT around 80 ms, long tail
        for (int i = 0; i < chunks; i++) {
            chunkNanos.add(t);
            t += latencyNanos(random, 12_000_000); // ~12 ms per token
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(chunks, 24); i++) {
            text.append(WireStreams.token(i + seq));
        }
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("case-" + (seq % 50))
                .promptId("p" + (seq % 3 + 1))
                .repeat(seq / 300)
                .warmup(warmup)
                .startedAt(START.plusNanos(sendNanos))
                .intendedNanos(sendNanos)
                .sendNanos(sendNanos)
                .chunkNanos(chunkNanos)
                .endNanos(t)
                .prompt("Tell a short story about case " + (seq % 50) + ".")
                .text(text.toString())
                .finishReason(FinishReason.LENGTH)
                .tokens(new TokenCounts(26, chunks, -1, -1, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE))
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    private static Sample failedSample(int seq, String provider, long sendNanos, SplittableRandom random) {
        Failure failure = new Failure(
                FailureKind.SERVER_ERROR,
                503,
                true,
                provider + ": 127.0.0.1:8080 answered 503 Service Unavailable: \"overloaded, retry later\"");
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("case-" + (seq % 50))
                .promptId("p" + (seq % 3 + 1))
                .repeat(seq / 300)
                .warmup(false)
                .startedAt(START.plusNanos(sendNanos))
                .intendedNanos(sendNanos)
                .sendNanos(sendNanos)
                .chunkNanos(List.of())
                .endNanos(latencyNanos(random, 30_000_000))
                .prompt("Tell a short story about case " + (seq % 50) + ".")
                .text("")
                .finishReason(FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(failure)
                .attempts(4)
                .providerStats(Map.of())
                .build();
    }

    /** A log-normal-ish latency with the given median, in nanoseconds. */
    private static long latencyNanos(SplittableRandom random, long median) {
        double gaussian = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5; // ~N(0, 0.5)
        return Math.max(1_000, (long) (median * Math.exp(gaussian * 0.8)));
    }

    /** A finished run holding {@code samples}, with both providers having run. */
    static RunResult run(List<Sample> samples) {
        long window = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).sendNanos() + 1_000_000_000L;
        List<ProviderRun> providers = List.of(
                new ProviderRun(
                        LOCAL,
                        AccessMode.IN_PROCESS,
                        new ModelFacts(
                                "stories260K",
                                true,
                                "MIT",
                                260_000L,
                                "F32",
                                DataDestination.THIS_MACHINE,
                                "synthetic benchmark data"),
                        35.0,
                        null,
                        window,
                        1,
                        null,
                        null,
                        null,
                        null),
                new ProviderRun(
                        API,
                        AccessMode.PROPRIETARY_API,
                        new ModelFacts(
                                "gpt-4.1-mini",
                                false,
                                null,
                                null,
                                null,
                                DataDestination.VENDOR,
                                "synthetic benchmark data"),
                        -1,
                        null,
                        window,
                        1,
                        null,
                        null,
                        null,
                        null));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("os", "Linux amd64");
        environment.put("java", "17");
        environment.put("cpus", "2");
        environment.put("vernier", "benchmark");
        return new RunResult(
                "jmh-synthetic",
                "benchmarks/suites/synthetic.yaml",
                START,
                START.plusNanos(window),
                environment,
                providers,
                samples);
    }
}
