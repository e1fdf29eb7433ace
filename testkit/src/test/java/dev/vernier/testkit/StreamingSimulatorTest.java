package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StreamingSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private String start(SimulatorConfig config) throws IOException {
        simulator = new StreamingSimulator(config);
        simulator.start();
        return simulator.baseUrl();
    }

    /** One line as received, with its arrival time relative to the send. */
    private record Line(long atNanos, String text) {}

    private List<Line> post(String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Line> lines = new ArrayList<>();
        try (Stream<String> stream = response.body()) {
            stream.forEach(text -> lines.add(new Line(System.nanoTime() - sent, text)));
        }
        return lines;
    }

    private static List<JsonNode> events(List<Line> lines) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Line line : lines) {
            if (line.text().startsWith("data: ") && !line.text().equals("data: [DONE]")) {
                events.add(JSON.readTree(line.text().substring(6)));
            }
        }
        return events;
    }

    private static String chatBody(boolean stream, boolean includeUsage, Integer maxTokens) {
        return "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"say four words please\"}],\"stream\":" + stream
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + (maxTokens != null ? ",\"max_tokens\":" + maxTokens : "") + "}";
    }

    @Test
    void openai_stream_sends_role_then_one_delta_per_token_then_finish_then_usage_then_done() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(1))
                .withTokens(4));

        List<Line> lines = post(base + "/v1/chat/completions", chatBody(true, true, null));

        List<String> data = lines.stream()
                .map(Line::text)
                .filter(t -> t.startsWith("data: "))
                .toList();
        assertThat(data.get(data.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonNode> events = events(lines);
        assertThat(events).hasSize(1 + 4 + 1 + 1);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(e.path("model").asText()).isEqualTo("sim-model");
        });
        assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        List<String> contents = events.subList(1, 5).stream()
                .map(e -> e.at("/choices/0/delta/content").asText())
                .toList();
        assertThat(contents).containsExactlyElementsOf(simulator.expectedTokens(4));
        assertThat(events.subList(0, 5))
                .allSatisfy(e ->
                        assertThat(e.at("/choices/0/finish_reason").isNull()).isTrue());
        assertThat(events.get(5).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usageChunk = events.get(6);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void openai_stream_has_no_usage_chunk_unless_asked() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(3));

        List<JsonNode> events = events(post(base + "/v1/chat/completions", chatBody(true, false, null)));

        assertThat(events).hasSize(5);
        assertThat(events).allSatisfy(e -> assertThat(e.has("usage")).isFalse());
    }

    @Test
    void openai_stream_cut_by_max_tokens_finishes_with_length() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(10));

        List<JsonNode> events = events(post(base + "/v1/chat/completions", chatBody(true, true, 3)));

        assertThat(events.get(events.size() - 2).at("/choices/0/finish_reason").asText())
                .isEqualTo("length");
        assertThat(events.get(events.size() - 1).at("/usage/completion_tokens").asInt())
                .isEqualTo(3);
    }

    @Test
    void openai_first_content_arrives_after_ttft_and_tokens_are_spaced_by_the_delay() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(120))
                .withInterTokenDelay(Duration.ofMillis(20))
                .withTokens(12));
        post(base + "/v1/chat/completions", chatBody(true, true, null)); // warm up the JIT and the connection

        // medians over several requests, so one stall of a loaded machine does not decide the result
        // (the raw-socket test below checks the simulator's own precision much more tightly)
        List<Double> firsts = new ArrayList<>();
        List<Double> lasts = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (int request = 0; request < 5; request++) {
            List<Line> lines = post(base + "/v1/chat/completions", chatBody(true, true, null));
            List<Long> contentTimes = new ArrayList<>();
            for (Line line : lines) {
                if (line.text().startsWith("data: {")
                        && JSON.readTree(line.text().substring(6))
                                        .at("/choices/0/delta/content")
                                        .asText("")
                                        .length()
                                > 0) {
                    contentTimes.add(line.atNanos());
                }
            }
            assertThat(contentTimes).hasSize(12);
            assertThat(contentTimes.get(0) / 1e6).as("never before the TTFT").isGreaterThanOrEqualTo(119.0);
            firsts.add(contentTimes.get(0) / 1e6);
            lasts.add(contentTimes.get(11) / 1e6);
            gaps.add(medianGapMillis(contentTimes));
        }
        assertThat(median(firsts)).isCloseTo(120.0, within(15.0));
        assertThat(median(gaps)).isCloseTo(20.0, within(3.0));
        assertThat(median(lasts))
                .as("no drift over 11 gaps: the last token at 120 + 11 x 20 ms")
                .isCloseTo(340.0, within(15.0));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void openai_without_stream_returns_one_chat_completion_with_usage() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokenTexts(List.of("a", "b"))
                .withTokens(3));

        List<Line> lines = post(base + "/v1/chat/completions", chatBody(false, false, null));

        JsonNode body =
                JSON.readTree(String.join("\n", lines.stream().map(Line::text).toList()));
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("aba");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void ollama_chat_streams_ndjson_lines_then_a_done_line_with_nanosecond_durations() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(2))
                .withTokens(5));

        List<Line> lines = post(
                base + "/api/chat",
                "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");

        assertThat(lines).hasSize(6);
        List<JsonNode> json = new ArrayList<>();
        for (Line line : lines) {
            json.add(JSON.readTree(line.text()));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(json.get(i).path("done").asBoolean()).isFalse();
            assertThat(json.get(i).at("/message/role").asText()).isEqualTo("assistant");
            assertThat(json.get(i).at("/message/content").asText())
                    .isEqualTo(simulator.expectedTokens(5).get(i));
            assertThat(json.get(i).path("created_at").asText()).isNotEmpty();
        }
        JsonNode last = json.get(5);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("eval_count").asInt()).isEqualTo(5);
        assertThat(last.path("prompt_eval_count").asInt()).isEqualTo(2);
        assertThat(last.path("total_duration").asLong()).isGreaterThanOrEqualTo(13_000_000L);
        assertThat(last.path("prompt_eval_duration").asLong()).isEqualTo(5_000_000L);
        for (String field : List.of("load_duration", "eval_duration")) {
            assertThat(last.path(field).isIntegralNumber()).as(field).isTrue();
        }
    }

    @Test
    void ollama_first_line_arrives_after_ttft_and_lines_are_spaced_by_the_delay() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(100))
                .withInterTokenDelay(Duration.ofMillis(20))
                .withTokens(10));
        String body = "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"options\":{\"num_predict\":64}}";
        post(base + "/api/chat", body);

        List<Double> firsts = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (int request = 0; request < 5; request++) {
            List<Line> lines = post(base + "/api/chat", body);
            List<Long> times = lines.subList(0, 10).stream().map(Line::atNanos).toList();
            assertThat(times.get(0) / 1e6).as("never before the TTFT").isGreaterThanOrEqualTo(99.0);
            firsts.add(times.get(0) / 1e6);
            gaps.add(medianGapMillis(times));
        }
        assertThat(median(firsts)).isCloseTo(100.0, within(15.0));
        assertThat(median(gaps)).isCloseTo(20.0, within(3.0));
    }

    @Test
    void ollama_num_predict_below_configured_tokens_ends_with_length() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(8));

        List<Line> lines = post(
                base + "/api/chat", "{\"model\":\"sim-model\",\"messages\":[]," + "\"options\":{\"num_predict\":2}}");

        assertThat(lines).hasSize(3);
        JsonNode last = JSON.readTree(lines.get(2).text());
        assertThat(last.path("done_reason").asText()).isEqualTo("length");
        assertThat(last.path("eval_count").asInt()).isEqualTo(2);
    }

    @Test
    void error_rate_one_answers_every_chat_request_with_500() throws Exception {
        String base = start(SimulatorConfig.defaults().withErrorRate(1.0, 7));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, true, null)))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("simulated");
        assertThat(simulator.requestCount()).isEqualTo(1);
    }

    @Test
    void model_listings_name_the_configured_model() throws Exception {
        String base = start(SimulatorConfig.defaults().withModel("tiny:1b"));

        HttpResponse<String> models = client.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tags = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).isEqualTo("tiny:1b");
        assertThat(JSON.readTree(tags.body()).at("/models/0/name").asText()).isEqualTo("tiny:1b");
    }

    @Test
    void serves_many_streams_at_once_without_serialising_them() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(100))
                .withInterTokenDelay(Duration.ofMillis(10))
                .withTokens(10));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, true, null)))
                .build();

        long start = System.nanoTime();
        var futures = IntStream.range(0, 50)
                .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (var future : futures) {
            assertThat(future.get().body()).endsWith("data: [DONE]\n\n");
        }
        double elapsedMs = (System.nanoTime() - start) / 1e6;

        assertThat(elapsedMs).as("50 streams of ~190 ms each run in parallel").isLessThan(1500);
    }

    @Test
    void one_connection_carries_several_requests_in_turn() throws Exception {
        start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(2))
                .withInterTokenDelay(Duration.ofMillis(1))
                .withTokens(3));
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            RawHttpClient.Response models = raw.get("/v1/models");
            RawHttpClient.Response stream = raw.post("/v1/chat/completions", chatBody(true, true, null));
            RawHttpClient.Response whole = raw.post("/v1/chat/completions", chatBody(false, false, null));
            RawHttpClient.Response ollama = raw.post(
                    "/api/chat", "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            RawHttpClient.Response tags = raw.get("/api/tags");

            assertThat(List.of(models, stream, whole, ollama, tags)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("connection")).isNull();
            });
            assertThat(models.header("content-type")).isEqualTo("application/json");
            assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).isEqualTo("sim-model");
            assertThat(stream.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            // role, 3 tokens, finish, usage, [DONE]: one event per chunk
            assertThat(stream.chunks()).hasSize(7);
            assertThat(stream.chunks())
                    .allSatisfy(c -> assertThat(c.text()).startsWith("data: ").endsWith("\n\n"));
            assertThat(stream.chunks().get(6).text()).isEqualTo("data: [DONE]\n\n");
            assertThat(whole.header("content-length"))
                    .isEqualTo(String.valueOf(whole.body().length()));
            assertThat(JSON.readTree(whole.body()).path("object").asText()).isEqualTo("chat.completion");
            assertThat(ollama.header("content-type")).isEqualTo("application/x-ndjson");
            assertThat(ollama.chunks()).hasSize(4);
            assertThat(JSON.readTree(ollama.chunks().get(3).text()).path("done").asBoolean())
                    .isTrue();
            assertThat(JSON.readTree(tags.body()).at("/models/0/name").asText()).isEqualTo("sim-model");
            assertThat(simulator.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void connection_close_from_the_client_is_answered_and_honoured() throws Exception {
        start(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(2));
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            RawHttpClient.Response response =
                    raw.post("/v1/chat/completions", chatBody(true, false, null), "Connection: close");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(response.body()).endsWith("data: [DONE]\n\n");
            assertThat(raw.serverClosed()).isTrue();
        }
    }

    @Test
    void unknown_paths_get_404_and_wrong_methods_405_on_a_connection_that_stays_usable() throws Exception {
        start(SimulatorConfig.defaults());
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            RawHttpClient.Response missing = raw.post("/v1/completions", "{}");
            RawHttpClient.Response wrongMethod = raw.get("/v1/chat/completions");
            RawHttpClient.Response ollamaWrongMethod = raw.get("/api/chat");
            RawHttpClient.Response models = raw.get("/v1/models?x=1");

            assertThat(missing.status()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).at("/error/message").asText())
                    .contains("/v1/completions");
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(JSON.readTree(wrongMethod.body()).at("/error/message").asText())
                    .isEqualTo("use POST");
            assertThat(ollamaWrongMethod.status()).isEqualTo(405);
            assertThat(JSON.readTree(ollamaWrongMethod.body()).path("error").asText())
                    .isEqualTo("use POST");
            assertThat(models.status()).isEqualTo(200);
        }
    }

    @Test
    void chunked_request_bodies_are_refused_with_411_and_the_connection_closed() throws Exception {
        start(SimulatorConfig.defaults());
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            long sent = raw.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
            RawHttpClient.Response response = raw.read(sent);

            assertThat(response.status()).isEqualTo(411);
            assertThat(response.body()).contains("Content-Length");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.serverClosed()).isTrue();
        }
        assertThat(simulator.requestCount()).isZero();
    }

    @Test
    void oversized_request_heads_are_refused_with_431() throws Exception {
        start(SimulatorConfig.defaults());
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            long sent = raw.sendRaw("GET /v1/models HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
            RawHttpClient.Response response = raw.read(sent);

            assertThat(response.status()).isEqualTo(431);
            assertThat(raw.serverClosed()).isTrue();
        }
    }

    @Test
    void close_cuts_open_streams_and_releases_the_port() throws Exception {
        start(SimulatorConfig.defaults().withTtft(Duration.ofSeconds(30)));
        int port = simulator.port();
        try (RawHttpClient raw = new RawHttpClient(port)) {
            raw.sendRaw("POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            Thread.sleep(50); // the stream is now waiting for its first token

            long closing = System.nanoTime();
            simulator.close();
            double closeMs = (System.nanoTime() - closing) / 1e6;

            assertThat(closeMs).as("close() does not wait for the stream").isLessThan(1000);
            assertThat(readsToEnd(raw)).isTrue();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneSatisfy(
                        t -> assertThat(t.getName()).endsWith("-" + port).startsWith("streaming-simulator-accept"));
        try (StreamingSimulator again =
                new StreamingSimulator(SimulatorConfig.defaults().withPort(port))) {
            assertThat(again.start()).isEqualTo(port);
        }
    }

    private static boolean readsToEnd(RawHttpClient raw) throws IOException {
        try {
            raw.read(0);
        } catch (IOException e) {
            return true; // cut inside the response or before it
        }
        return raw.serverClosed();
    }

    @Test
    void first_content_event_leaves_within_a_millisecond_and_a_half_of_its_schedule() throws Exception {
        long ttftNanos = Duration.ofMillis(30).toNanos();
        start(SimulatorConfig.defaults()
                .withTtft(Duration.ofNanos(ttftNanos))
                .withInterTokenDelay(Duration.ofMillis(2))
                .withTokens(3));
        int warmups = 3;
        int measured = 11;
        double[] lateMs = new double[measured];
        double[] toHandlerMs = new double[measured];
        try (RawHttpClient raw = new RawHttpClient(simulator.port())) {
            for (int i = 0; i < warmups + measured; i++) {
                RawHttpClient.Response response = raw.post("/v1/chat/completions", chatBody(true, false, null));
                assertThat(response.chunks()).hasSize(1 + 3 + 1 + 1);
                // chunk 0 is the role delta sent on arrival; chunk 1 carries the first token
                long firstContent = response.chunks().get(1).receivedNanos();
                long t0 = simulator.lastArrivalNanos();
                if (i >= warmups) {
                    lateMs[i - warmups] = (firstContent - (t0 + ttftNanos)) / 1e6;
                    toHandlerMs[i - warmups] = (t0 - response.sentNanos()) / 1e6;
                }
            }
        }
        Arrays.sort(lateMs);
        Arrays.sort(toHandlerMs);
        double medianLate = lateMs[measured / 2];
        assertThat(medianLate)
                .as("median ms after t0 + ttft; all: %s", Arrays.toString(lateMs))
                .isBetween(0.0, 1.5);
        assertThat(toHandlerMs[measured / 2])
                .as("median ms from send to t0; all: %s", Arrays.toString(toHandlerMs))
                .isLessThan(5.0);
    }

    @Test
    void serves_two_hundred_connections_streaming_at_once() throws Exception {
        start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(200))
                .withInterTokenDelay(Duration.ofMillis(10))
                .withTokens(5));
        int connections = 200;
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<RawHttpClient> raws = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                raws.add(new RawHttpClient(simulator.port()));
            }
            long start = System.nanoTime();
            List<Future<RawHttpClient.Response>> responses = new ArrayList<>();
            for (RawHttpClient raw : raws) {
                responses.add(clients.submit(() -> raw.post("/v1/chat/completions", chatBody(true, false, null))));
            }
            for (var response : responses) {
                assertThat(response.get().chunks()).hasSize(1 + 5 + 1 + 1);
                assertThat(response.get().body()).endsWith("data: [DONE]\n\n");
            }
            double elapsedMs = (System.nanoTime() - start) / 1e6;
            for (RawHttpClient raw : raws) {
                raw.close();
            }

            assertThat(elapsedMs)
                    .as("200 streams of 240 ms each run in parallel")
                    .isLessThan(2000);
            assertThat(simulator.requestCount()).isEqualTo(connections);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void content_chunks_are_written_exactly_as_jackson_would_write_them() throws Exception {
        for (String model : List.of("sim-model", "odd \"model\" \\ name\t")) {
            StreamingSimulator sim =
                    new StreamingSimulator(SimulatorConfig.defaults().withModel(model));
            for (String text : List.of(
                    "the",
                    " quick",
                    "",
                    "quote \" and \\ slash",
                    "line\nbreak\r\u0001\u001f",
                    "caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
                    "</script>")) {
                for (boolean usage : new boolean[] {false, true}) {
                    String expected = sim.chunk(
                            "chatcmpl-sim7",
                            1_700_000_000L,
                            JSON.createObjectNode().put("content", text),
                            null,
                            usage);
                    assertThat(sim.contentChunk("chatcmpl-sim7", 1_700_000_000L, text, usage))
                            .as("model %s, text %s, usage %s", model, text, usage)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void reports_when_each_content_event_of_a_stream_was_written() throws Exception {
        String base = start(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(20))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(4));
        List<StreamingSimulator.StreamTiming> timings = new CopyOnWriteArrayList<>();
        simulator.onStreamed(timings::add);

        long sent = System.nanoTime();
        List<Line> lines = post(base + "/v1/chat/completions", chatBody(true, false, null));
        post(
                base + "/api/chat",
                "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"ollama too\"}]}");

        assertThat(lines).isNotEmpty();
        assertThat(timings).hasSize(2);
        StreamingSimulator.StreamTiming openAi = timings.get(0);
        assertThat(openAi.prompt()).isEqualTo("say four words please");
        assertThat(openAi.arrivalNanos()).isBetween(sent, System.nanoTime());
        assertThat(openAi.contentNanos()).hasSize(4);
        for (int i = 0; i < 4; i++) { // never before its schedule: t0 + ttft + i * delay
            assertThat(openAi.contentNanos()[i] - openAi.arrivalNanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(20 + 5L * i).toNanos());
        }
        assertThat(timings.get(1).prompt()).isEqualTo("ollama too");
        assertThat(timings.get(1).contentNanos()).hasSize(4);

        simulator.onStreamed(null);
        post(base + "/v1/chat/completions", chatBody(true, false, null));
        assertThat(timings).hasSize(2);
    }

    private static double medianGapMillis(List<Long> times) {
        double[] gaps = new double[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
            gaps[i - 1] = (times.get(i) - times.get(i - 1)) / 1e6;
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }
}
