package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.testkit.RecordingSink;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link HttpProviderFactory} and {@link HttpProvider}, through a made-up vendor "acme". */
class HttpProviderBasesTest {

    private static final GenerationRequest REQUEST = new GenerationRequest("r1", "hi", null, 0.0, 10, null);

    record AcmeSettings(String model, TransportOptions transport, boolean keyRequired)
            implements HttpProviderSettings {}

    /** Needs a key when its settings say so; {@code send} counts its calls, then runs {@code onSend}. */
    static final class AcmeProvider extends HttpProvider<AcmeSettings> {
        final AtomicInteger sent = new AtomicInteger();
        Runnable onSend = () -> {};

        AcmeProvider(String id, AcmeSettings settings, String apiKey) {
            super(id, settings, apiKey, s -> HttpFailures.of("acme", s.baseUrl(), "check the key"));
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.PROPRIETARY_API;
        }

        @Override
        public ModelFacts describe() {
            return null;
        }

        @Override
        protected String requiredKeyHint() {
            return settings.keyRequired() ? "set ACME_API_KEY" : null;
        }

        @Override
        protected URI sendUri() {
            return settings.baseUrl().resolve("generate");
        }

        @Override
        protected Map<String, String> sendHeaders() {
            return Map.of();
        }

        @Override
        protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
            sent.incrementAndGet();
            onSend.run();
            return CompletableFuture.completedFuture(Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN));
        }
    }

    /** Options: {@code model}, {@code key_required}; reads the key only when {@code readsKey}. */
    static final class AcmeFactory extends HttpProviderFactory<AcmeSettings> {
        private final boolean readsKey;

        AcmeFactory(boolean readsKey) {
            super("acme", ApiKeySource.standard("ACME_API_KEY"), "model", "key_required");
            this.readsKey = readsKey;
        }

        @Override
        protected AcmeSettings settings(ProviderConfig config) throws ConfigException {
            return new AcmeSettings(
                    requiredModel(config, "name the model, e.g. acme-1."),
                    TransportOptions.parse(config, "http://127.0.0.1:9", 60_000),
                    config.bool("key_required", true));
        }

        @Override
        protected Provider newProvider(String id, AcmeSettings settings, String apiKey) {
            return new AcmeProvider(id, settings, apiKey);
        }

        @Override
        protected boolean readsKey(ProviderConfig config) {
            return readsKey;
        }
    }

    private static ProviderConfig config(String id, Map<String, Object> options, Map<String, String> env) {
        return new ProviderConfig("acme", id, options, Path.of("."), env::get);
    }

    private static AcmeProvider create(boolean readsKey, Map<String, Object> options) throws ConfigException {
        return (AcmeProvider)
                new AcmeFactory(readsKey).create(config(null, options, Map.of("ACME_API_KEY", "acme-key-456")));
    }

    private static Completion generate(AcmeProvider provider) throws Exception {
        return provider.generate(REQUEST, new RecordingSink())
                .toCompletableFuture()
                .get();
    }

    @Test
    void option_keys_are_the_types_own_the_transport_ones_and_the_key_sources() {
        assertThat(new AcmeFactory(true).type()).isEqualTo("acme");
        assertThat(new AcmeFactory(true).optionKeys())
                .containsExactlyInAnyOrder(
                        "model",
                        "key_required",
                        "base_url",
                        "connect_timeout_ms",
                        "first_token_timeout_ms",
                        "max_retries",
                        "retry_backoff_ms",
                        "max_connections_per_host",
                        "idle_timeout_ms",
                        "ca_file",
                        "proxy",
                        "api_key_env",
                        "api_key_file");
    }

    @Test
    void the_id_is_type_and_model_unless_the_entry_names_one_and_the_key_is_handed_over() throws Exception {
        try (AcmeProvider unnamed = create(true, Map.of("model", " acme-1 "));
                AcmeProvider named = (AcmeProvider)
                        new AcmeFactory(true).create(config("mine", Map.of("model", "acme-1"), Map.of()))) {
            assertThat(unnamed.id()).isEqualTo("acme:acme-1");
            assertThat(unnamed.apiKey).isEqualTo("acme-key-456");
            assertThat(named.id()).isEqualTo("mine");
            assertThat(named.apiKey).isNull();
        }
    }

    @Test
    void a_type_that_reads_no_key_gets_none_and_its_key_options_are_not_checked() throws Exception {
        ProviderConfig missingFile = config(null, Map.of("model", "acme-1", "api_key_file", "no-such.key"), Map.of());

        try (AcmeProvider provider = create(false, Map.of("model", "acme-1", "key_required", false))) {
            assertThat(provider.apiKey).isNull();
        }
        assertThatNoException().isThrownBy(() -> new AcmeFactory(false).validate(missingFile));
        assertThatThrownBy(() -> new AcmeFactory(true).validate(missingFile))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such.key");
    }

    @Test
    void an_empty_model_is_rejected_with_the_types_fix_before_any_other_option() {
        ProviderConfig blank = config(null, Map.of("model", "  ", "max_retries", -1), Map.of());

        assertThatThrownBy(() -> new AcmeFactory(true).validate(blank))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'model' must not be empty. Fix: name the model, e.g. acme-1.");
    }

    @Test
    void a_missing_required_key_makes_every_request_unavailable_without_sending_it() throws Exception {
        try (AcmeProvider provider = create(false, Map.of("model", "acme-1"))) {
            Completion completion = generate(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
            assertThat(completion.failure().retryable()).isFalse();
            assertThat(completion.failure().message()).isEqualTo("acme: no API key — set ACME_API_KEY");
            assertThat(provider.unavailableReason()).isEqualTo("acme: no API key — set ACME_API_KEY");
            assertThat(provider.sent).hasValue(0);
        }
    }

    @Test
    void with_the_key_or_without_a_required_one_requests_are_sent_and_the_provider_is_available() throws Exception {
        try (AcmeProvider keyed = create(true, Map.of("model", "acme-1"));
                AcmeProvider keyless = create(false, Map.of("model", "acme-1", "key_required", false))) {
            assertThat(generate(keyed).succeeded()).isTrue();
            assertThat(generate(keyless).succeeded()).isTrue();
            assertThat(keyed.unavailableReason()).isNull();
            assertThat(keyless.unavailableReason()).isNull();
            assertThat(keyed.sent).hasValue(1);
            assertThat(keyless.sent).hasValue(1);
        }
    }

    @Test
    void an_exception_while_building_a_request_is_a_failed_completion_not_a_throw() throws Exception {
        try (AcmeProvider provider = create(true, Map.of("model", "acme-1"))) {
            provider.onSend = () -> {
                throw new IllegalArgumentException("bad header value");
            };

            Completion completion = generate(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
            assertThat(completion.failure().message()).isEqualTo("IllegalArgumentException: bad header value");
        }
    }
}
