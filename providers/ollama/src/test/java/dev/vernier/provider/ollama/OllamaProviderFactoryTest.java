package dev.vernier.provider.ollama;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OllamaProviderFactoryTest {

    private static final String TAGS_WITHOUT_THE_MODEL = """
            {"models":[{"name":"qwen2.5:0.5b","model":"qwen2.5:0.5b","modified_at":"2025-01-01T00:00:00Z",
            "size":397821319,"digest":"a8b0c5157701","details":{"parent_model":"","format":"gguf",
            "family":"qwen2","families":["qwen2"],"parameter_size":"494.03M","quantization_level":"Q4_K_M"}}]}
            """;

    private final OllamaProviderFactory factory = new OllamaProviderFactory();

    @Test
    void is_found_by_the_service_loader_as_type_ollama() {
        assertThat(ProviderRegistry.load().find("ollama")).get().isInstanceOf(OllamaProviderFactory.class);
    }

    @Test
    void a_missing_model_option_is_a_config_error_on_the_model_key() {
        assertThatThrownBy(() -> factory.create(ProviderConfig.of("ollama", Map.of())))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("model");
        assertThatThrownBy(() -> factory.validate(ProviderConfig.of("ollama", Map.of("model", "  "))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("model");
    }

    @Test
    void defaults_are_localhost_11434_a_self_hosted_open_model_on_this_machine_with_id_from_the_model()
            throws Exception {
        OllamaSettings settings =
                new OllamaProviderFactory().settings(ProviderConfig.of("ollama", Map.of("model", "llama3.2:1b")));
        assertThat(settings.baseUrl()).hasToString("http://localhost:11434");
        assertThat(settings.transport().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.transport().firstTokenTimeout())
                .isEqualTo(Duration.ofMillis(OllamaProviderFactory.DEFAULT_FIRST_TOKEN_TIMEOUT_MS));
        assertThat(settings.transport().maxRetries()).isEqualTo(3);
        assertThat(settings.transport().retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.keepAlive()).isNull();
        assertThat(settings.numCtx()).isNull();

        try (Provider provider = factory.create(ProviderConfig.of("ollama", Map.of("model", "llama3.2:1b")))) {
            assertThat(provider.id()).isEqualTo("ollama:llama3.2:1b");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.SELF_HOSTED_SERVER);
            ModelFacts facts = provider.describe();
            assertThat(facts.model()).isEqualTo("llama3.2:1b");
            assertThat(facts.openWeights()).isTrue();
            assertThat(facts.licence()).isNull();
            assertThat(facts.dataGoes()).isEqualTo(DataDestination.THIS_MACHINE);
        }
    }

    @Test
    void the_suite_id_open_weights_and_licence_are_taken_as_configured() throws Exception {
        ProviderConfig config = new ProviderConfig(
                "ollama",
                "my-llama",
                Map.of("model", "llama3.2:1b", "open_weights", false, "licence", "Llama 3.2 Community License"),
                Path.of("."),
                name -> null);
        try (Provider provider = factory.create(config)) {
            assertThat(provider.id()).isEqualTo("my-llama");
            assertThat(provider.describe().openWeights()).isFalse();
            assertThat(provider.describe().licence()).isEqualTo("Llama 3.2 Community License");
        }
    }

    @Test
    void data_stays_on_this_machine_for_loopback_hosts_and_goes_to_your_server_otherwise() throws Exception {
        for (String url : List.of("http://localhost:11434", "http://127.0.0.1:11434/", "http://[::1]:11434")) {
            assertThat(dataGoes(url)).as(url).isEqualTo(DataDestination.THIS_MACHINE);
        }
        for (String url : List.of("http://gpu-box.lan:11434", "https://ollama.example.com", "http://10.0.0.7:11434")) {
            assertThat(dataGoes(url)).as(url).isEqualTo(DataDestination.OWN_SERVER);
        }
    }

    private DataDestination dataGoes(String url) throws Exception {
        try (Provider provider = factory.create(ProviderConfig.of("ollama", Map.of("model", "m", "base_url", url)))) {
            return provider.describe().dataGoes();
        }
    }

    @Test
    void a_closed_port_is_unavailable_with_the_url_and_how_to_start_ollama() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        try (Provider provider = Providers.local(url)) {
            assertThat(provider.unavailableReason())
                    .isEqualTo("ollama: no server at " + url + " — start it with `ollama serve`");
        }
    }

    @Test
    void a_server_without_the_model_in_its_tags_is_unavailable_with_the_pull_command() throws Exception {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get("/api/tags")
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(TAGS_WITHOUT_THE_MODEL)));
            try (Provider missing = Providers.create(
                            Map.of("model", "llama3.2:1b", "base_url", "http://127.0.0.1:" + server.port()), Map.of());
                    Provider present = Providers.create(
                            Map.of("model", "qwen2.5:0.5b", "base_url", "http://127.0.0.1:" + server.port()),
                            Map.of())) {
                assertThat(missing.unavailableReason())
                        .isEqualTo("ollama: model 'llama3.2:1b' is not pulled — run `ollama pull llama3.2:1b`");
                assertThat(present.unavailableReason()).isNull();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void a_running_server_with_the_model_pulled_is_available() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.baseUrl())) {
                assertThat(provider.unavailableReason()).isNull();
            }
        }
    }

    @Test
    void a_model_named_without_a_tag_matches_its_latest_tag() {
        assertThat(OllamaProvider.pulled("llama3.2", List.of("llama3.2:latest")))
                .isTrue();
        assertThat(OllamaProvider.pulled("llama3.2:latest", List.of("llama3.2")))
                .isTrue();
        assertThat(OllamaProvider.pulled("llama3.2", List.of("llama3.2:1b"))).isFalse();
        assertThat(OllamaProvider.pulled("library/llama3.2", List.of("library/llama3.2:latest")))
                .isTrue();
    }

    @Test
    void an_api_key_env_that_is_not_set_makes_the_provider_unavailable() throws Exception {
        try (Provider provider = Providers.create(Map.of("model", "m", "api_key_env", "OLLAMA_PROXY_KEY"), Map.of())) {
            assertThat(provider.unavailableReason())
                    .contains("OLLAMA_PROXY_KEY")
                    .contains("not set");
        }
    }

    @Test
    void configuration_mistakes_name_the_offending_key() {
        assertThatThrownBy(() ->
                        factory.validate(ProviderConfig.of("ollama", Map.of("model", "m", "base_url", "ftp://x"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("base_url");
        assertThatThrownBy(() -> factory.validate(ProviderConfig.of("ollama", Map.of("model", "m", "num_ctx", 0))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("num_ctx");
        assertThatThrownBy(() ->
                        factory.validate(ProviderConfig.of("ollama", Map.of("model", "m", "keep_alive", List.of()))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("keep_alive");
        assertThatThrownBy(() -> factory.validate(ProviderConfig.of("ollama", Map.of("model", "m", "max_retries", -1))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("max_retries");
        assertThatThrownBy(() ->
                        factory.validate(ProviderConfig.of("ollama", Map.of("model", "m", "open_weights", "yes"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("open_weights");
        assertThatThrownBy(() -> factory.validate(
                        ProviderConfig.of("ollama", Map.of("model", "m", "api_key_file", "missing.txt"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("api_key_file");
    }

    @Test
    void keep_alive_accepts_a_duration_or_whole_seconds() throws Exception {
        assertThat(new OllamaProviderFactory()
                        .settings(ProviderConfig.of("ollama", Map.of("model", "m", "keep_alive", "10m")))
                        .keepAlive()
                        .asText())
                .isEqualTo("10m");
        assertThat(new OllamaProviderFactory()
                        .settings(ProviderConfig.of("ollama", Map.of("model", "m", "keep_alive", -1)))
                        .keepAlive()
                        .asLong())
                .isEqualTo(-1);
    }
}
