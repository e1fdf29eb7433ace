package dev.vernier.provider.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.Secrets;
import dev.vernier.testkit.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnthropicProviderFactoryTest {

    private static final String KEY = "ak-factory-test-0123456789";

    private final AnthropicProviderFactory factory = new AnthropicProviderFactory();

    private Provider create(Map<String, Object> options, Map<String, String> env) throws ConfigException {
        return factory.create(new ProviderConfig("anthropic", null, options, Path.of("."), env::get));
    }

    private static Completion run(Provider provider) throws Exception {
        return provider.generate(new GenerationRequest("r1", "hi", null, 0.0, 8, null), new RecordingSink())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    private static String configErrorKey(Map<String, Object> options) {
        try {
            new AnthropicProviderFactory().validate(ProviderConfig.of("anthropic", options));
        } catch (ConfigException e) {
            return e.key();
        }
        return null;
    }

    @Test
    void is_found_by_the_service_loader_as_type_anthropic() {
        assertThat(ProviderRegistry.load().find("anthropic")).get().isInstanceOf(AnthropicProviderFactory.class);
    }

    @Test
    void is_a_proprietary_api_whose_prompts_go_to_the_vendor_with_id_from_the_model() throws Exception {
        try (Provider provider = create(Map.of("model", "claude-sonnet-4-5"), Map.of("ANTHROPIC_API_KEY", KEY))) {
            assertThat(provider.id()).isEqualTo("anthropic:claude-sonnet-4-5");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.VENDOR);
            assertThat(provider.describe().openWeights()).isFalse();
            assertThat(provider.describe().model()).isEqualTo("claude-sonnet-4-5");
            assertThat(provider.unavailableReason()).isNull();
        }
    }

    @Test
    void the_suite_id_wins_over_the_default_id() throws Exception {
        ProviderConfig config = new ProviderConfig(
                "anthropic", "claude", Map.of("model", "m"), Path.of("."), Map.of("ANTHROPIC_API_KEY", KEY)::get);
        try (Provider provider = factory.create(config)) {
            assertThat(provider.id()).isEqualTo("claude");
        }
    }

    @Test
    void model_is_required_and_must_not_be_blank() {
        assertThat(configErrorKey(Map.of())).isEqualTo("model");
        assertThat(configErrorKey(Map.of("model", "  "))).isEqualTo("model");
    }

    @Test
    void without_a_key_it_is_unavailable_and_requests_fail_as_data_without_a_call() throws Exception {
        try (Provider provider = create(Map.of("model", "claude-sonnet-4-5"), Map.of())) {
            assertThat(provider.unavailableReason()).isEqualTo("anthropic: no API key — set ANTHROPIC_API_KEY");

            Completion completion = run(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
            assertThat(completion.failure().retryable()).isFalse();
        }
    }

    @Test
    void the_unavailable_reason_names_the_variable_given_in_api_key_env() throws Exception {
        try (Provider provider =
                create(Map.of("model", "m", "api_key_env", "TEAM_CLAUDE_KEY"), Map.of("ANTHROPIC_API_KEY", KEY))) {
            assertThat(provider.unavailableReason()).isEqualTo("anthropic: no API key — set TEAM_CLAUDE_KEY");
        }
    }

    @Test
    void the_key_file_is_read_registered_for_redaction_and_sent_as_x_api_key(@TempDir Path dir) throws Exception {
        String fileKey = "ak-file-abcdefghijklmnop";
        Files.writeString(dir.resolve("anthropic.key"), fileKey + "\n");
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(post(urlEqualTo("/v1/messages"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/event-stream")
                            .withBody(
                                    "event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"usage\": {\"input_tokens\": 1, \"output_tokens\": 1}}}\n\n"
                                            + "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"ok\"}}\n\n"
                                            + "event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\"}, \"usage\": {\"output_tokens\": 1}}\n\n"
                                            + "event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n")));
            ProviderConfig config = new ProviderConfig(
                    "anthropic",
                    null,
                    Map.of(
                            "model",
                            "m",
                            "base_url",
                            "http://127.0.0.1:" + server.port() + "/",
                            "api_key_file",
                            "anthropic.key"),
                    dir,
                    name -> null);
            factory.validate(config);
            try (Provider provider = factory.create(config)) {
                assertThat(provider.unavailableReason()).isNull();
                assertThat(run(provider).succeeded()).isTrue();
            }
            server.verify(1, postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo(fileKey)));
        } finally {
            server.stop();
        }
        assertThat(Secrets.redact("x " + fileKey + " y")).doesNotContain(fileKey);
    }

    @Test
    void an_empty_key_file_makes_it_unavailable_naming_the_file(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("empty.key"), "\n");
        ProviderConfig config = new ProviderConfig(
                "anthropic", null, Map.of("model", "m", "api_key_file", "empty.key"), dir, name -> null);
        try (Provider provider = factory.create(config)) {
            assertThat(provider.unavailableReason())
                    .isEqualTo("anthropic: no API key — put the key in the file empty.key");
        }
    }

    @Test
    void configuration_mistakes_name_the_offending_key() {
        assertThat(configErrorKey(Map.of("model", "m", "base_url", "ftp://x"))).isEqualTo("base_url");
        assertThat(configErrorKey(Map.of("model", "m", "base_url", "https://api.anthropic.com?key=1")))
                .isEqualTo("base_url");
        assertThat(configErrorKey(Map.of("model", "m", "max_retries", -1))).isEqualTo("max_retries");
        assertThat(configErrorKey(Map.of("model", "m", "connect_timeout_ms", 0)))
                .isEqualTo("connect_timeout_ms");
        assertThat(configErrorKey(Map.of("model", "m", "api_key_file", "missing.txt")))
                .isEqualTo("api_key_file");
        assertThatThrownBy(() -> factory.validate(
                        ProviderConfig.of("anthropic", Map.of("model", "m", "first_token_timeout_ms", "soon"))))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("first_token_timeout_ms");
    }

    @Test
    void option_keys_are_the_documented_ones() {
        assertThat(factory.optionKeys())
                .containsExactlyInAnyOrder(
                        "model",
                        "base_url",
                        "api_key_env",
                        "api_key_file",
                        "connect_timeout_ms",
                        "first_token_timeout_ms",
                        "max_retries",
                        "retry_backoff_ms",
                        "max_connections_per_host",
                        "idle_timeout_ms",
                        "ca_file",
                        "proxy");
    }
}
