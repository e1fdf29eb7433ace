package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.model.ModelLocator;
import dev.vernier.core.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledModelsTest {

    @TempDir
    Path tmp;

    @Test
    void the_repository_copy_of_the_default_model_has_the_documented_checksum() throws IOException {
        assertThat(ModelLocator.sha256(TestModels.stories260K())).isEqualTo(TestModels.STORIES_SHA256);
        assertThat(BundledModels.SHA256).containsEntry("stories260K.gguf", TestModels.STORIES_SHA256);
    }

    @Test
    void the_default_model_is_on_the_class_path_with_its_checksum() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in =
                BundledModels.class.getResourceAsStream(BundledModels.RESOURCE_DIR + "stories260K.gguf")) {
            assertThat(in).as("bundled model resource").isNotNull();
            new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestModels.STORIES_SHA256);
    }

    @Test
    void a_bare_name_of_a_bundled_model_matches_with_or_without_gguf_and_a_path_never_does() {
        assertThat(BundledModels.fileFor("stories260K")).contains("stories260K.gguf");
        assertThat(BundledModels.fileFor("stories260k.gguf")).contains("stories260K.gguf");
        assertThat(BundledModels.fileFor("models/stories260K")).isEmpty();
        assertThat(BundledModels.fileFor("other")).isEmpty();
    }

    @Test
    void validate_resolves_the_bundled_model_by_name_when_no_folder_has_it_and_unpacks_it_once() throws Exception {
        Path cache = tmp.resolve("cache");
        LlamaCppProviderFactory factory = new LlamaCppProviderFactory(tmp.resolve("work"), tmp.resolve("home"));
        Map<String, String> env = Map.of(
                ModelLocator.MODELS_PATH_ENV,
                tmp.resolve("empty").toString(),
                ModelLocator.CACHE_DIR_ENV,
                cache.toString());
        ProviderConfig config = new ProviderConfig("llamacpp", null, Map.of("model", "stories260K"), tmp, env::get);

        factory.validate(config);

        Path unpacked = cache.resolve("stories260K.gguf");
        assertThat(ModelLocator.sha256(unpacked)).isEqualTo(TestModels.STORIES_SHA256);
        var firstWrite = Files.getLastModifiedTime(unpacked);
        factory.validate(config);
        assertThat(Files.getLastModifiedTime(unpacked)).isEqualTo(firstWrite);
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(unpacked);
        }
    }

    @Test
    void a_damaged_cached_copy_is_replaced_from_the_jar() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve("stories260K.gguf"), "GGUF half a file");

        Path file = BundledModels.unpack("stories260K.gguf", cache);

        assertThat(ModelLocator.sha256(file)).isEqualTo(TestModels.STORIES_SHA256);
    }
}
