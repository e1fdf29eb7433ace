package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeySourceTest {

    private final ApiKeySource source = ApiKeySource.standard("ACME_API_KEY");

    private static ProviderConfig config(Map<String, Object> options, Path dir, Map<String, String> env) {
        return new ProviderConfig("acme", null, options, dir, env::get);
    }

    @Test
    void reads_the_default_variable_trims_it_and_registers_it_for_redaction(@TempDir Path dir) throws Exception {
        String key = source.resolve(config(Map.of(), dir, Map.of("ACME_API_KEY", "  env-key-0001-abcd \n")));

        assertThat(key).isEqualTo("env-key-0001-abcd");
        assertThat(Secrets.redact("x env-key-0001-abcd y")).isEqualTo("x [REDACTED] y");
    }

    @Test
    void api_key_env_names_another_variable_and_no_key_is_null(@TempDir Path dir) throws Exception {
        assertThat(source.resolve(config(Map.of("api_key_env", "OTHER"), dir, Map.of("OTHER", "other-key-22"))))
                .isEqualTo("other-key-22");
        assertThat(source.resolve(config(Map.of(), dir, Map.of()))).isNull();
        assertThat(source.resolve(config(Map.of(), dir, Map.of("ACME_API_KEY", "  "))))
                .isNull();
    }

    @Test
    void a_key_file_relative_to_the_suite_wins_over_the_variable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.key"), "file-key-0002-efgh\n");

        String key = source.resolve(config(Map.of("api_key_file", "acme.key"), dir, Map.of("ACME_API_KEY", "env-key")));

        assertThat(key).isEqualTo("file-key-0002-efgh");
        assertThat(Secrets.redact("file-key-0002-efgh")).isEqualTo("[REDACTED]");
    }

    @Test
    void a_missing_key_file_is_a_config_error_naming_the_option(@TempDir Path dir) {
        ProviderConfig config = config(Map.of("api_key_file", "nope.key"), dir, Map.of());

        assertThatThrownBy(() -> source.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.key")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("api_key_file");
        assertThatThrownBy(() -> source.resolve(config)).isInstanceOf(ConfigException.class);
    }

    @Test
    void a_key_file_that_is_a_folder_is_a_config_error(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("keys"));

        assertThatThrownBy(() -> source.resolve(config(Map.of("api_key_file", "keys"), dir, Map.of())))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("api_key_file");
    }

    @Test
    void an_empty_variable_name_is_a_config_error(@TempDir Path dir) {
        assertThatThrownBy(() -> source.validate(config(Map.of("api_key_env", " "), dir, Map.of())))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("api_key_env");
    }
}
