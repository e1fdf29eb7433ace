package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.suite.Defaults;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.InProcessDouble;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SuiteSessionTest {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final ProviderRegistry registry = ProviderRegistry.of(List.of(new StubFactory()));
    private final List<String> warnings = new ArrayList<>();

    private static ProviderConfig stub(String id, Map<String, Object> options) {
        return new ProviderConfig("stub", id, options, Path.of("."), name -> null);
    }

    private static Suite suite(ProviderConfig... providers) {
        return new Suite(
                Path.of("suites/s.yaml"),
                "s",
                "",
                List.of(new PromptTemplate("p", "hello", null)),
                List.of(new TestCase("c", "", Map.of())),
                List.of(providers),
                new Defaults(0, 8, 1L),
                2,
                1,
                1,
                Duration.ofSeconds(5));
    }

    private SuiteSession open(Suite suite, List<String> only) throws SessionException {
        return SuiteSession.open(suite, registry, only, warnings::add);
    }

    @Test
    void runs_available_providers_and_records_skipped_ones_in_suite_order() throws Exception {
        Suite suite = suite(
                stub(null, Map.of("model", "down", "unavailable", "stub: no server at x — start it")),
                stub(null, Map.of("model", "up")));

        RunResult result;
        try (SuiteSession session = open(suite, List.of())) {
            assertThat(session.providerIds()).containsExactly("stub:up");
            result = session.run(new FakeClock(), Map.of("k", "v"), s -> {});
        }

        assertThat(result.providers()).extracting(ProviderRun::providerId).containsExactly("stub:down", "stub:up");
        assertThat(result.providers().get(0).skippedReason()).isEqualTo("no server at x — start it");
        assertThat(result.providers().get(1).skipped()).isFalse();
        assertThat(result.samples()).hasSize(3).extracting(Sample::providerId).containsOnly("stub:up");
        assertThat(result.environment()).containsEntry("k", "v");
        assertThat(result.suiteFile()).isEqualTo(Path.of("suites/s.yaml").toString());
        assertThat(open).hasValue(0);
    }

    @Test
    void strips_a_leading_type_or_id_from_a_skip_reason_but_nothing_else() {
        assertThat(SuiteSession.cleanReason("ollama: no server", "ollama", "ollama:m"))
                .isEqualTo("no server");
        assertThat(SuiteSession.cleanReason("ollama:m: model not pulled", "ollama", "ollama:m"))
                .isEqualTo("model not pulled");
        assertThat(SuiteSession.cleanReason("no key — set K", "openai", "openai:x"))
                .isEqualTo("no key — set K");
        assertThat(SuiteSession.cleanReason("ollama:other is down", "ollama", "ollama:m"))
                .isEqualTo("ollama:other is down");
    }

    @Test
    void clashing_ids_get_a_numbered_suffix() throws Exception {
        try (SuiteSession session = open(suite(stub(null, Map.of()), stub(null, Map.of())), List.of())) {
            assertThat(session.providerIds()).containsExactly("stub:words", "stub:words#2");
        }
    }

    @Test
    void a_refused_option_at_creation_names_file_provider_and_option_and_closes_what_was_created() {
        Suite suite = suite(stub(null, Map.of()), stub("grumpy", Map.of("bad", true)));

        assertThatThrownBy(() -> open(suite, List.of()))
                .isInstanceOf(SessionException.class)
                .hasMessage(Path.of("suites/s.yaml") + ": provider 'grumpy' option 'bad': refusing as asked");
        assertThat(created).hasValue(2);
        assertThat(open).hasValue(0);
    }

    @Test
    void a_provider_that_throws_at_creation_is_skipped_with_the_reason() throws Exception {
        try (SuiteSession session =
                open(suite(stub("boom", Map.of("explode", true)), stub(null, Map.of())), List.of())) {
            assertThat(session.skipped())
                    .singleElement()
                    .satisfies(r -> assertThat(r.skippedReason()).isEqualTo("could not be created: kaboom"));
            assertThat(session.providerIds()).containsExactly("stub:words");
        }
    }

    @Test
    void the_filter_keeps_providers_by_suite_id_or_own_id_and_does_not_create_excluded_suite_ids() throws Exception {
        Suite suite = suite(stub("a", Map.of()), stub(null, Map.of("model", "b")), stub(null, Map.of("model", "c")));

        try (SuiteSession session = open(suite, List.of("stub:c"))) {
            assertThat(session.providerIds()).containsExactly("stub:c");
            assertThat(session.skipped()).isEmpty();
        }
        assertThat(created).hasValue(2); // 'a' is known not to match without creating it
        assertThat(open).hasValue(0);
    }

    @Test
    void the_filter_matches_by_type() throws Exception {
        try (SuiteSession session = open(suite(stub("a", Map.of()), stub("b", Map.of())), List.of("stub"))) {
            assertThat(session.providerIds()).containsExactly("a", "b");
        }
    }

    @Test
    void a_filter_entry_matching_nothing_is_an_error_listing_it() {
        assertThatThrownBy(() -> open(suite(stub("a", Map.of())), List.of("a", "openai")))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("[openai]")
                .hasMessageContaining("matches no provider");
        assertThat(open).hasValue(0);
    }

    @Test
    void closing_reports_a_provider_that_fails_to_close_as_a_warning() throws Exception {
        SuiteSession session = open(suite(stub("sticky", Map.of("sticky", true))), List.of());

        session.close();

        assertThat(warnings).containsExactly("closing sticky failed: stuck");
    }

    /** Test type {@code stub}: options model, unavailable, bad (ConfigException), explode, sticky. */
    private final class StubFactory implements ProviderFactory {
        @Override
        public String type() {
            return "stub";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("model", "unavailable", "bad", "explode", "sticky");
        }

        @Override
        public Provider create(ProviderConfig config) throws ConfigException {
            created.incrementAndGet();
            if (config.bool("bad", false)) {
                throw new ConfigException("bad", "refusing as asked");
            }
            if (config.bool("explode", false)) {
                throw new IllegalStateException("kaboom");
            }
            String id = config.id() != null ? config.id() : "stub:" + config.string("model", "words");
            open.incrementAndGet();
            return new Stub(id, config.string("unavailable", null), config.bool("sticky", false));
        }
    }

    private final class Stub extends InProcessDouble {
        private final String unavailable;
        private final boolean sticky;

        Stub(String id, String unavailable, boolean sticky) {
            super(id, "stub");
            this.unavailable = unavailable;
            this.sticky = sticky;
        }

        @Override
        public String unavailableReason() {
            return unavailable;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            sink.onChunk("hi", 1);
            return CompletableFuture.completedFuture(
                    Completion.success(FinishReason.STOP, TokenCounts.of(1, 1, CountSource.LOCAL_TOKENIZER)));
        }

        @Override
        public void close() {
            open.decrementAndGet();
            if (sticky) {
                throw new IllegalStateException("stuck");
            }
        }
    }
}
