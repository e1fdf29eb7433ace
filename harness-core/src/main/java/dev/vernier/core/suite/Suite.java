package dev.vernier.core.suite;

import dev.vernier.core.api.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated benchmark suite: what to send, to whom, how often.
 *
 * @param file        where it was loaded from
 * @param name        suite name
 * @param description free text
 * @param prompts     prompt templates (every case is sent with every prompt)
 * @param cases       cases with variable values
 * @param providers   provider entries, validated against their factories
 * @param defaults    generation parameters
 * @param repeats     measured repetitions of every (case, prompt, provider)
 * @param warmup      warm-up requests per provider, sent first and excluded from statistics
 * @param concurrency closed-loop concurrency: at most this many requests in flight per provider
 * @param timeout     per-request time limit
 */
public record Suite(
        Path file, String name, String description, List<PromptTemplate> prompts, List<TestCase> cases,
        List<ProviderConfig> providers, Defaults defaults, int repeats, int warmup, int concurrency,
        Duration timeout) {

    public Suite {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        prompts = List.copyOf(prompts);
        cases = List.copyOf(cases);
        providers = List.copyOf(providers);
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The per-request time limit of one provider entry: its own {@code timeout_ms} when given, else
     * the suite's.
     */
    public Duration timeoutOf(ProviderConfig provider) {
        Object own = provider.options().get("timeout_ms");
        return own instanceof Number n ? Duration.ofMillis(n.longValue()) : timeout;
    }
}
