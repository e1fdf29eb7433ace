package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.testing.FakeClock;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * An effort sweep through a whole session: one provider per level, each told its level, each run
 * under {@code <id>@<level>} with its settings and sweep group in the result; hidden reasoning priced
 * as output and kept apart as its own cost stat.
 */
class SuiteSessionReasoningTest {

    private final FakeClock clock = new FakeClock();
    private final ProviderRegistry registry = ProviderRegistry.of(List.of(new ThinkerFactory()));

    private static final String SUITE = """
            prices:
              thinker-1: {input: 1.0, output: 10.0}
            prompts: ["hello"]
            defaults: {max_tokens: 4096}
            providers:
              - type: thinker
                model: thinker-1
                reasoning:
                  effort: [low, medium, high]
              - type: thinker
                id: plain
                model: thinker-1
            repeats: 2
            """;

    private RunResult run() throws Exception {
        Suite suite = new SuiteLoader(registry).parse(Path.of("suites/effort.yaml"), new StringReader(SUITE));
        try (SuiteSession session = SuiteSession.open(suite, registry, List.of(), w -> {})) {
            return session.run(clock, Map.of(), s -> {});
        }
    }

    private static List<Sample> of(RunResult r, String provider) {
        return r.samples().stream().filter(s -> s.providerId().equals(provider)).toList();
    }

    @Test
    void an_effort_sweep_runs_one_provider_per_level_under_its_level_suffixed_id() throws Exception {
        RunResult r = run();

        assertThat(r.providers())
                .extracting(ProviderRun::providerId)
                .containsExactly(
                        "thinker:thinker-1@low", "thinker:thinker-1@medium", "thinker:thinker-1@high", "plain");
        ProviderRun medium = r.providers().get(1);
        assertThat(medium.reasoning().effort()).isEqualTo(Reasoning.Effort.MEDIUM);
        assertThat(medium.sweepOf()).isEqualTo("thinker:thinker-1");
        assertThat(r.providers().get(3).sweepOf()).isNull();
        assertThat(r.providers().get(3).reasoning()).isNull();
        // each level's provider was created with its own effort: it thinks 8 x (level + 1) hidden tokens
        assertThat(of(r, "thinker:thinker-1@low"))
                .allSatisfy(s -> assertThat(s.hiddenReasoningTokens()).isEqualTo(8));
        assertThat(of(r, "thinker:thinker-1@high"))
                .allSatisfy(s -> assertThat(s.hiddenReasoningTokens()).isEqualTo(24));
    }

    @Test
    void hidden_reasoning_is_billed_as_output_and_its_part_of_the_cost_is_kept() throws Exception {
        RunResult r = run();

        // 100 in x $1 + (4 answer + 24 hidden) x $10, per 1M tokens
        assertThat(of(r, "thinker:thinker-1@high")).hasSize(2).allSatisfy(s -> {
            assertThat(s.costUsd().getAsDouble()).isCloseTo((100 * 1.0 + 28 * 10.0) / 1e6, within(1e-15));
            assertThat(s.providerStats().get(Sample.HIDDEN_REASONING_COST_STAT))
                    .isCloseTo(24 * 10.0 / 1e6, within(1e-15));
            assertThat(s.outputTokens()).isEqualTo(4); // the timed tokens: hidden reasoning never enters N
        });
        assertThat(of(r, "plain"))
                .allSatisfy(s -> assertThat(s.providerStats()).doesNotContainKey(Sample.HIDDEN_REASONING_COST_STAT));
    }

    @Test
    void a_provider_filter_matches_every_level_by_the_providers_own_id_or_one_level_by_its_run_id() throws Exception {
        Suite suite = new SuiteLoader(registry).parse(Path.of("suites/effort.yaml"), new StringReader(SUITE));
        try (SuiteSession all = SuiteSession.open(suite, registry, List.of("thinker:thinker-1"), w -> {});
                SuiteSession one = SuiteSession.open(suite, registry, List.of("thinker:thinker-1@medium"), w -> {})) {
            assertThat(all.providerIds())
                    .containsExactly("thinker:thinker-1@low", "thinker:thinker-1@medium", "thinker:thinker-1@high");
            assertThat(one.providerIds()).containsExactly("thinker:thinker-1@medium");
        }
    }

    /**
     * Test type {@code thinker}: an API provider that reasons unseen for 8 x (effort level + 1) tokens
     * (8 with reasoning settings but no effort, none without reasoning settings), then answers 4
     * tokens, 10 ms apart.
     */
    private final class ThinkerFactory implements ProviderFactory {
        @Override
        public String type() {
            return "thinker";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("model");
        }

        @Override
        public boolean acceptsReasoning() {
            return true;
        }

        @Override
        public Provider create(ProviderConfig config) throws ConfigException {
            String model = config.string("model");
            int hidden = config.reasoning()
                    .map(r -> r.effort() == null ? 8 : 8 * (r.effort().ordinal() + 1))
                    .orElse(0);
            return new Provider() {
                @Override
                public String id() {
                    return config.id() != null ? config.id() : "thinker:" + model;
                }

                @Override
                public AccessMode accessMode() {
                    return AccessMode.PROPRIETARY_API;
                }

                @Override
                public ModelFacts describe() {
                    return new ModelFacts(model, false, null, null, null, DataDestination.VENDOR, "");
                }

                @Override
                public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                    clock.advance(Duration.ofMillis(10L * (hidden + 1)));
                    for (int i = 0; i < 4; i++) {
                        if (i > 0) {
                            clock.advance(Duration.ofMillis(10));
                        }
                        sink.onChunk("a" + i, 1);
                    }
                    return CompletableFuture.completedFuture(Completion.success(
                            FinishReason.STOP,
                            new TokenCounts(
                                    100, 4 + hidden, -1, hidden, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE)));
                }

                @Override
                public void close() {}
            };
        }
    }
}
