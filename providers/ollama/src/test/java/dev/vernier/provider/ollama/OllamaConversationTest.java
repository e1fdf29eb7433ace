package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.Conversation;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import org.junit.jupiter.api.Test;

/**
 * A conversation on Ollama's {@code /api/chat}: every message in order in {@code messages} with its role;
 * the input tokens are the final line's {@code prompt_eval_count}.
 */
class OllamaConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sends_every_message_in_order_with_its_role() throws Exception {
        OllamaProvider provider = (OllamaProvider) Providers.local("http://127.0.0.1:9");

        Conversation.assertChatMessages(JSON.readTree(provider.requestBody(Conversation.request(16))));
    }

    @Test
    void counts_the_input_tokens_of_the_whole_history_as_prompt_eval_count() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.baseUrl())) {
                Completion c = Conversation.send(provider, new RecordingSink(), 16);

                assertThat(c.failure()).isNull();
                assertThat(c.tokens().input()).isEqualTo(Conversation.INPUT_WORDS);
            }
        }
    }
}
