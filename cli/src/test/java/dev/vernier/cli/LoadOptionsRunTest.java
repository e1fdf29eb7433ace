package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Load profiles chosen on the command line, run for real against local streaming servers. */
@Timeout(60)
class LoadOptionsRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int vernier(String... args) {
        return Main.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("OPENAI_API_KEY", "test-key")::get,
                args);
    }

    private Path suite(int port, int cases) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                name: load
                prompts: ["Tell me about {{x}}"]
                defaults: {max_tokens: 8}
                cases:
                """);
        for (int i = 0; i < cases; i++) {
            yaml.append("  - {id: c")
                    .append(i)
                    .append(", vars: {x: topic")
                    .append(i)
                    .append("}}\n");
        }
        yaml.append("providers:\n  - type: openai\n    id: sim\n    model: sim\n    max_retries: 0\n"
                        + "    base_url: http://127.0.0.1:")
                .append(port)
                .append("/v1\n");
        Path file = tmp.resolve("load.yaml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private Path onlyRunDir() throws IOException {
        try (Stream<Path> dirs = Files.list(tmp.resolve("runs"))) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static List<JsonNode> samples(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void a_concurrency_sweep_runs_every_step_cycling_the_cases_and_prints_a_step_table() throws IOException {
        try (StreamingSimulator sim = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(1))
                .withTokens(4))) {
            int port = sim.start();

            int code = vernier(
                    "run",
                    suite(port, 3).toString(),
                    "--out",
                    tmp.resolve("runs").toString(),
                    "--no-progress",
                    "--concurrency",
                    "1,4",
                    "--requests",
                    "10",
                    "--format",
                    "csv");

            assertThat(code).as(err.toString()).isZero();
            Path dir = onlyRunDir();
            List<JsonNode> samples = samples(dir);
            assertThat(samples).hasSize(20);
            assertThat(samples.stream().filter(s -> s.path("step").asInt(0) == 1))
                    .hasSize(10);
            assertThat(samples.stream().map(s -> s.path("seq").asInt()).distinct())
                    .hasSize(20);
            assertThat(samples.stream().filter(s -> s.path("case").asText().equals("c0")))
                    .hasSize(8);
            JsonNode steps =
                    JSON.readTree(Files.readString(dir.resolve("run.json"))).path("steps");
            assertThat(steps).hasSize(2);
            assertThat(steps.get(1).path("load").path("concurrency").asInt()).isEqualTo(4);
            assertThat(steps.get(1).path("sent").asInt()).isEqualTo(10);
            assertThat(out.toString())
                    .contains("TTFT p95 from intended ms")
                    .containsPattern("sim\\s+concurrency 1\\s+10\\s+0")
                    .containsPattern("sim\\s+concurrency 4\\s+10\\s+0");
            assertThat(sim.requestCount()).isEqualTo(20);
        }
    }

    @Test
    void conflicting_or_malformed_load_options_exit_2_with_one_line() throws IOException {
        Path suite = suite(1, 1);
        assertThat(vernier(
                        "run",
                        suite.toString(),
                        "--out",
                        tmp.resolve("runs").toString(),
                        "--concurrency",
                        "2",
                        "--rate",
                        "3"))
                .isEqualTo(2);
        assertThat(err.toString().trim())
                .isEqualTo("vernier: --concurrency (closed loop) and --rate (open loop) "
                        + "exclude each other. Check the load options (--concurrency, --rate, --arrivals, --max-in-flight, "
                        + "--requests, --duration).");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    /**
     * A server that freezes for 2 s, 300 ms after its first request: nothing it would answer in that window
     * goes out before the window ends. At 20 req/s with at most 2 requests in flight, the requests due during
     * the freeze wait in the harness; timed from their send they look fast, timed from when they were due they
     * show the stall.
     */
    @Test
    void a_two_second_server_stall_shows_in_latency_from_the_intended_send_time() throws Exception {
        try (StallingServer server = new StallingServer(Duration.ofMillis(300), Duration.ofSeconds(2))) {
            int code = vernier(
                    "run",
                    suite(server.port(), 4).toString(),
                    "--out",
                    tmp.resolve("runs").toString(),
                    "--no-progress",
                    "--rate",
                    "20",
                    "--max-in-flight",
                    "2",
                    "--requests",
                    "60",
                    "--format",
                    "csv");

            assertThat(code).as(err.toString()).isZero();
            List<JsonNode> samples = samples(onlyRunDir());
            assertThat(samples)
                    .hasSize(60)
                    .allMatch(s -> !s.has("failure") || s.path("failure").isNull());
            double[] fromSend = samples.stream()
                    .mapToDouble(s -> s.path("ttft_ms").asDouble())
                    .sorted()
                    .toArray();
            double[] fromIntended = samples.stream()
                    .mapToDouble(s -> s.path("ttft_ms").asDouble()
                            + (s.path("send_ns").asLong()
                                            - s.path("intended_ns").asLong())
                                    / 1e6)
                    .sorted()
                    .toArray();
            // from t_send only the two requests caught in flight see the stall
            assertThat(fromSend[(int) (0.9 * fromSend.length)]).isLessThan(500);
            assertThat(fromSend[fromSend.length - 1]).isGreaterThan(1500);
            // from t_intended, every request due during the freeze carries it: ~40 of 60 were due in it
            assertThat(fromIntended[(int) (0.5 * fromIntended.length)]).isGreaterThan(500);
            assertThat(fromIntended[fromIntended.length - 1]).isGreaterThan(1500);
            assertThat(out.toString()).contains("20 req/s constant (max 2 in flight)");
        }
    }

    /** Streams 4 OpenAI-style tokens per request, 5 ms apart, except during a freeze window. */
    private static final class StallingServer implements AutoCloseable {
        private final HttpServer server;
        private final long freezeAfter;
        private final long freezeFor;
        private final AtomicLong first = new AtomicLong(-1);

        StallingServer(Duration after, Duration length) throws IOException {
            this.freezeAfter = after.toNanos();
            this.freezeFor = length.toNanos();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.createContext(
                    "/v1/models",
                    ex -> respond(
                            ex,
                            "application/json",
                            "{\"object\":\"list\",\"data\":[{\"id\":\"sim\",\"object\":\"model\"}]}"));
            server.createContext("/v1/chat/completions", this::chat);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private static void respond(HttpExchange ex, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }

        /** Sleeps until {@code at}, then past the freeze window if {@code at} falls in it. */
        private void waitUntil(long at) throws InterruptedException {
            long start = first.get() + freezeAfter;
            long target = at >= start && at < start + freezeFor ? start + freezeFor : at;
            long delay;
            while ((delay = target - System.nanoTime()) > 0) {
                Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
            }
        }

        private void chat(HttpExchange ex) throws IOException {
            long arrival = System.nanoTime();
            first.compareAndSet(-1, arrival);
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                for (int i = 0; i < 4; i++) {
                    waitUntil(arrival + (i + 1) * 5_000_000L);
                    os.write(("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                    + "\"delta\":{\"content\":\"t" + i + " \"},\"finish_reason\":null}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    os.flush();
                }
                os.write(("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
