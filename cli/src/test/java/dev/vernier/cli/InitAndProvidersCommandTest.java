package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vernier init} and {@code vernier providers}, as a newcomer starts. */
class InitAndProvidersCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    private int vernier(String... args) {
        // no Ollama unless a test starts one: point at a closed port
        env.putIfAbsent("OLLAMA_HOST", "127.0.0.1:9");
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), env::get, args);
    }

    private static Suite load(Path file, Map<String, String> env) {
        return new SuiteLoader(ProviderRegistry.load(), env::get).load(file);
    }

    @Test
    void init_with_nothing_installed_writes_a_suite_that_loads_and_measures_the_embedded_model() throws Exception {
        Path file = tmp.resolve("mine.yaml");

        assertThat(vernier("init", file.toString())).isZero();

        Suite suite = load(file, env);
        assertThat(suite.providers()).extracting(p -> p.type()).containsExactly("llamacpp");
        assertThat(Files.readString(file))
                .contains("# - type: openai")
                .contains("Set OPENAI_API_KEY")
                .contains("No Ollama server answered at http://127.0.0.1:9");
        assertThat(out.toString()).contains("Wrote " + file + " with llamacpp (embedded).");
        assertThat(vernier(
                        "run",
                        file.toString(),
                        "--out",
                        tmp.resolve("runs").toString(),
                        "--no-progress",
                        "--format",
                        "csv"))
                .as(err.toString())
                .isZero();
    }

    @Test
    void init_adds_the_apis_whose_keys_are_set_and_an_ollama_server_that_answers() throws Exception {
        HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", ex -> {
            byte[] body = "{\"models\":[{\"name\":\"qwen3:0.6b\"},{\"name\":\"llama3.2:1b\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        ollama.start();
        try {
            env.put("OLLAMA_HOST", "127.0.0.1:" + ollama.getAddress().getPort());
            env.put("OPENAI_API_KEY", "sk-test-not-a-real-key-123456");
            Path file = tmp.resolve("s.yaml");

            assertThat(vernier("init", file.toString())).isZero();

            Suite suite = load(file, env);
            assertThat(suite.providers()).extracting(p -> p.type()).containsExactly("llamacpp", "ollama", "openai");
            assertThat(suite.providers().get(1).options()).containsEntry("model", "qwen3:0.6b");
            assertThat(Files.readString(file)).doesNotContain("sk-test").contains("# - type: anthropic");
        } finally {
            ollama.stop(0);
        }
    }

    @Test
    void init_does_not_overwrite_a_file_unless_forced() throws IOException {
        Path file = Files.writeString(tmp.resolve("keep.yaml"), "mine");

        assertThat(vernier("init", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file + " exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThat(vernier("init", file.toString(), "--force")).isZero();
        assertThat(Files.readString(file)).contains("type: llamacpp");
    }

    @Test
    void providers_lists_every_type_with_its_options_and_where_its_key_comes_from() {
        assertThat(vernier("providers")).isZero();

        String listing = out.toString();
        for (String type : ProviderRegistry.load().types()) {
            assertThat(listing).contains("\n" + type);
        }
        assertThat(listing)
                .contains("Every provider entry takes type, id, timeout_ms, hardware")
                .contains("environment variable OPENAI_API_KEY")
                .containsPattern("llamacpp — .*\\n  options: .*model.*threads");
    }
}
