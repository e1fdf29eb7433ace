package dev.vernier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vernier init}: writes a commented starter suite for the providers found on this machine: the
 * embedded model always; an Ollama server when one answers at {@code $OLLAMA_HOST} (or
 * 127.0.0.1:11434), with its first pulled model; OpenAI, Anthropic and Gemini when their API key is in
 * the environment. Providers not found are in the file too, commented out, with what they need.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Write a commented starter suite for the providers found on this machine.")
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<suite.yaml>",
            description = "Where to write it" + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "vernier-suite.yaml")
    Path file;

    @Option(names = "--force", description = "Overwrite the file when it exists.")
    boolean force;

    /** Where keys and OLLAMA_HOST are read from; the process environment unless a test sets another. */
    UnaryOperator<String> env = System::getenv;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(file) && !force) {
            err.println("vernier: " + file + " exists. Give another file name, or --force to overwrite it.");
            return RunCommand.BAD_INPUT;
        }
        List<String> found = new ArrayList<>();
        StringBuilder providers = new StringBuilder();
        providers.append("""
                providers:
                  # The embedded model (stories260K, bundled): in-process llama.cpp, no network. It writes
                  # children's stories whatever it is asked, so its pass rate is honestly 0; it measures speed.
                  - type: llamacpp
                    model: stories260K
                """);
        found.add("llamacpp (embedded)");
        String ollama = ollamaModel();
        String host = ollamaHost();
        if (ollama != null) {
            providers.append("  # An Ollama server answered at ").append(host).append(".\n");
            providers
                    .append("  - type: ollama\n    base_url: ")
                    .append(host)
                    .append("\n    model: ")
                    .append(ollama)
                    .append('\n');
            found.add("ollama (" + ollama + ")");
        } else {
            providers
                    .append("  # No Ollama server answered at ")
                    .append(host)
                    .append("; start one (ollama serve) and pull a model, then:\n");
            providers.append("  # - type: ollama\n  #   model: llama3.2:1b\n");
        }
        api(providers, found, "OPENAI_API_KEY", "openai", "gpt-4.1-mini");
        api(providers, found, "ANTHROPIC_API_KEY", "anthropic", "claude-haiku-4-5");
        api(providers, found, "GEMINI_API_KEY", "gemini", "gemini-2.5-flash");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, HEAD + providers + TAIL, StandardCharsets.UTF_8);
        out.println("Wrote " + file + " with " + String.join(", ", found) + ".");
        out.println(
                "Run it: vernier run " + file + "   (suite keys: docs/suites.md; provider types: vernier providers)");
        out.flush();
        return RunCommand.OK;
    }

    private void api(StringBuilder b, List<String> found, String keyEnv, String type, String model) {
        String key = env.apply(keyEnv);
        if (key != null && !key.isBlank()) {
            b.append("  # ").append(keyEnv).append(" is set. Requests cost money: see cost_usd in the reports.\n");
            b.append("  - type: ")
                    .append(type)
                    .append("\n    model: ")
                    .append(model)
                    .append('\n');
            found.add(type + " (" + model + ")");
        } else {
            b.append("  # Set ")
                    .append(keyEnv)
                    .append(" to measure ")
                    .append(type)
                    .append(":\n");
            b.append("  # - type: ")
                    .append(type)
                    .append("\n  #   model: ")
                    .append(model)
                    .append('\n');
        }
    }

    private String ollamaHost() {
        String host = env.apply("OLLAMA_HOST");
        if (host == null || host.isBlank()) {
            return "http://127.0.0.1:11434";
        }
        String h = host.strip();
        return h.startsWith("http://") || h.startsWith("https://") ? h : "http://" + h;
    }

    /** The first model an Ollama server lists, or null when none answers within a second. */
    private String ollamaModel() {
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(ollamaHost() + "/api/tags"))
                            .timeout(Duration.ofSeconds(1))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode models = new ObjectMapper().readTree(r.body()).path("models");
            return models.isArray() && !models.isEmpty()
                    ? models.get(0).path("name").asText(null)
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static final String HEAD = """
            # A starter suite written by 'vernier init'. Every key is explained in docs/suites.md.
            name: my-suite
            description: The same prompts to every provider, measured the same way.

            prompts:
              # Templates with {{vars}}; every case is sent with every prompt.
              - id: capital
                template: "What is the capital of {{country}}? Answer in one word."

            cases:
              - id: france
                vars: {country: France}
                assert:
                  - {type: icontains, value: Paris}
              - id: japan
                vars: {country: Japan}
                assert:
                  - {type: icontains, value: Tokyo}

            """;

    private static final String TAIL = """

            defaults:
              temperature: 0.0
              max_tokens: 64
            repeats: 3        # measured repetitions of every case x prompt x provider
            warmup: 1         # warm-up requests per provider, left out of the statistics
            timeout_ms: 60000
            """;
}
