package dev.vernier.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vernier.core.testing.TestModels;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs suites that mix the embedded model with server and API providers, as a user would. */
class MixedProvidersRunTest {

    private static final String KEY = "vernier-test-key-7f3a9c1e5b2d4068";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path embeddedModel() {
        return TestModels.stories260K();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int vernier(Map<String, String> env, String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), env::get, args);
    }

    private Path suite(String providers) throws IOException {
        Path file = tmp.resolve("mixed.yaml");
        Files.writeString(file, """
                name: mixed
                prompts: ["Once upon a time"]
                defaults: {max_tokens: 8}
                repeats: 2
                providers:
                """ + providers, StandardCharsets.UTF_8);
        return file;
    }

    private Path onlyRunDir() throws IOException {
        try (Stream<Path> dirs = Files.list(tmp.resolve("runs"))) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void providers_without_server_or_key_are_skipped_by_name_while_the_embedded_model_is_measured() throws IOException {
        int port = closedPort();
        Path suite = suite("  - type: llamacpp\n    model: " + embeddedModel() + "\n"
                + "  - type: ollama\n    model: llama3.2:1b\n    base_url: http://127.0.0.1:" + port + "\n"
                + "  - type: openai\n    model: gpt-4.1-mini\n"
                + "  - type: anthropic\n    model: claude-sonnet-4-5\n"
                + "  - type: gemini\n    model: gemini-2.5-flash\n");

        int code = vernier(
                Map.of(), "run", suite.toString(), "--out", tmp.resolve("runs").toString(), "--no-progress");

        assertThat(code).as(err.toString()).isZero();
        Path dir = onlyRunDir();
        String summary = Files.readString(dir.resolve("summary.csv"));
        String html = Files.readString(dir.resolve("index.html"));
        List<String> reasons = List.of(
                "no server at http://127.0.0.1:" + port,
                "no API key — set OPENAI_API_KEY",
                "no API key — set ANTHROPIC_API_KEY",
                "no API key — set GEMINI_API_KEY");
        for (String reason : reasons) {
            assertThat(err.toString()).contains(reason);
            assertThat(summary).contains(reason);
            assertThat(html).contains(reason);
        }
        assertThat(Files.readAllLines(dir.resolve("samples.jsonl")))
                .hasSize(2)
                .allMatch(line -> line.contains("\"provider\":\"llamacpp:stories260K\""));
        assertThat(out.toString()).contains("llamacpp:stories260K");
        assertThat(err.toString().lines().toList())
                .contains("skipped openai:gpt-4.1-mini — no API key — set OPENAI_API_KEY")
                .anySatisfy(l -> assertThat(l).startsWith("skipped ollama:llama3.2:1b — no server at"))
                .noneSatisfy(l -> assertThat(l).contains("ollama: no server"));
    }

    @Test
    void an_api_key_never_reaches_the_console_or_any_file_of_the_run() throws IOException {
        WireMockServer refusing =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        refusing.start();
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(1))
                .withTokens(8))) {
            int simPort = simulator.start();
            // a server that, like real APIs, quotes the key it refused
            refusing.stubFor(get("/v1/models")
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"object\":\"list\",\"data\":[]}")));
            refusing.stubFor(post("/v1/chat/completions")
                    .willReturn(aResponse()
                            .withStatus(401)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                                    + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
            Path suite = suite("  - type: openai\n    id: served\n    model: sim\n    base_url: http://127.0.0.1:"
                    + simPort + "/v1\n"
                    + "  - type: openai\n    id: refused\n    model: sim\n    max_retries: 0\n"
                    + "    base_url: http://127.0.0.1:" + refusing.port() + "/v1\n");

            int code = vernier(
                    Map.of("OPENAI_API_KEY", KEY),
                    "run",
                    suite.toString(),
                    "--out",
                    tmp.resolve("runs").toString());

            assertThat(code).as(err.toString()).isZero();
            Path dir = onlyRunDir();
            assertThat(Files.readString(dir.resolve("samples.csv"))).contains("AUTHENTICATION");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
                }
            }
            assertThat(out.toString()).doesNotContain(KEY);
            assertThat(err.toString()).doesNotContain(KEY);
        } finally {
            refusing.stop();
        }
    }
}
