package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A conversation in process: through the chat template (llama.cpp's {@code messages} with the system
 * text apart), or without one as a plain-text transcript; the input tokens are the tokenizer's count of
 * the text the model reads, so they cover the whole history.
 */
class LlamaCppConversationTest {

    private static GenerationRequest conversation(int maxTokens) {
        return GenerationRequest.conversation(
                "conv",
                List.of(
                        Message.system("You are terse."),
                        Message.user("Name a colour."),
                        Message.assistant("Blue."),
                        Message.user("Another one?")),
                0.0,
                maxTokens,
                1L);
    }

    @Test
    void without_a_template_the_conversation_is_sent_as_a_plain_transcript() {
        assertThat(LlamaCppProvider.rawPrompt(conversation(8)))
                .isEqualTo("You are terse.\n\nUser: Name a colour.\n\nAssistant: Blue.\n\nUser: Another one?\n\n"
                        + "Assistant:");
        assertThat(LlamaCppProvider.rawPrompt(new GenerationRequest("r", "Hi", "Be brief.", 0, 8, null)))
                .as("a single-turn request is sent as before")
                .isEqualTo("Be brief.\n\nHi");
    }

    @Test
    void the_chat_template_gets_every_message_with_its_role_and_the_input_counts_them_all() throws Exception {
        LlamaCppProvider chat = Stories.load("tiny-chat", "threads", 1, "context", 256, "chat_template", true);
        try {
            String sent = chat.promptSent(conversation(8));
            assertThat(sent)
                    .containsSubsequence(
                            "<|im_start|>system\nYou are terse.<|im_end|>",
                            "<|im_start|>user\nName a colour.<|im_end|>",
                            "<|im_start|>assistant\nBlue.<|im_end|>",
                            "<|im_start|>user\nAnother one?<|im_end|>")
                    .endsWith("<|im_start|>assistant\n");

            Completion conversation = Stories.complete(chat, conversation(4));
            Completion lastTurnOnly =
                    Stories.complete(chat, new GenerationRequest("one", "Another one?", "You are terse.", 0.0, 4, 1L));
            assertThat(conversation.failure()).isNull();
            assertThat(conversation.tokens().input())
                    .as("the history is read, and counted")
                    .isGreaterThan(lastTurnOnly.tokens().input());
        } finally {
            chat.close();
        }
    }
}
