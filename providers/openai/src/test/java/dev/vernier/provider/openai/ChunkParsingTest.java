package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.provider.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming chunk parser reads what a whole JSON tree would give: the same content, finish
 * reason, usage and error for ordinary chunks and for odd ones (repeated fields, wrong types,
 * trailing bytes), and no chunk where the tree has no object.
 */
class ChunkParsingTest {

    private static final List<String> PAYLOADS = List.of(
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"system_fingerprint\":\"fp\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" quick\"},\"logprobs\":null,\"finish_reason\":null}],"
                    + "\"usage\":null}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}",
            "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}",
            "{\"error\":\"plain text error\",\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
            "{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"kept\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}},{\"delta\":{\"content\":\"second choice\"}}]}",
            "{\"choices\":[1,{\"delta\":{\"content\":\"not first\"}}]}",
            "{\"choices\":{\"delta\":{\"content\":\"not an array\"}}}",
            "{\"choices\":[{\"delta\":{\"content\":7},\"finish_reason\":3}]}",
            "{\"choices\":[{\"delta\":\"text\",\"finish_reason\":\"length\"}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"first\"}}],\"choices\":[{\"delta\":{\"content\":\"last wins\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"gone\"},\"delta\":{\"role\":\"assistant\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"one\",\"content\":\"two\"},\"finish_reason\":\"stop\",\"finish_reason\":null}]}",
            "{\"usage\":{\"completion_tokens\":1},\"usage\":null}",
            "{\"choices\":[{\"delta\":{\"content\":\"caf\\u00e9 \\\"quoted\\\" \\n line\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"nested\",\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"trailing\"}}]} and then some",
            "{}",
            // not an object: no chunk
            "[1,2]",
            "\"text\"",
            "42",
            "",
            "   ",
            "{\"choices\":[{\"delta\":{\"content\":\"bro",
            "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]",
            "{\"a\":\"bad \\q escape\"}",
            "{\"a\":01}",
            "not json");

    @Test
    void streaming_parse_matches_a_tree_for_every_payload() {
        for (String payload : PAYLOADS) {
            OpenAiProvider.Chunk streamed = OpenAiProvider.Chunk.parse(payload);
            ObjectNode tree = Json.object(payload);
            if (tree == null) {
                assertThat(streamed).as(payload).isNull();
                continue;
            }
            assertThat(streamed).as(payload).isNotNull();
            JsonNode error = tree.hasNonNull("error") ? tree.get("error") : null;
            assertThat(streamed.error).as("error of " + payload).isEqualTo(error);
            JsonNode choice = tree.path("choices").path(0);
            String content = null;
            String finish = null;
            if (choice.isObject()) {
                JsonNode c = choice.path("delta").path("content");
                content = c.isTextual() ? c.asText() : null;
                JsonNode f = choice.path("finish_reason");
                finish = f.isTextual() ? f.asText() : null;
            }
            assertThat(streamed.content).as("content of " + payload).isEqualTo(content);
            assertThat(streamed.finish).as("finish of " + payload).isEqualTo(finish);
            JsonNode usage = tree.path("usage").isObject() ? tree.get("usage") : null;
            assertThat(streamed.usage).as("usage of " + payload).isEqualTo(usage);
        }
    }

    @Test
    void a_content_chunk_yields_its_text_and_nothing_else() {
        OpenAiProvider.Chunk chunk = OpenAiProvider.Chunk.parse(PAYLOADS.get(0));
        assertThat(chunk.content).isEqualTo(" quick");
        assertThat(chunk.finish).isNull();
        assertThat(chunk.usage).isNull();
        assertThat(chunk.error).isNull();
    }
}
