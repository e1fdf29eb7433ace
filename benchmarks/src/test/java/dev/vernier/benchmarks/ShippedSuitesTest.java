package dev.vernier.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every suite we ship must load with the providers we ship, so a user's first command works. */
class ShippedSuitesTest {

    private static final Path SUITES = Path.of("suites");

    @Test
    void every_shipped_suite_loads_and_expands() throws IOException {
        SuiteLoader loader = new SuiteLoader(ProviderRegistry.load(getClass().getClassLoader()));
        List<Path> files;
        try (Stream<Path> list = Files.list(SUITES)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Suite suite = loader.load(file);
            RunPlan plan = RunPlan.expand(
                    suite, suite.providers().stream().map(p -> p.type()).toList());
            assertThat(plan.measuredCount()).as(file.toString()).isPositive();
        }
    }

    @Test
    void quickstart_runs_every_case_with_every_prompt_on_the_embedded_model() {
        Suite suite = new SuiteLoader(ProviderRegistry.load(getClass().getClassLoader()))
                .load(SUITES.resolve("quickstart.yaml"));

        assertThat(suite.providers()).extracting(p -> p.type()).containsExactly("llamacpp");
        assertThat(RunPlan.expand(suite, List.of("llamacpp")).measuredCount()).isEqualTo(4 * 2 * 3);
    }

    @Test
    void quality_demo_has_thirty_known_answer_cases_each_with_its_own_assertions() {
        Suite suite = new SuiteLoader(ProviderRegistry.load(getClass().getClassLoader()))
                .load(SUITES.resolve("quality-demo.yaml"));

        assertThat(suite.cases()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(suite.cases())
                .allSatisfy(c -> assertThat(c.assertions())
                        .as(c.id())
                        .hasSizeGreaterThan(1)); // the default word-count bound plus the case's own
        assertThat(suite.providers()).extracting(p -> p.type()).containsExactly("llamacpp");
    }

    @Test
    void load_sweep_sweeps_concurrency_against_a_server_and_the_embedded_model_with_an_slo() {
        Suite suite = new SuiteLoader(ProviderRegistry.load(getClass().getClassLoader()))
                .load(SUITES.resolve("load-sweep.yaml"));

        assertThat(suite.load().steps())
                .extracting(s -> s.label())
                .containsExactly("concurrency 1", "concurrency 2", "concurrency 4", "concurrency 8", "concurrency 16");
        assertThat(suite.load().requestsPerStep()).isEqualTo(40);
        assertThat(suite.load().stop().maxP95TtftMs()).isEqualTo(5000);
        assertThat(suite.slo().ttftMs()).isEqualTo(1000);
        assertThat(suite.providers()).extracting(p -> p.type()).containsExactly("openai", "llamacpp");
    }
}
