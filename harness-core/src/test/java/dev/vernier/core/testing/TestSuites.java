package dev.vernier.core.testing;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.suite.Defaults;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Suites built in code for runner tests: file {@code s.yaml}, name {@code s}, one {@code test-fake} provider. */
public final class TestSuites {

    private TestSuites() {}

    /**
     * A suite of {@code prompts} x {@code cases} at temperature 0 and seed 1.
     *
     * @param maxTokens   the output token limit
     * @param repeats     measured repeats of each case
     * @param warmup      warm-up repeats
     * @param concurrency requests in flight
     * @param timeout     the per-request time limit
     */
    public static Suite of(
            List<PromptTemplate> prompts,
            List<TestCase> cases,
            int maxTokens,
            int repeats,
            int warmup,
            int concurrency,
            Duration timeout) {
        return new Suite(
                Path.of("s.yaml"),
                "s",
                "",
                prompts,
                cases,
                List.of(ProviderConfig.of("test-fake", Map.of())),
                new Defaults(0, maxTokens, 1L),
                repeats,
                warmup,
                concurrency,
                timeout);
    }
}
