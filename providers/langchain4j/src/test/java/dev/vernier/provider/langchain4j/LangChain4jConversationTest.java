package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Provider;
import dev.vernier.testkit.Conversation;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import org.junit.jupiter.api.Test;

/**
 * A conversation through langchain4j: the messages become its {@code SystemMessage}, {@code UserMessage}
 * and {@code AiMessage} in order, and its OpenAI and Ollama models send them natively.
 */
class LangChain4jConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void maps_each_role_to_langchain4j_message_types_in_order() {
        ChatRequest request = Conversions.chatRequest(
                Conversation.request(16), DefaultChatRequestParameters.builder().build());

        assertThat(request.messages())
                .containsExactly(
                        SystemMessage.from("You are terse."),
                        UserMessage.from("Name a colour."),
                        AiMessage.from("Blue."),
                        UserMessage.from("Another one?"));
    }

    @Test
    void the_openai_model_sends_the_history_and_reports_its_input_tokens() throws Exception {
        assertSendsTheHistory(simulator -> Factories.openAi(simulator.openAiBaseUrl()));
    }

    @Test
    void the_ollama_model_sends_the_history_and_reports_its_input_tokens() throws Exception {
        assertSendsTheHistory(simulator -> Factories.ollama(simulator.baseUrl()));
    }

    /** A provider pointed at the simulator. */
    private interface Pointed {
        Provider at(StreamingSimulator simulator) throws Exception;
    }

    private static void assertSendsTheHistory(Pointed pointed) throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider provider = pointed.at(simulator)) {
                Completion c = Conversation.send(provider, new RecordingSink(), 16);

                assertThat(c.failure()).isNull();
                assertThat(c.tokens().input()).isEqualTo(Conversation.INPUT_WORDS);
                Conversation.assertChatMessages(JSON.readTree(simulator.lastRequestBody()));
            }
        }
    }
}
