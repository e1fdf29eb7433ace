package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-message requests in each dialect: accepted with the vendor's roles, refused (400, in the
 * dialect's error format) with a role the vendor does not know, and billed with an input count that
 * grows with the history.
 */
class SimulatorConversationTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static StreamingSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(3));
        simulator.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The first number after {@code "field":} in the response. */
    private static int number(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(response.body());
        assertThat(m.find()).as(field + " in " + response.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String chat(String extra, String messages) {
        return "{\"model\":\"m\",\"stream\":true," + extra + "\"messages\":[" + messages + "]}";
    }

    private static final String ONE = "{\"role\":\"user\",\"content\":\"one two\"}";
    private static final String THREE = ONE + ",{\"role\":\"assistant\",\"content\":\"three four five\"},"
            + "{\"role\":\"user\",\"content\":\"six\"}";

    @Test
    void chat_completions_counts_every_message_of_the_history() throws Exception {
        String usage = "\"stream_options\":{\"include_usage\":true},";
        assertThat(number(post("/v1/chat/completions", chat(usage, ONE)), "prompt_tokens"))
                .isEqualTo(2);
        assertThat(number(post("/v1/chat/completions", chat(usage, THREE)), "prompt_tokens"))
                .isEqualTo(6);
        assertThat(post("/v1/chat/completions", chat(usage, "{\"role\":\"model\",\"content\":\"x\"}"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void ollama_counts_every_message_of_the_history() throws Exception {
        assertThat(number(post("/api/chat", chat("", ONE)), "prompt_eval_count"))
                .isEqualTo(2);
        assertThat(number(post("/api/chat", chat("", THREE)), "prompt_eval_count"))
                .isEqualTo(6);
    }

    @Test
    void anthropic_counts_system_and_history_and_refuses_a_system_role_in_messages() throws Exception {
        String system = "\"max_tokens\":8,\"system\":\"be brief\",";
        assertThat(number(post("/v1/messages", chat(system, ONE)), "input_tokens"))
                .isEqualTo(4);
        assertThat(number(post("/v1/messages", chat(system, THREE)), "input_tokens"))
                .isEqualTo(8);
        HttpResponse<String> refused =
                post("/v1/messages", chat("\"max_tokens\":8,", "{\"role\":\"system\",\"content\":\"x\"}," + ONE));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_request_error").contains("'system'");
    }

    @Test
    void gemini_counts_system_instruction_and_contents_and_refuses_the_assistant_role() throws Exception {
        String path = "/v1beta/models/m:streamGenerateContent?alt=sse";
        String one = "{\"role\":\"user\",\"parts\":[{\"text\":\"one two\"}]}";
        String three = one + ",{\"role\":\"model\",\"parts\":[{\"text\":\"three four five\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"six\"}]}";
        String system = "\"systemInstruction\":{\"parts\":[{\"text\":\"be brief\"}]},";
        assertThat(number(post(path, "{" + system + "\"contents\":[" + one + "]}"), "promptTokenCount"))
                .isEqualTo(4);
        assertThat(number(post(path, "{" + system + "\"contents\":[" + three + "]}"), "promptTokenCount"))
                .isEqualTo(8);
        HttpResponse<String> refused =
                post(path, "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID_ARGUMENT").contains("'assistant'");
    }
}
