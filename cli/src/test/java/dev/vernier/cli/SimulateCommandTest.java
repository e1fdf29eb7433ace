package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class SimulateCommandTest {

    /** {@code vernier simulate} running on a thread until {@link #stop()}. */
    private static final class Serving {
        final SimulateCommand command = new SimulateCommand();
        final StringWriter out = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;
        final String base;

        Serving(String... args) throws InterruptedException {
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            thread = new Thread(() -> exit.set(cli.execute(args)));
            thread.start();
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher("");
            while (!port.reset(out.toString()).find()) {
                Thread.sleep(10);
            }
            base = "http://127.0.0.1:" + port.group(1);
        }

        HttpResponse<String> get(String path) throws Exception {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }

        void stop() throws InterruptedException {
            command.stop.countDown();
            thread.join(5000);
        }
    }

    private static final String OLLAMA_CHAT =
            "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    @Timeout(20)
    void serves_openai_and_ollama_endpoints_until_stopped() throws Exception {
        Serving serving = new Serving("--port", "0", "--ttft-ms", "5", "--tokens", "3");

        HttpResponse<String> models = serving.get("/v1/models");
        HttpResponse<String> tags = serving.get("/api/tags");
        serving.stop();

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("sim-model");
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(serving.exit.get()).isZero();
        assertThat(serving.out.toString()).contains("ttft=5 ms", "tokens=3");
    }

    @Test
    void rejects_an_error_rate_above_one() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("--error-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--error-rate between 0 and 1");
    }

    @Test
    @Timeout(20)
    void reasons_before_answering_when_asked_and_says_so() throws Exception {
        Serving serving = new Serving(
                "--port", "0", "--ttft-ms", "1", "--itl-ms", "1", "--tokens", "2", "--reasoning-tokens", "3");

        HttpResponse<String> chat = serving.post("/api/chat", OLLAMA_CHAT + "}");
        serving.stop();

        assertThat(chat.body().lines().filter(l -> l.contains("\"thinking\""))).hasSize(3);
        assertThat(serving.out.toString()).contains("reasoning=3 tokens streamed");
        assertThat(serving.exit.get()).isZero();
    }

    @Test
    @Timeout(20)
    void answers_a_schema_request_with_the_json_given_and_says_so() throws Exception {
        Serving serving = new Serving("--port", "0", "--ttft-ms", "1", "--itl-ms", "1", "--json", "{\"age\": 3}");

        HttpResponse<String> chat = serving.post("/api/chat", OLLAMA_CHAT + ",\"format\":{\"type\":\"object\"}}");
        serving.stop();

        assertThat(chat.body().lines().filter(l -> l.contains("\"done\":false")))
                .hasSize(7);
        assertThat(serving.out.toString()).contains("a request for a JSON Schema gets {\"age\": 3} (7 tokens)");
        assertThat(serving.exit.get()).isZero();
    }

    @Test
    void rejects_an_unknown_reasoning_mode() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("--reasoning-tokens", "4", "--reasoning-mode", "loud"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--reasoning-mode streamed, summary or hidden");
    }
}
