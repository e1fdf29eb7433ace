package dev.vernier.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.Conversation;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A conversation on the Messages API: the system messages as the top-level {@code system} string,
 * the others in {@code messages} with roles {@code user} and {@code assistant}, strictly alternating
 * (consecutive messages of one role merged); the input tokens are {@code usage.input_tokens} of
 * {@code message_start}, which counts the system prompt and the whole history.
 */
class AnthropicConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AnthropicProvider provider(String baseUrl) throws Exception {
        return (AnthropicProvider) new AnthropicProviderFactory()
                .create(new ProviderConfig(
                        "anthropic",
                        null,
                        Map.of("model", "sim-model", "base_url", baseUrl),
                        Path.of("."),
                        Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")::get));
    }

    @Test
    void sends_the_system_message_as_system_and_the_turns_as_messages() throws Exception {
        JsonNode body = JSON.readTree(provider("http://127.0.0.1:9").requestBody(Conversation.request(16)));

        assertThat(body.path("system").asText()).isEqualTo("You are terse.");
        assertThat(body.path("messages")).isEqualTo(JSON.readTree("""
                        [{"role":"user","content":"Name a colour."},
                         {"role":"assistant","content":"Blue."},
                         {"role":"user","content":"Another one?"}]
                        """));
    }

    @Test
    void merges_consecutive_messages_of_one_role_into_one_turn() throws Exception {
        GenerationRequest request = GenerationRequest.conversation(
                "c",
                List.of(
                        Message.system("a"),
                        Message.system("b"),
                        Message.user("one"),
                        Message.user("two"),
                        Message.assistant("x"),
                        Message.user("three")),
                0,
                8,
                null);

        JsonNode body = JSON.readTree(provider("http://127.0.0.1:9").requestBody(request));

        assertThat(body.path("system").asText()).isEqualTo("a\n\nb");
        assertThat(body.path("messages")).isEqualTo(JSON.readTree("""
                        [{"role":"user","content":"one\\n\\ntwo"},
                         {"role":"assistant","content":"x"},
                         {"role":"user","content":"three"}]
                        """));
    }

    @Test
    void counts_the_input_tokens_of_the_whole_history_as_the_api_reports_them() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider provider = provider(simulator.baseUrl())) {
                Completion c = Conversation.send(provider, new RecordingSink(), 16);

                assertThat(c.failure()).isNull();
                assertThat(c.tokens().input()).isEqualTo(Conversation.INPUT_WORDS);
                assertThat(c.tokens().inputSource()).isEqualTo(CountSource.SERVER_USAGE);
            }
        }
    }
}
