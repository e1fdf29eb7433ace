package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The conversation the providers' wire-format tests send: a system message, then user, assistant,
 * user. The simulator counts input as whitespace-separated words of every message.
 */
public final class Conversation {

    /** The system message. */
    public static final String SYSTEM = "You are terse.";

    /** The user, assistant and user messages after it. */
    public static final List<Message> TURNS =
            List.of(Message.user("Name a colour."), Message.assistant("Blue."), Message.user("Another one?"));

    /** Words in all four messages: 3 + 3 + 1 + 2, the simulator's input token count for them. */
    public static final int INPUT_WORDS = 9;

    private Conversation() {}

    /** The conversation as one request (temperature 0, seed 7). */
    public static GenerationRequest request(int maxTokens) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system(SYSTEM));
        messages.addAll(TURNS);
        return GenerationRequest.conversation("conv-1", messages, 0.0, maxTokens, 7L);
    }

    /**
     * Asserts that a chat-style body (Chat Completions, Ollama) holds {@link #request}'s messages in
     * order, each with its role and its text as {@code content} (other fields, such as the empty
     * {@code tool_calls} langchain4j adds to an assistant message, are not compared).
     */
    public static void assertChatMessages(JsonNode body) {
        List<String> sent = new ArrayList<>();
        body.path("messages")
                .forEach(m -> sent.add(
                        m.path("role").asText() + ": " + m.path("content").asText()));
        assertThat(sent)
                .containsExactly(
                        "system: You are terse.", "user: Name a colour.", "assistant: Blue.", "user: Another one?");
    }

    /** Sends {@link #request} and waits for its completion (at most 20 s). */
    public static Completion send(Provider provider, RecordingSink sink, int maxTokens) throws Exception {
        return provider.generate(request(maxTokens), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
