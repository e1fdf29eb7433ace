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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
    private record Line(long atNanos, String text) {
    }

    private List<Line> post(String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(1)).withTokens(4));

        List<Line> lines = post(base + "/v1/chat/completions", chatBody(true, true, null));

        List<String> data = lines.stream().map(Line::text).filter(t -> t.startsWith("data: ")).toList();
        assertThat(data.get(data.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonNode> events = events(lines);
        assertThat(events).hasSize(1 + 4 + 1 + 1);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(e.path("model").asText()).isEqualTo("sim-model");
        });
        assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        List<String> contents = events.subList(1, 5).stream()
                .map(e -> e.at("/choices/0/delta/content").asText()).toList();
        assertThat(contents).containsExactlyElementsOf(simulator.expectedTokens(4));
        assertThat(events.subList(0, 5)).allSatisfy(e -> assertThat(e.at("/choices/0/finish_reason").isNull()).isTrue());
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
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO).withTokens(3));

        List<JsonNode> events = events(post(base + "/v1/chat/completions", chatBody(true, false, null)));

        assertThat(events).hasSize(5);
        assertThat(events).allSatisfy(e -> assertThat(e.has("usage")).isFalse());
    }

    @Test
    void openai_stream_cut_by_max_tokens_finishes_with_length() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO).withTokens(10));

        List<JsonNode> events = events(post(base + "/v1/chat/completions", chatBody(true, true, 3)));

        assertThat(events.get(events.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(events.get(events.size() - 1).at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void openai_first_content_arrives_after_ttft_and_tokens_are_spaced_by_the_delay() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ofMillis(120))
                .withInterTokenDelay(Duration.ofMillis(20)).withTokens(12));
        post(base + "/v1/chat/completions", chatBody(true, true, null)); // warm up the JIT and the connection

        List<Line> lines = post(base + "/v1/chat/completions", chatBody(true, true, null));

        List<Long> contentTimes = new ArrayList<>();
        for (Line line : lines) {
            if (line.text().startsWith("data: {") && JSON.readTree(line.text().substring(6))
                    .at("/choices/0/delta/content").asText("").length() > 0) {
                contentTimes.add(line.atNanos());
            }
        }
        assertThat(contentTimes).hasSize(12);
        assertThat(contentTimes.get(0) / 1e6).isCloseTo(120.0, within(15.0));
        assertThat(medianGapMillis(contentTimes)).isCloseTo(20.0, within(3.0));
        double span = (contentTimes.get(11) - contentTimes.get(0)) / 1e6;
        assertThat(span).as("no drift over 11 gaps").isCloseTo(220.0, within(10.0));
    }

    @Test
    void openai_without_stream_returns_one_chat_completion_with_usage() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO).withTokenTexts(List.of("a", "b")).withTokens(3));

        List<Line> lines = post(base + "/v1/chat/completions", chatBody(false, false, null));

        JsonNode body = JSON.readTree(String.join("\n", lines.stream().map(Line::text).toList()));
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("aba");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void ollama_chat_streams_ndjson_lines_then_a_done_line_with_nanosecond_durations() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ofMillis(5))
                .withInterTokenDelay(Duration.ofMillis(2)).withTokens(5));

        List<Line> lines = post(base + "/api/chat",
                "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");

        assertThat(lines).hasSize(6);
        List<JsonNode> json = new ArrayList<>();
        for (Line line : lines) {
            json.add(JSON.readTree(line.text()));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(json.get(i).path("done").asBoolean()).isFalse();
            assertThat(json.get(i).at("/message/role").asText()).isEqualTo("assistant");
            assertThat(json.get(i).at("/message/content").asText()).isEqualTo(simulator.expectedTokens(5).get(i));
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
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ofMillis(100))
                .withInterTokenDelay(Duration.ofMillis(20)).withTokens(10));
        String body = "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"options\":{\"num_predict\":64}}";
        post(base + "/api/chat", body);

        List<Line> lines = post(base + "/api/chat", body);

        List<Long> times = lines.subList(0, 10).stream().map(Line::atNanos).toList();
        assertThat(times.get(0) / 1e6).isCloseTo(100.0, within(15.0));
        assertThat(medianGapMillis(times)).isCloseTo(20.0, within(3.0));
    }

    @Test
    void ollama_num_predict_below_configured_tokens_ends_with_length() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO).withTokens(8));

        List<Line> lines = post(base + "/api/chat", "{\"model\":\"sim-model\",\"messages\":[],"
                + "\"options\":{\"num_predict\":2}}");

        assertThat(lines).hasSize(3);
        JsonNode last = JSON.readTree(lines.get(2).text());
        assertThat(last.path("done_reason").asText()).isEqualTo("length");
        assertThat(last.path("eval_count").asInt()).isEqualTo(2);
    }

    @Test
    void error_rate_one_answers_every_chat_request_with_500() throws Exception {
        String base = start(SimulatorConfig.defaults().withErrorRate(1.0, 7));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, true, null))).build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("simulated");
        assertThat(simulator.requestCount()).isEqualTo(1);
    }

    @Test
    void model_listings_name_the_configured_model() throws Exception {
        String base = start(SimulatorConfig.defaults().withModel("tiny:1b"));

        HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tags = client.send(HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).isEqualTo("tiny:1b");
        assertThat(JSON.readTree(tags.body()).at("/models/0/name").asText()).isEqualTo("tiny:1b");
    }

    @Test
    void serves_many_streams_at_once_without_serialising_them() throws Exception {
        String base = start(SimulatorConfig.defaults().withTtft(Duration.ofMillis(100))
                .withInterTokenDelay(Duration.ofMillis(10)).withTokens(10));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, true, null))).build();

        long start = System.nanoTime();
        var futures = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        for (var future : futures) {
            assertThat(future.get().body()).endsWith("data: [DONE]\n\n");
        }
        double elapsedMs = (System.nanoTime() - start) / 1e6;

        assertThat(elapsedMs).as("50 streams of ~190 ms each run in parallel").isLessThan(1500);
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
