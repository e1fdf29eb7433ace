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

    @Test
    @Timeout(20)
    void serves_openai_and_ollama_endpoints_until_stopped() throws Exception {
        SimulateCommand command = new SimulateCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(cli.execute("--port", "0", "--ttft-ms", "5", "--tokens", "3")));
        serving.start();
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher("");
        while (!port.reset(out.toString()).find()) {
            Thread.sleep(10);
        }

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port.group(1);
        HttpResponse<String> models = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tags = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(), HttpResponse.BodyHandlers.ofString());
        command.stop.countDown();
        serving.join(5000);

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("sim-model");
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(exit.get()).isZero();
        assertThat(out.toString()).contains("ttft=5 ms", "tokens=3");
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
        SimulateCommand command = new SimulateCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(cli.execute(
                "--port", "0", "--ttft-ms", "1", "--itl-ms", "1", "--tokens", "2", "--reasoning-tokens", "3")));
        serving.start();
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher("");
        while (!port.reset(out.toString()).find()) {
            Thread.sleep(10);
        }

        HttpResponse<String> chat = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/api/chat"))
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        command.stop.countDown();
        serving.join(5000);

        assertThat(chat.body().lines().filter(l -> l.contains("\"thinking\""))).hasSize(3);
        assertThat(out.toString()).contains("reasoning=3 tokens streamed");
        assertThat(exit.get()).isZero();
    }

    @Test
    @Timeout(20)
    void answers_a_schema_request_with_the_json_given_and_says_so() throws Exception {
        SimulateCommand command = new SimulateCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() ->
                exit.set(cli.execute("--port", "0", "--ttft-ms", "1", "--itl-ms", "1", "--json", "{\"age\": 3}")));
        serving.start();
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher("");
        while (!port.reset(out.toString()).find()) {
            Thread.sleep(10);
        }

        HttpResponse<String> chat = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/api/chat"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-model\",\"messages\":"
                                        + "[{\"role\":\"user\",\"content\":\"hi\"}],\"format\":{\"type\":\"object\"}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        command.stop.countDown();
        serving.join(5000);

        assertThat(chat.body().lines().filter(l -> l.contains("\"done\":false")))
                .hasSize(7);
        assertThat(out.toString()).contains("a request for a JSON Schema gets {\"age\": 3} (7 tokens)");
        assertThat(exit.get()).isZero();
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
