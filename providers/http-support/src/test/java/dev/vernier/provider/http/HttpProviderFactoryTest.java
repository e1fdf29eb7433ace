package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.TokenSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class HttpProviderFactoryTest {

    record AcmeSettings(String model, TransportOptions transport) implements HttpProviderSettings {
    }

    /** What the factory built: the id and key it was handed. */
    record Built(String id, AcmeSettings settings, String apiKey) implements Provider {
        @Override
        public AccessMode accessMode() {
            return AccessMode.PROPRIETARY_API;
        }

        @Override
        public ModelFacts describe() {
            return null;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            throw new UnsupportedOperationException();
        }
    }

    /** Reads its key only when {@code readsKey} is true. */
    static final class AcmeFactory extends HttpProviderFactory<AcmeSettings> {
        private final boolean readsKey;

        AcmeFactory(boolean readsKey) {
            super("acme", ApiKeySource.standard("ACME_API_KEY"), "model", "flavour");
            this.readsKey = readsKey;
        }

        @Override
        protected AcmeSettings settings(ProviderConfig config) throws ConfigException {
            return new AcmeSettings(requiredModel(config, "name the model, e.g. acme-1."),
                    TransportOptions.parse(config, "https://api.acme.test", 60_000));
        }

        @Override
        protected Provider newProvider(String id, AcmeSettings settings, String apiKey) {
            return new Built(id, settings, apiKey);
        }

        @Override
        protected boolean readsKey(ProviderConfig config) {
            return readsKey;
        }
    }

    private static ProviderConfig config(String id, Map<String, Object> options) {
        return new ProviderConfig("acme", id, options, Path.of("."), Map.of("ACME_API_KEY", "acme-key-456")::get);
    }

    @Test
    void option_keys_are_the_types_own_the_transport_ones_and_the_key_sources() {
        assertThat(new AcmeFactory(true).optionKeys()).containsExactlyInAnyOrder("model", "flavour", "base_url",
                "connect_timeout_ms", "first_token_timeout_ms", "max_retries", "retry_backoff_ms", "api_key_env",
                "api_key_file");
        assertThat(new AcmeFactory(true).type()).isEqualTo("acme");
    }

    @Test
    void the_id_is_type_and_model_unless_the_entry_names_one() throws Exception {
        Built unnamed = (Built) new AcmeFactory(true).create(config(null, Map.of("model", " acme-1 ")));
        Built named = (Built) new AcmeFactory(true).create(config("mine", Map.of("model", "acme-1")));

        assertThat(unnamed.id()).isEqualTo("acme:acme-1");
        assertThat(named.id()).isEqualTo("mine");
        assertThat(unnamed.apiKey()).isEqualTo("acme-key-456");
    }

    @Test
    void a_type_that_reads_no_key_gets_none_and_its_key_options_are_not_checked() throws Exception {
        Built built = (Built) new AcmeFactory(false).create(config(null, Map.of("model", "acme-1")));
        ProviderConfig missingFile = config(null, Map.of("model", "acme-1", "api_key_file", "no-such.key"));

        assertThat(built.apiKey()).isNull();
        assertThatNoException().isThrownBy(() -> new AcmeFactory(false).validate(missingFile));
        assertThatThrownBy(() -> new AcmeFactory(true).validate(missingFile))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no-such.key");
    }

    @Test
    void an_empty_model_is_rejected_with_the_types_fix_before_anything_else() {
        ProviderConfig blank = config(null, Map.of("model", "  ", "max_retries", -1));

        assertThatThrownBy(() -> new AcmeFactory(true).validate(blank))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'model' must not be empty. Fix: name the model, e.g. acme-1.");
    }
}
