package dev.vernier.benchmarks.jmh;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.Defaults;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Expanding a validated suite of 10,000 cases into its {@link RunPlan}: one provider, one prompt with
 * three {@code {{variables}}} and a system prompt with one, repeats 1, no warm-up, so one operation
 * renders and plans 10,000 requests. Loading and validating the YAML is not included.
 */
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanExpansionBenchmark {

    /** Cases in the suite. */
    static final int CASES = 10_000;

    private Suite suite;
    private List<String> providerIds;

    @Setup
    public void setUp() {
        List<TestCase> cases = new ArrayList<>(CASES);
        for (int i = 0; i < CASES; i++) {
            cases.add(new TestCase(
                    "case-" + i,
                    "",
                    Map.of(
                            "topic",
                            "topic number " + i,
                            "audience",
                            i % 2 == 0 ? "curious ten-year-old" : "busy engineer",
                            "words",
                            Integer.toString(50 + i % 200),
                            "role",
                            "careful explainer")));
        }
        PromptTemplate prompt = new PromptTemplate(
                "explain", "Explain {{topic}} to a {{audience}} in at most {{words}} words.", "You are a {{role}}.");
        suite = new Suite(
                Path.of("benchmarks/suites/synthetic.yaml"),
                "synthetic",
                "",
                List.of(prompt),
                cases,
                List.of(ProviderConfig.of("openai", Map.of("model", "gpt-4.1-mini"))),
                Defaults.STANDARD,
                1,
                0,
                1,
                Duration.ofSeconds(60));
        providerIds = List.of("openai:gpt-4.1-mini");
        int planned = RunPlan.expand(suite, providerIds).requests().size();
        if (planned != CASES) {
            throw new IllegalStateException("expected " + CASES + " planned requests, got " + planned);
        }
    }

    /** One expansion of 10,000 cases. */
    @Benchmark
    public RunPlan expand() {
        return RunPlan.expand(suite, providerIds);
    }
}
