package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;

/**
 * The simulator's tool-call answer in the Gemini streamGenerateContent dialect: per scripted call
 * ({@link ToolCallScript}) one event whose only part is the whole {@code functionCall} ({@code name},
 * {@code args}; no id, as most Gemini models send none), written at the slot its last argument piece
 * would be done in the Anthropic dialect, so both dialects complete the same script's calls at the same
 * times. The last event carries {@code finishReason: STOP} (Gemini's reason after calls too) and
 * {@code usageMetadata} with the slots as {@code candidatesTokenCount}.
 */
final class GeminiToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiToolStreams() {}

    /**
     * Whether the request gets tool calls: it declares functions, its function calling mode is not
     * {@code NONE}, and its last content holds no {@code functionResponse} (which gets the text answer).
     */
    static boolean calls(JsonNode request) {
        if (firstDeclared(request) == null
                || "NONE"
                        .equals(request.path("toolConfig")
                                .path("functionCallingConfig")
                                .path("mode")
                                .asText())) {
            return false;
        }
        JsonNode contents = request.path("contents");
        for (JsonNode part : contents.path(contents.size() - 1).path("parts")) {
            if (part.has("functionResponse")) {
                return false;
            }
        }
        return true;
    }

    private static String firstDeclared(JsonNode request) {
        for (JsonNode tool : request.path("tools")) {
            for (JsonNode declaration : tool.path("functionDeclarations")) {
                return declaration.path("name").asText();
            }
        }
        return null;
    }

    /** The function a scripted call without a name calls: the first allowed one, else the first declared. */
    private static String defaultName(JsonNode request) {
        JsonNode allowed =
                request.path("toolConfig").path("functionCallingConfig").path("allowedFunctionNames");
        return allowed.path(0).isTextual() ? allowed.get(0).asText() : firstDeclared(request);
    }

    /** Streams the script's calls for {@code request}, which arrived at {@code t0}. */
    static void stream(
            StreamingSimulator simulator,
            Exchange exchange,
            JsonNode request,
            long t0,
            int inputTokens,
            ToolCallScript script)
            throws IOException {
        SimulatorConfig config = simulator.config();
        exchange.startStream("text/event-stream", "Cache-Control: no-cache");
        exchange.flush();
        long base = t0 + config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        String fallback = defaultName(request);
        int last = script.calls().size() - 1;
        for (int c = 0; c <= last; c++) {
            ToolCallScript.Call call = script.calls().get(c);
            ObjectNode data = JSON.createObjectNode();
            ObjectNode candidate = data.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content");
            ObjectNode functionCall = content.putArray("parts").addObject().putObject("functionCall");
            functionCall.put("name", call.name() == null ? fallback : call.name());
            JsonNode args = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
            functionCall.set("args", args);
            content.put("role", "model");
            if (c == last) {
                candidate.put("finishReason", "STOP");
            }
            candidate.put("index", 0);
            if (c == last) {
                data.putObject("usageMetadata")
                        .put("promptTokenCount", inputTokens)
                        .put("candidatesTokenCount", script.slots())
                        .put("totalTokenCount", inputTokens + script.slots());
            }
            data.put("modelVersion", config.model());
            byte[] event = ReasoningStreams.sse(null, data);
            StreamingSimulator.waitUntil(base + (long) script.doneSlot(c) * gap);
            if (c == last) {
                exchange.writeLastChunk(event);
            } else {
                exchange.writeChunk(event);
            }
        }
    }
}
