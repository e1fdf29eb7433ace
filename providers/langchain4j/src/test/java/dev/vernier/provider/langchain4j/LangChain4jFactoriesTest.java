package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.provider.http.TransportOptions;
import dev.vernier.testkit.Schemas;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two YAML types: found by name, options as the native types', availability and facts. */
class LangChain4jFactoriesTest {

    @Test
    void the_three_types_are_found_through_the_service_loader() {
        ProviderRegistry registry = ProviderRegistry.load();

        assertThat(registry.types()).contains("langchain4j-openai", "langchain4j-ollama", "langchain4j");
    }

    @Test
    void the_openai_type_takes_the_native_types_options() {
        assertThat(new LangChain4jOpenAiFactory().optionKeys())
                .containsExactlyInAnyOrder(
                        "model",
                        "base_url",
                        "api_key_env",
                        "api_key_file",
                        "access_mode",
                        "open_weights",
                        "stream",
                        "connect_timeout_ms",
                        "first_token_timeout_ms",
                        "max_retries",
                        "retry_backoff_ms");
        assertThat(new LangChain4jOllamaFactory().optionKeys())
                .as("langchain4j's own HTTP client cannot apply Vernier's connection options")
                .doesNotContainAnyElementsOf(TransportOptions.CONNECTION_KEYS);
    }

    @Test
    void every_langchain4j_type_refuses_a_response_schema_rather_than_ignore_it() {
        for (ProviderFactory factory : List.<ProviderFactory>of(
                new LangChain4jOpenAiFactory(), new LangChain4jOllamaFactory(), new LangChain4jBuilderFactory())) {
            assertThatThrownBy(() -> factory.validateResponseSchema(
                            ProviderConfig.of(factory.type(), Map.of("model", "m")), Schemas.person()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot send a JSON Schema ('response_format')")
                    .hasMessageContaining("add 'response_format: none' to this provider")
                    .extracting(e -> ((ConfigException) e).key())
                    .isEqualTo("response_format");
        }
    }

    @Test
    void openai_itself_without_a_key_is_unavailable_and_says_where_the_key_goes() throws Exception {
        try (Provider provider =
                Factories.create(new LangChain4jOpenAiFactory(), Map.of("model", "gpt-4.1-mini"), Map.of())) {
            assertThat(provider.id()).isEqualTo("langchain4j-openai:gpt-4.1-mini");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.VENDOR);
            assertThat(provider.unavailableReason())
                    .isEqualTo("langchain4j-openai: no API key — set OPENAI_API_KEY or api_key_file");
        }
    }

    @Test
    void a_local_openai_compatible_server_is_probed_and_self_hosted() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider up = Factories.openAi(simulator.openAiBaseUrl())) {
                assertThat(up.unavailableReason()).isNull();
                assertThat(up.accessMode()).isEqualTo(AccessMode.SELF_HOSTED_SERVER);
                assertThat(up.describe().dataGoes()).isEqualTo(DataDestination.THIS_MACHINE);
                assertThat(up.describe().notes()).contains("langchain4j-open-ai");
            }
        }
        try (Provider down = Factories.openAi("http://127.0.0.1:9/v1")) {
            assertThat(down.unavailableReason())
                    .isEqualTo("langchain4j-openai: no server at http://127.0.0.1:9/v1 — start it");
        }
    }

    @Test
    void an_ollama_model_that_is_not_pulled_is_unavailable_with_the_pull_command() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider pulled = Factories.ollama(simulator.baseUrl());
                    Provider missing = Factories.create(
                            new LangChain4jOllamaFactory(),
                            Map.of("model", "qwen3:0.6b", "base_url", simulator.baseUrl()),
                            Map.of())) {
                assertThat(pulled.unavailableReason()).isNull();
                assertThat(missing.unavailableReason())
                        .isEqualTo(
                                "langchain4j-ollama: model 'qwen3:0.6b' is not pulled — run `ollama pull qwen3:0.6b`");
            }
        }
        try (Provider down = Factories.ollama("http://127.0.0.1:9")) {
            assertThat(down.unavailableReason())
                    .contains("no server at http://127.0.0.1:9")
                    .contains("ollama serve");
        }
    }

    @Test
    void ollama_names_without_a_tag_mean_latest() {
        assertThat(LangChain4jOllamaFactory.sameModel("llama3.2:latest", "llama3.2"))
                .isTrue();
        assertThat(LangChain4jOllamaFactory.sameModel("library/llama3.2:1b", "library/llama3.2:1b"))
                .isTrue();
        assertThat(LangChain4jOllamaFactory.sameModel("llama3.2:1b", "llama3.2"))
                .isFalse();
    }

    @Test
    void bad_options_are_refused_naming_the_option() {
        ConfigException numCtx = catchThrowableOfType(
                () -> Factories.create(new LangChain4jOllamaFactory(), Map.of("model", "m", "num_ctx", 0), Map.of()),
                ConfigException.class);
        ConfigException mode = catchThrowableOfType(
                () -> Factories.create(
                        new LangChain4jOpenAiFactory(), Map.of("model", "m", "access_mode", "cloud"), Map.of()),
                ConfigException.class);
        ConfigException url = catchThrowableOfType(
                () -> Factories.create(
                        new LangChain4jOpenAiFactory(), Map.of("model", "m", "base_url", "ftp://x"), Map.of()),
                ConfigException.class);

        assertThat(numCtx.key()).isEqualTo("num_ctx");
        assertThat(mode.key()).isEqualTo("access_mode");
        assertThat(mode.getMessage()).contains("in_process, proprietary_api, self_hosted_server");
        assertThat(url.key()).isEqualTo("base_url");
    }

    @Test
    void every_type_builds_a_chat_model_provider() throws Exception {
        ProviderFactory[] factories = {new LangChain4jOpenAiFactory(), new LangChain4jOllamaFactory()};
        for (ProviderFactory factory : factories) {
            try (Provider provider = Factories.create(factory, Map.of("model", "m"), Map.of())) {
                assertThat(provider).isInstanceOf(ChatModelProvider.class);
            }
        }
    }
}
