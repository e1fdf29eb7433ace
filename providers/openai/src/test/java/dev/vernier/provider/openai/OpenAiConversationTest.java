package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.Conversation;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import org.junit.jupiter.api.Test;

/**
 * A conversation on Chat Completions: every message in order in {@code messages}, each with its role
 * ({@code system}, {@code user}, {@code assistant}) and its text as {@code content}; the input tokens are
 * the server's {@code usage.prompt_tokens}, which counts the whole history.
 */
class OpenAiConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sends_every_message_in_order_with_its_role() throws Exception {
        OpenAiProvider provider = (OpenAiProvider) Providers.local("http://127.0.0.1:9/v1");

        Conversation.assertChatMessages(JSON.readTree(provider.requestBody(Conversation.request(16))));
    }

    @Test
    void counts_the_input_tokens_of_the_whole_history_as_the_server_reports_them() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults());
                Provider provider = Providers.local(simulatorUrl(simulator))) {
            Completion c = Conversation.send(provider, new RecordingSink(), 16);

            assertThat(c.failure()).isNull();
            assertThat(c.tokens().input()).isEqualTo(Conversation.INPUT_WORDS);
            assertThat(c.tokens().inputSource()).isEqualTo(CountSource.SERVER_USAGE);
            assertThat(JSON.readTree(simulator.lastRequestBody()).path("messages"))
                    .hasSize(4);
        }
    }

    private static String simulatorUrl(StreamingSimulator simulator) throws Exception {
        simulator.start();
        return simulator.openAiBaseUrl();
    }
}
