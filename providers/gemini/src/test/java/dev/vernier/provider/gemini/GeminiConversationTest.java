package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.Conversation;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A conversation on generateContent: the system messages as {@code systemInstruction}, the others as
 * {@code contents} with roles {@code user} and {@code model} (Gemini's name for the assistant), one text
 * part each; the input tokens are {@code usageMetadata.promptTokenCount}.
 */
class GeminiConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Provider provider(String baseUrl) throws Exception {
        return new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
                        null,
                        Map.of("model", "sim-model", "base_url", baseUrl),
                        Path.of("."),
                        Map.of("GEMINI_API_KEY", "AIza-test-0123456789")::get));
    }

    @Test
    void sends_the_system_message_as_system_instruction_and_the_assistant_as_model() throws Exception {
        GeminiProvider provider = (GeminiProvider) provider("http://127.0.0.1:9");

        JsonNode body = JSON.readTree(provider.requestBody(Conversation.request(16)));

        assertThat(body.path("systemInstruction"))
                .isEqualTo(JSON.readTree("{\"parts\":[{\"text\":\"You are terse.\"}]}"));
        assertThat(body.path("contents")).isEqualTo(JSON.readTree("""
                        [{"role":"user","parts":[{"text":"Name a colour."}]},
                         {"role":"model","parts":[{"text":"Blue."}]},
                         {"role":"user","parts":[{"text":"Another one?"}]}]
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
