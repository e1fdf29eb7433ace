package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.plan.RunPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteLoaderMessagesTest {

    private static final InlineSuites SUITES = new InlineSuites("suites/chat.yaml");

    @Test
    void a_message_list_prompt_is_rendered_into_the_messages_of_each_request() {
        Suite suite = SUITES.parse("""
                prompts:
                  - id: chat
                    messages:
                      - {role: system, content: "You answer about {{topic}}."}
                      - {role: user, content: "Hi"}
                      - {role: assistant, content: "Hello! Ask me about {{topic}}."}
                      - {role: user, content: "What is {{q}}?"}
                cases:
                  - vars: {topic: maths, q: "2+2"}
                providers: [{type: test-fake}]
                """);

        PromptTemplate prompt = suite.prompts().get(0);
        assertThat(prompt.isConversation()).isTrue();
        assertThat(prompt.variables()).containsExactly("q", "topic");

        GenerationRequest request =
                RunPlan.expand(suite, List.of("fake")).requests().get(0).request();
        assertThat(request.messages())
                .containsExactly(
                        Message.system("You answer about maths."),
                        Message.user("Hi"),
                        Message.assistant("Hello! Ask me about maths."),
                        Message.user("What is 2+2?"));
        assertThat(request.prompt()).isEqualTo("What is 2+2?");
        assertThat(request.system()).isEqualTo("You answer about maths.");
        assertThat(request.turns()).hasSize(3);
    }

    @Test
    void a_template_prompt_still_sends_its_system_prompt_and_prompt_as_two_messages() {
        Suite suite = SUITES.parse("""
                prompts:
                  - {template: "Say {{w}}", system: "Be brief"}
                cases: [{vars: {w: hi}}]
                providers: [{type: test-fake}]
                """);

        GenerationRequest request =
                RunPlan.expand(suite, List.of("fake")).requests().get(0).request();
        assertThat(request.messages()).containsExactly(Message.system("Be brief"), Message.user("Say hi"));
        assertThat(request.multiMessage()).isFalse();
    }

    @Test
    void rejects_an_unknown_role_at_the_role_and_suggests_the_right_one() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - role: usr
                        content: "Hi"
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:3:15: unknown role 'usr'. Did you mean 'user'? A message's role is one of: system,"
                        + " user, assistant.");
    }

    @Test
    void rejects_an_empty_message_list() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages: []
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:2:15: 'messages' is empty. Add at least one message, e.g. '- {role: user, content:"
                        + " \"Say hello\"}'.");
    }

    @Test
    void rejects_a_message_list_that_does_not_end_with_a_user_message() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - {role: user, content: "Hi"}
                      - {role: assistant, content: "Hello"}
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:4:9: the last message is from 'assistant', but the model answers a user message."
                        + " End 'messages' with a 'role: user' message.");
    }

    @Test
    void rejects_a_system_message_after_the_conversation_started() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - {role: user, content: "Hi"}
                      - {role: system, content: "Be brief"}
                      - {role: user, content: "Hi again"}
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:4:16: a system message must come before every user and assistant message (vendors"
                        + " take one system prompt). Move it to the top of 'messages'.");
    }

    @Test
    void rejects_messages_together_with_a_template() {
        SUITES.assertRejected(
                """
                prompts:
                  - template: "Hi"
                    messages:
                      - {role: user, content: "Hi"}
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:2:5: a prompt has either 'messages' or 'template'/'system', not both. Move the"
                        + " 'template' text into a message (role: user) or remove 'messages'.");
    }

    @Test
    void rejects_a_message_without_content_and_an_unknown_message_key() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - role: user
                providers: [{type: test-fake}]
                """, "suites/chat.yaml:3:9: 'content' is missing. Fix: add the message text as 'content: \"...\"'.");
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - {role: user, text: "Hi"}
                providers: [{type: test-fake}]
                """, "suites/chat.yaml:3:22: unknown key 'text' in a message. Allowed keys: role, content.");
    }

    @Test
    void rejects_a_case_missing_a_variable_one_message_uses() {
        SUITES.assertRejected(
                """
                prompts:
                  - id: chat
                    messages:
                      - {role: system, content: "Talk about {{topic}}"}
                      - {role: user, content: "Go"}
                cases:
                  - id: c1
                    vars: {other: x}
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:7:5: case 'c1' has no value for {{topic}} used by prompt 'chat'."
                        + " Add 'topic: ...' under this case's 'vars'.");
    }

    @Test
    void rejects_a_malformed_placeholder_in_a_message_at_its_content() {
        SUITES.assertRejected(
                """
                prompts:
                  - messages:
                      - {role: user, content: "Hi {{ name"}
                providers: [{type: test-fake}]
                """,
                "suites/chat.yaml:3:31: malformed placeholder in template 'Hi {{ name'. Write variables as {{name}}"
                        + " with letters, digits, '_', '.' or '-'.");
    }

    @Test
    void a_request_refuses_messages_out_of_order() {
        assertThatThrownBy(() -> GenerationRequest.conversation(
                        "r", List.of(Message.user("a"), Message.assistant("b")), 0, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last message must be a user message");
        assertThatThrownBy(() -> GenerationRequest.conversation("r", List.of(), 0, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
