package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.testing.FakeClock;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Cost per sample through a whole session: suite prices and hardware, hand-computed expectations. */
class SuiteSessionCostTest {

    private final FakeClock clock = new FakeClock();
    private final ProviderRegistry registry = ProviderRegistry.of(List.of(new PricedFactory()));

    private static final String SUITE = """
            prices:
              house-model: {input: 2.0, output: 10.0}
            expected_monthly_tokens: 50000000
            prompts: ["hello"]
            cases:
              - id: c
                assert:
                  - type: cost
                    value: 0.0025
            providers:
              - type: priced
                id: api
                model: house-model
                api: true
              - type: priced
                id: box
                model: local
                hardware: {gpu: L4, usd_per_hour: 3.6}
              - type: priced
                id: mystery
                model: nobody-prices-this
                api: true
            repeats: 2
            timeout_ms: 60000
            """;

    private RunResult run() throws Exception {
        Suite suite = new SuiteLoader(registry).parse(Path.of("suites/cost.yaml"), new StringReader(SUITE));
        try (SuiteSession session = SuiteSession.open(suite, registry, List.of(), w -> {})) {
            return session.run(clock, Map.of(), s -> {});
        }
    }

    private static List<Sample> of(RunResult r, String provider) {
        return r.samples().stream().filter(s -> s.providerId().equals(provider)).toList();
    }

    @Test
    void api_sample_costs_its_tokens_at_the_suite_override_price() throws Exception {
        RunResult r = run();
        // (1000 x $2 + 100 x $10) / 1e6 = $0.003 per request
        assertThat(of(r, "api"))
                .hasSize(2)
                .allSatisfy(
                        s -> assertThat(s.providerStats().get(Sample.COST_STAT)).isCloseTo(0.003, within()));
    }

    @Test
    void self_hosted_sample_costs_its_busy_time_at_the_declared_hourly_price() throws Exception {
        RunResult r = run();
        // $3.6/h / 3600 x 2 s busy / concurrency 1 = $0.002 per request
        assertThat(of(r, "box"))
                .hasSize(2)
                .allSatisfy(
                        s -> assertThat(s.providerStats().get(Sample.COST_STAT)).isCloseTo(0.002, within()));
    }

    @Test
    void result_carries_hardware_api_price_of_the_measured_mix_and_expected_volume() throws Exception {
        RunResult r = run();
        assertThat(r.expectedMonthlyTokens()).isEqualTo(5e7);
        var byId = new HashMap<String, ProviderRun>();
        r.providers().forEach(p -> byId.put(p.providerId(), p));
        // $0.003 per request over 1000 + 100 tokens = $2.7272... per 1M tokens
        assertThat(byId.get("api").apiUsdPerMillionTokens()).isCloseTo(0.003 / 1100 * 1e6, within());
        assertThat(byId.get("api").hardware()).isNull();
        assertThat(byId.get("box").hardware()).isEqualTo(new HardwareSpec("gpu: L4", 3.6));
        assertThat(byId.get("box").apiUsdPerMillionTokens()).isNull();
        assertThat(byId.get("mystery").apiUsdPerMillionTokens()).isNull();
    }

    @Test
    void unpriced_api_model_has_no_cost_rather_than_zero() throws Exception {
        RunResult r = run();
        assertThat(of(r, "mystery"))
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.providerStats()).doesNotContainKey(Sample.COST_STAT));
    }

    @Test
    void cost_assertion_sees_the_known_cost_and_fails_an_unknown_one() throws Exception {
        RunResult r = run();
        assertThat(of(r, "box"))
                .allSatisfy(s -> assertThat(s.scores().get(0).pass()).isTrue());
        assertThat(of(r, "api"))
                .allSatisfy(s -> assertThat(s.scores().get(0).pass()).isFalse());
        assertThat(of(r, "mystery"))
                .allSatisfy(s -> assertThat(s.scores().get(0).pass()).isFalse());
    }

    private static Offset<Double> within() {
        return Offset.offset(1e-12);
    }

    /** Test type {@code priced}: a provider that is busy 2 s per request, 1000 tokens in and 100 out. */
    private final class PricedFactory implements ProviderFactory {
        @Override
        public String type() {
            return "priced";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("model", "api");
        }

        @Override
        public Provider create(ProviderConfig config) throws ConfigException {
            boolean api = config.bool("api", false);
            String model = config.string("model", "m");
            return new Provider() {
                @Override
                public String id() {
                    return config.id();
                }

                @Override
                public AccessMode accessMode() {
                    return api ? AccessMode.PROPRIETARY_API : AccessMode.IN_PROCESS;
                }

                @Override
                public ModelFacts describe() {
                    return new ModelFacts(
                            model,
                            !api,
                            null,
                            null,
                            null,
                            api ? DataDestination.THIS_MACHINE : DataDestination.THIS_MACHINE,
                            "");
                }

                @Override
                public String unavailableReason() {
                    return null;
                }

                @Override
                public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                    clock.advance(Duration.ofSeconds(2));
                    sink.onChunk("hi", 1);
                    return CompletableFuture.completedFuture(
                            Completion.success(FinishReason.STOP, TokenCounts.of(1000, 100, CountSource.SERVER_USAGE)));
                }

                @Override
                public void close() {}
            };
        }
    }
}
