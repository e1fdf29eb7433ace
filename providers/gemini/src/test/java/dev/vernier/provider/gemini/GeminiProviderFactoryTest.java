package dev.vernier.provider.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

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

class GeminiProviderFactoryTest {

    private static final String KEY = "gk-factory-test-0123456789";

    private final GeminiProviderFactory factory = new GeminiProviderFactory();

    private Provider create(Map<String, Object> options, Map<String, String> env) throws ConfigException {
        return factory.create(new ProviderConfig("gemini", null, options, Path.of("."), env::get));
    }

    private static Completion run(Provider provider) throws Exception {
        return provider.generate(new GenerationRequest("r1", "hi", null, 0.0, 8, null), new RecordingSink())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    private static String configErrorKey(Map<String, Object> options) {
        try {
            new GeminiProviderFactory().validate(ProviderConfig.of("gemini", options));
        } catch (ConfigException e) {
            return e.key();
        }
        return null;
    }

    @Test
    void is_found_by_the_service_loader_as_type_gemini() {
        assertThat(ProviderRegistry.load().find("gemini")).get().isInstanceOf(GeminiProviderFactory.class);
    }

    @Test
    void is_a_proprietary_api_whose_prompts_go_to_the_vendor_with_id_from_the_model() throws Exception {
        try (Provider provider = create(Map.of("model", "gemini-2.5-flash"), Map.of("GEMINI_API_KEY", KEY))) {
            assertThat(provider.id()).isEqualTo("gemini:gemini-2.5-flash");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.VENDOR);
            assertThat(provider.describe().openWeights()).isFalse();
            assertThat(provider.unavailableReason()).isNull();
        }
    }

    @Test
    void a_models_prefix_on_the_model_name_is_dropped() throws Exception {
        try (Provider provider = create(Map.of("model", "models/gemini-2.5-pro"), Map.of("GEMINI_API_KEY", KEY))) {
            assertThat(provider.id()).isEqualTo("gemini:gemini-2.5-pro");
            assertThat(provider.describe().model()).isEqualTo("gemini-2.5-pro");
        }
    }

    @Test
    void model_is_required_and_must_be_a_plain_model_name() {
        assertThat(configErrorKey(Map.of())).isEqualTo("model");
        assertThat(configErrorKey(Map.of("model", " "))).isEqualTo("model");
        assertThat(configErrorKey(Map.of("model", "gemini-2.5-flash:generateContent?key=x")))
                .isEqualTo("model");
        assertThat(configErrorKey(Map.of("model", "../admin"))).isEqualTo("model");
    }

    @Test
    void without_a_key_it_is_unavailable_and_requests_fail_as_data_without_a_call() throws Exception {
        try (Provider provider = create(Map.of("model", "gemini-2.5-flash"), Map.of())) {
            assertThat(provider.unavailableReason()).isEqualTo("gemini: no API key — set GEMINI_API_KEY");

            Completion completion = run(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
        }
    }

    @Test
    void the_unavailable_reason_names_the_variable_given_in_api_key_env() throws Exception {
        try (Provider provider =
                create(Map.of("model", "m", "api_key_env", "GOOGLE_API_KEY"), Map.of("GEMINI_API_KEY", KEY))) {
            assertThat(provider.unavailableReason()).isEqualTo("gemini: no API key — set GOOGLE_API_KEY");
        }
    }

    @Test
    void the_key_file_is_read_registered_for_redaction_and_sent_only_as_x_goog_api_key(@TempDir Path dir)
            throws Exception {
        String fileKey = "gk-file-abcdefghijklmnop";
        Files.writeString(dir.resolve("gemini.key"), "  " + fileKey + "\n");
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(post(urlPathEqualTo("/v1beta/models/m:streamGenerateContent"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/event-stream")
                            .withBody(
                                    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"ok\"}],\"role\": \"model\"},"
                                            + "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 1,"
                                            + "\"candidatesTokenCount\": 1,\"totalTokenCount\": 2}}\r\n\r\n")));
            ProviderConfig config = new ProviderConfig(
                    "gemini",
                    null,
                    Map.of(
                            "model",
                            "m",
                            "base_url",
                            "http://127.0.0.1:" + server.port() + "/",
                            "api_key_file",
                            "gemini.key"),
                    dir,
                    name -> null);
            factory.validate(config);
            try (Provider provider = factory.create(config)) {
                assertThat(run(provider).succeeded()).isTrue();
            }
            server.verify(
                    1,
                    postRequestedFor(urlPathEqualTo("/v1beta/models/m:streamGenerateContent"))
                            .withQueryParam("alt", equalTo("sse"))
                            .withQueryParam("key", absent())
                            .withHeader("x-goog-api-key", equalTo(fileKey)));
        } finally {
            server.stop();
        }
        assertThat(Secrets.redact("x " + fileKey + " y")).doesNotContain(fileKey);
    }

    @Test
    void configuration_mistakes_name_the_offending_key() {
        assertThat(configErrorKey(Map.of("model", "m", "base_url", "ftp://x"))).isEqualTo("base_url");
        assertThat(configErrorKey(
                        Map.of("model", "m", "base_url", "https://generativelanguage.googleapis.com?key=AIza")))
                .isEqualTo("base_url");
        assertThat(configErrorKey(Map.of("model", "m", "max_retries", 21))).isEqualTo("max_retries");
        assertThat(configErrorKey(Map.of("model", "m", "retry_backoff_ms", -5))).isEqualTo("retry_backoff_ms");
        assertThat(configErrorKey(Map.of("model", "m", "api_key_file", "missing.txt")))
                .isEqualTo("api_key_file");
        assertThat(configErrorKey(Map.of("model", "m"))).isNull();
    }
}
