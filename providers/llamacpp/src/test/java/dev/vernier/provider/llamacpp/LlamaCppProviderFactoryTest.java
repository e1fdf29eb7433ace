package dev.vernier.provider.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.model.ModelLocator;
import dev.vernier.core.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppProviderFactoryTest {

    private static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    @TempDir
    Path tmp;

    private Path suiteDir;
    private Path modelsDir;
    private Path cacheDir;
    private LlamaCppProviderFactory factory;

    @BeforeEach
    void setUp() throws IOException {
        suiteDir = Files.createDirectories(tmp.resolve("suite"));
        modelsDir = Files.createDirectories(tmp.resolve("models"));
        cacheDir = tmp.resolve("cache");
        factory = new LlamaCppProviderFactory(tmp.resolve("work"), tmp.resolve("home"));
    }

    private ProviderConfig config(Map<String, Object> options) {
        Map<String, String> env = Map.of(
                ModelLocator.MODELS_PATH_ENV, modelsDir.toString(),
                ModelLocator.CACHE_DIR_ENV, cacheDir.toString());
        return new ProviderConfig("llamacpp", null, options, suiteDir, env::get);
    }

    private ConfigException rejected(Map<String, Object> options) {
        return catchThrowableOfType(ConfigException.class, () -> factory.validate(config(options)));
    }

    @Test
    void is_found_by_the_service_loader_under_type_llamacpp() {
        assertThat(ProviderRegistry.load().find("llamacpp")).get().isInstanceOf(LlamaCppProviderFactory.class);
        assertThat(factory.optionKeys())
                .containsExactlyInAnyOrder(
                        "model",
                        "url",
                        "sha256",
                        "threads",
                        "parallel",
                        "context",
                        "chat_template",
                        "gpu_layers",
                        "flash_attention",
                        "reasoning_tags");
    }

    @Test
    void validate_rejects_a_missing_model_naming_every_place_looked_at_and_the_fix() {
        ConfigException e = rejected(Map.of("model", "nope"));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("model");
        assertThat(e.getMessage())
                .contains(suiteDir.resolve("nope").toString())
                .contains(tmp.resolve("work").resolve("nope").toString())
                .contains(modelsDir.resolve("nope").toString())
                .contains(modelsDir.resolve("nope.gguf").toString())
                .contains(ModelLocator.MODELS_PATH_ENV)
                .contains("url");
    }

    @Test
    void validate_finds_a_model_by_bare_name_in_the_models_folder() throws IOException {
        Files.copy(TestModels.stories260K(), modelsDir.resolve("tiny.gguf"));

        assertThatCode(() -> factory.validate(config(Map.of("model", "tiny")))).doesNotThrowAnyException();
        assertThatCode(() -> factory.validate(config(Map.of("model", "tiny.gguf"))))
                .doesNotThrowAnyException();
    }

    @Test
    void validate_finds_a_model_relative_to_the_suite_folder() throws IOException {
        Files.createDirectories(suiteDir.resolve("weights"));
        Files.copy(TestModels.stories260K(), suiteDir.resolve("weights/s.gguf"));

        assertThatCode(() -> factory.validate(config(Map.of("model", "weights/s.gguf"))))
                .doesNotThrowAnyException();
    }

    @Test
    void validate_rejects_a_file_that_is_not_gguf() throws IOException {
        Files.writeString(modelsDir.resolve("fake.gguf"), "not a model");

        ConfigException e = rejected(Map.of("model", "fake"));

        assertThat(e.key()).isEqualTo("model");
        assertThat(e.getMessage()).contains("not a GGUF file");
    }

    @Test
    void validate_rejects_a_url_without_sha256() {
        ConfigException e = rejected(Map.of("url", "https://example.org/m.gguf"));

        assertThat(e.key()).isEqualTo("sha256");
        assertThat(e.getMessage()).contains("64 hex digits");
    }

    @Test
    void validate_rejects_a_sha256_that_is_not_64_hex_digits() {
        ConfigException e = rejected(Map.of("url", "https://example.org/m.gguf", "sha256", "abc123"));

        assertThat(e.key()).isEqualTo("sha256");
        assertThat(e.getMessage()).contains("abc123");
    }

    @Test
    void validate_rejects_a_url_that_is_not_http() {
        ConfigException e = rejected(Map.of("url", "ftp://example.org/m.gguf", "sha256", STORIES_SHA256));

        assertThat(e.key()).isEqualTo("url");
    }

    @Test
    void validate_accepts_url_with_sha256_without_touching_the_network() {
        // Port 1 on loopback refuses connections: validate must not try.
        assertThatCode(() -> factory.validate(config(
                        Map.of("url", "http://127.0.0.1:1/stories260K.gguf", "sha256", STORIES_SHA256.toUpperCase()))))
                .doesNotThrowAnyException();
        assertThat(cacheDir).doesNotExist();
    }

    @Test
    void validate_wants_exactly_one_of_model_and_url() {
        assertThat(rejected(Map.of()).key()).isEqualTo("model");
        ConfigException both =
                rejected(Map.of("model", "x", "url", "https://example.org/m.gguf", "sha256", STORIES_SHA256));
        assertThat(both.key()).isEqualTo("url");
        assertThat(both.getMessage()).contains("not both");
    }

    @Test
    void validate_rejects_sha256_given_with_a_local_model() {
        assertThat(rejected(Map.of("model", "x", "sha256", STORIES_SHA256)).key())
                .isEqualTo("sha256");
    }

    @Test
    void validate_rejects_bad_numbers_and_chat_template_values() throws IOException {
        Files.copy(TestModels.stories260K(), modelsDir.resolve("tiny.gguf"));
        Map<String, Object> base = new HashMap<>(Map.of("model", "tiny"));

        assertThat(rejected(with(base, "threads", 0)).key()).isEqualTo("threads");
        ConfigException words = rejected(with(base, "threads", "many"));
        assertThat(words.key()).isEqualTo("threads");
        assertThat(words.getMessage()).contains("auto or a whole number").contains("'many'");
        assertThat(rejected(with(base, "parallel", 0)).key()).isEqualTo("parallel");
        assertThat(rejected(with(base, "flash_attention", "yes")).key()).isEqualTo("flash_attention");
        assertThat(rejected(with(base, "parallel", 2.5)).key()).isEqualTo("parallel");
        ConfigException huge = rejected(with(with(base, "parallel", 1 << 20), "context", 1 << 20));
        assertThat(huge.key()).isEqualTo("parallel");
        assertThat(huge.getMessage()).contains("too large");
        assertThat(rejected(with(base, "context", "big")).key()).isEqualTo("context");
        assertThat(rejected(with(base, "gpu_layers", -3)).key()).isEqualTo("gpu_layers");
        assertThat(rejected(with(base, "chat_template", "sometimes")).key()).isEqualTo("chat_template");
        assertThatCode(() -> factory.validate(config(with(base, "chat_template", "auto"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> factory.validate(config(with(base, "threads", "auto"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> factory.validate(config(with(with(base, "threads", 3), "parallel", 8))))
                .doesNotThrowAnyException();
        assertThatCode(() -> factory.validate(config(with(base, "chat_template", false))))
                .doesNotThrowAnyException();
    }

    @Test
    void threads_default_to_auto_parallel_to_one_slot_and_flash_attention_off() throws Exception {
        LlamaCppSettings defaults = LlamaCppSettings.parse(config(Map.of("model", "tiny")));
        LlamaCppSettings explicit =
                LlamaCppSettings.parse(config(Map.of("model", "tiny", "threads", 3, "parallel", 2, "context", 1024)));
        LlamaCppSettings spelled =
                LlamaCppSettings.parse(config(Map.of("model", "tiny", "threads", " Auto ", "flash_attention", true)));

        assertThat(defaults.autoThreads()).isTrue();
        assertThat(defaults.parallel()).isEqualTo(1);
        assertThat(defaults.context()).isEqualTo(LlamaCppSettings.DEFAULT_CONTEXT);
        assertThat(explicit.autoThreads()).isFalse();
        assertThat(explicit.threads()).isEqualTo(3);
        assertThat(explicit.parallel()).isEqualTo(2);
        assertThat(explicit.context()).isEqualTo(1024);
        assertThat(spelled.autoThreads()).isTrue();
        assertThat(defaults.flashAttention()).isFalse();
        assertThat(spelled.flashAttention()).isTrue();
    }

    @Test
    void create_downloads_a_url_into_the_cache_once_and_loads_it() throws Exception {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(get(urlEqualTo("/m/stories260K.gguf"))
                    .willReturn(aResponse().withStatus(200).withBody(Files.readAllBytes(TestModels.stories260K()))));
            String url = server.baseUrl() + "/m/stories260K.gguf";

            try (Provider provider = factory.create(
                    config(Map.of("url", url, "sha256", STORIES_SHA256, "threads", 1, "context", 256)))) {
                assertThat(provider.id()).isEqualTo("llamacpp:stories260K");
                assertThat(provider.loadMillis()).isPositive();
            }
            assertThat(cacheDir.resolve("stories260K.gguf")).isRegularFile();
            assertThat(server.getAllServeEvents()).hasSize(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void create_rejects_a_download_with_the_wrong_digest_under_key_sha256() throws Exception {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(get(urlEqualTo("/m/x.gguf"))
                    .willReturn(aResponse().withStatus(200).withBody("GGUF junk")));

            ConfigException e = catchThrowableOfType(
                    ConfigException.class,
                    () -> factory.create(
                            config(Map.of("url", server.baseUrl() + "/m/x.gguf", "sha256", STORIES_SHA256))));

            assertThat(e.key()).isEqualTo("sha256");
            try (var files = Files.list(cacheDir)) {
                assertThat(files).isEmpty();
            }
        } finally {
            server.stop();
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
