package dev.vernier.core.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vernier.core.testing.TestModels;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

    private static final String STORIES_SHA256 = TestModels.STORIES_SHA256;

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private Path work;
    private Path home;
    private Path suite;
    private ModelLocator locator;
    private WireMockServer server;
    private HttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
        suite = Files.createDirectories(tmp.resolve("suite"));
        locator = new ModelLocator(env::get, work, home);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop();
        }
    }

    private static Path storiesModel() {
        return TestModels.stories260K();
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "GGUF");
    }

    private String serve(String path, int status, byte[] body) {
        if (server == null) {
            server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            client = HttpClient.newHttpClient();
        }
        server.stubFor(
                get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
        return server.baseUrl() + path;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void finds_a_model_by_absolute_path() throws Exception {
        Path model = touch(tmp.resolve("elsewhere/m.gguf"));

        assertThat(locator.findLocal(model.toString(), suite)).isEqualTo(model);
    }

    @Test
    void finds_a_relative_path_against_the_suite_folder_before_the_working_directory() throws Exception {
        Path inSuite = touch(suite.resolve("weights/m.gguf"));
        touch(work.resolve("weights/m.gguf"));

        assertThat(locator.findLocal("weights/m.gguf", suite)).isEqualTo(inSuite);
    }

    @Test
    void finds_a_relative_path_in_the_working_directory_when_the_suite_folder_lacks_it() throws Exception {
        Path inWork = touch(work.resolve("weights/m.gguf"));

        assertThat(locator.findLocal("weights/m.gguf", suite)).isEqualTo(inWork);
    }

    @Test
    void finds_a_bare_name_in_the_models_path_with_or_without_gguf() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("models-a"));
        Path second = Files.createDirectories(tmp.resolve("models-b"));
        env.put(ModelLocator.MODELS_PATH_ENV, first + File.pathSeparator + second);
        Path model = touch(second.resolve("tiny.gguf"));

        assertThat(locator.searchPath()).containsExactly(first, second);
        assertThat(locator.findLocal("tiny", suite)).isEqualTo(model);
        assertThat(locator.findLocal("tiny.gguf", suite)).isEqualTo(model);
    }

    @Test
    void earlier_models_folders_win() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("models-a"));
        Path second = Files.createDirectories(tmp.resolve("models-b"));
        env.put(ModelLocator.MODELS_PATH_ENV, first + File.pathSeparator + second);
        Path winner = touch(first.resolve("tiny.gguf"));
        touch(second.resolve("tiny.gguf"));

        assertThat(locator.findLocal("tiny", suite)).isEqualTo(winner);
    }

    @Test
    void searches_models_and_the_cache_when_no_models_path_is_set() throws Exception {
        assertThat(locator.searchPath()).containsExactly(work.resolve("models"), home.resolve(".cache/vernier/models"));
        Path cached = touch(home.resolve(".cache/vernier/models/tiny.gguf"));

        assertThat(locator.findLocal("tiny", null)).isEqualTo(cached);
    }

    @Test
    void a_missing_model_names_every_place_looked_at_and_the_fix() {
        Path models = tmp.resolve("models");
        env.put(ModelLocator.MODELS_PATH_ENV, models.toString());

        assertThatThrownBy(() -> locator.findLocal("ghost", suite))
                .isInstanceOf(ModelLocator.ModelNotFoundException.class)
                .hasMessageContaining(suite.resolve("ghost").toString())
                .hasMessageContaining(work.resolve("ghost").toString())
                .hasMessageContaining(models.resolve("ghost").toString())
                .hasMessageContaining(models.resolve("ghost.gguf").toString())
                .hasMessageContaining(ModelLocator.MODELS_PATH_ENV)
                .hasMessageContaining("sha256");
    }

    @Test
    void a_folder_is_not_a_model() throws Exception {
        Files.createDirectories(suite.resolve("dir.gguf"));

        assertThatThrownBy(() -> locator.findLocal("dir.gguf", suite))
                .isInstanceOf(ModelLocator.ModelNotFoundException.class);
    }

    @Test
    void cache_folder_follows_vernier_cache_dir() {
        assertThat(locator.cacheDir()).isEqualTo(home.resolve(".cache/vernier/models"));
        env.put(ModelLocator.CACHE_DIR_ENV, "cache");

        assertThat(locator.cacheDir()).isEqualTo(work.resolve("cache"));
    }

    @Test
    void downloads_once_verifies_the_digest_and_then_serves_from_the_cache() throws Exception {
        byte[] model = Files.readAllBytes(storiesModel());
        String url = serve("/tinyllamas/stories260K.gguf", 200, model);
        env.put(ModelLocator.CACHE_DIR_ENV, tmp.resolve("cache").toString());

        Path first = locator.download(URI.create(url), STORIES_SHA256, client);
        Path second = locator.download(URI.create(url), STORIES_SHA256.toUpperCase(), client);

        assertThat(first).isEqualTo(tmp.resolve("cache/stories260K.gguf")).isEqualTo(second);
        assertThat(Files.readAllBytes(first)).isEqualTo(model);
        assertThat(ModelLocator.sha256(first)).isEqualTo(STORIES_SHA256);
        server.verify(1, getRequestedFor(urlEqualTo("/tinyllamas/stories260K.gguf")));
        assertThat(listing(tmp.resolve("cache"))).containsExactly(first);
    }

    @Test
    void a_wrong_digest_fails_and_leaves_nothing_in_the_cache() throws Exception {
        String url = serve("/tinyllamas/stories260K.gguf", 200, Files.readAllBytes(storiesModel()));
        Path cache = tmp.resolve("cache");
        env.put(ModelLocator.CACHE_DIR_ENV, cache.toString());
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> locator.download(URI.create(url), wrong, client))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(STORIES_SHA256)
                .hasMessageContaining(wrong)
                .hasMessageContaining("discarded");
        assertThat(listing(cache)).isEmpty();
    }

    @Test
    void a_cached_file_with_the_wrong_digest_is_downloaded_again() throws Exception {
        byte[] model = Files.readAllBytes(storiesModel());
        String url = serve("/m/stories260K.gguf", 200, model);
        Path cache = tmp.resolve("cache");
        env.put(ModelLocator.CACHE_DIR_ENV, cache.toString());
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("stories260K.gguf"), "half a download");

        Path file = locator.download(URI.create(url), STORIES_SHA256, client);

        assertThat(Files.readAllBytes(file)).isEqualTo(model);
        server.verify(1, getRequestedFor(urlEqualTo("/m/stories260K.gguf")));
    }

    @Test
    void a_404_fails_with_the_status_and_leaves_nothing_in_the_cache() throws Exception {
        String url = serve("/missing.gguf", 404, "no such model".getBytes());
        Path cache = tmp.resolve("cache");
        env.put(ModelLocator.CACHE_DIR_ENV, cache.toString());

        assertThatThrownBy(() -> locator.download(URI.create(url), STORIES_SHA256, client))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining(url);
        assertThat(listing(cache)).isEmpty();
    }

    @Test
    void a_malformed_digest_is_rejected_before_any_request() throws Exception {
        String url = serve("/m.gguf", 200, new byte[] {1, 2, 3});
        env.put(ModelLocator.CACHE_DIR_ENV, tmp.resolve("cache").toString());

        assertThatThrownBy(() -> locator.download(URI.create(url), "abc", client))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("64 hex digits");
        assertThat(server.getAllServeEvents()).isEmpty();
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void recognises_http_and_https_urls_only() {
        assertThat(ModelLocator.isUrl("HTTPS://example.org/m.gguf")).isTrue();
        assertThat(ModelLocator.isUrl("http://127.0.0.1/m.gguf")).isTrue();
        assertThat(ModelLocator.isUrl("models/m.gguf")).isFalse();
        assertThat(ModelLocator.isUrl("file:///m.gguf")).isFalse();
    }
}
