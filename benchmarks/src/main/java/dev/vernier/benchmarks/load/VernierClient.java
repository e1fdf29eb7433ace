package dev.vernier.benchmarks.load;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Vernier as a user runs it: the {@code openai} provider made by its factory from the registry (as
 * {@code SuiteSession} does), with {@code base_url} at the simulator and every other option at its
 * default, driven by {@link Runner} with the system clock. Each request becomes a {@link Sample}
 * (every chunk timestamped, the text kept); the samples are counted and checked, then dropped.
 */
final class VernierClient implements LoadClient {

    static final String PROVIDER_ID = "openai:sim-model";

    private final Provider provider;
    private final String prompt;
    private final int maxTokens;
    private final int tokens;
    private final Duration timeout;
    private int seq;
    private volatile long lastRunStart;

    /**
     * @param openAiBaseUrl e.g. {@code http://127.0.0.1:8089/v1}
     * @param prompt        the prompt of every request
     * @param maxTokens     the request's max_tokens
     * @param tokens        content tokens each response must carry
     */
    VernierClient(String openAiBaseUrl, String prompt, int maxTokens, int tokens) throws ConfigException {
        this(openAiBaseUrl, prompt, maxTokens, tokens, Map.of());
    }

    /** @param options more provider options (e.g. {@code ca_file} for the HTTPS simulator) */
    VernierClient(String openAiBaseUrl, String prompt, int maxTokens, int tokens, Map<String, Object> options)
            throws ConfigException {
        ProviderFactory factory = ProviderRegistry.load(VernierClient.class.getClassLoader())
                .find("openai")
                .orElseThrow(() -> new IllegalStateException("no openai provider on the class path"));
        ProviderConfig config = new ProviderConfig(
                "openai",
                PROVIDER_ID,
                withOptions(Map.of("model", "sim-model", "base_url", openAiBaseUrl), options),
                Path.of("."),
                name -> null);
        factory.validate(config);
        this.provider = factory.create(config);
        this.prompt = prompt;
        this.maxTokens = maxTokens;
        this.tokens = tokens;
        this.timeout = Duration.ofSeconds(60);
    }

    private static Map<String, Object> withOptions(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }

    @Override
    public String name() {
        return "Vernier (Runner + openai)";
    }

    Provider provider() {
        return provider;
    }

    @Override
    public Counts run(int concurrency, int requests) throws InterruptedException {
        int[] errors = {0};
        long[] events = {0};
        String[] firstError = {null};
        int[] done = {0};
        int[] retried = {0};
        // the runner serialises listener calls
        runSamples(concurrency, requests, i -> prompt, sample -> {
            done[0]++;
            events[0] += sample.chunkNanos().size();
            if (sample.attempts() > 1 && sample.failure() == null) {
                retried[0]++;
            }
            String error = null;
            if (sample.failure() != null) {
                error = sample.failure().kind() + ": " + sample.failure().message();
            } else if (sample.chunkNanos().size() != tokens || sample.outputTokens() != tokens) {
                error = "incomplete: " + sample.chunkNanos().size() + " chunks, " + sample.outputTokens() + " tokens";
            }
            if (error != null) {
                errors[0]++;
                if (firstError[0] == null) {
                    firstError[0] = error;
                }
            }
        });
        return new Counts(done[0], errors[0], events[0], retried[0], firstError[0]);
    }

    /**
     * Runs {@code requests} requests through a {@link Runner} and hands each sample to {@code samples}
     * (serialised by the runner).
     *
     * @param prompts the prompt of request {@code i}
     */
    Runner.Outcome runSamples(int concurrency, int requests, IntFunction<String> prompts, Consumer<Sample> samples)
            throws InterruptedException {
        List<PlannedRequest> planned = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            int n = seq++;
            GenerationRequest request =
                    new GenerationRequest("load-" + n, prompts.apply(i), null, 0.0, maxTokens, null);
            planned.add(new PlannedRequest(n, PROVIDER_ID, "load", "p", i, false, request));
        }
        Runner runner = new Runner(SystemClock.instance(), concurrency, timeout);
        lastRunStart = System.nanoTime();
        return runner.run(new RunPlan(planned), Map.of(PROVIDER_ID, provider), new RunListener() {
            @Override
            public void sampleCompleted(Sample sample) {
                samples.accept(sample);
            }
        });
    }

    /**
     * {@link System#nanoTime()} just before the last {@link Runner#run} began: the runner's origin, to
     * which samples' send times are relative, is its first clock reading, microseconds later.
     */
    long lastRunStart() {
        return lastRunStart;
    }

    @Override
    public void close() {
        provider.close();
    }
}
