package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's tool-call answer in the Gemini streamGenerateContent dialect: per scripted call
 * ({@link SimulatedToolCalls}) one event whose only part is the whole {@code functionCall} ({@code name},
 * {@code args}; no id, as most Gemini models send none), written at the slot its last argument piece
 * would be done in the Anthropic dialect, so both dialects complete the same script's calls at the same
 * times. The last event carries {@code finishReason: STOP} (Gemini's reason after calls too) and
 * {@code usageMetadata} with the slots as {@code candidatesTokenCount}.
 *
 * <p>Thinking with tools: when the simulator reasons, the first call's part carries a
 * {@code thoughtSignature} (of parallel calls only the first does, as Gemini 3 sends them), and the
 * request that carries the calls' results is refused with 400 unless that signature is back on the
 * first {@code functionCall} part of the model content before them, as Gemini 3 refuses a function call
 * without its signature ({@link #missingSignature}).
 */
final class GeminiToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The prefix of the thought signatures the simulator gives its first call. */
    static final String SIGNATURE_PREFIX = "CiQBsim-";

    private GeminiToolStreams() {}

    /**
     * For a request whose last content holds function responses, while the simulator reasons: the 400
     * error text when the model content before it does not carry this simulator's signature on its first
     * {@code functionCall} part, else null.
     */
    static String missingSignature(JsonNode request) {
        JsonNode contents = request.path("contents");
        boolean responses = false;
        for (JsonNode part : contents.path(contents.size() - 1).path("parts")) {
            responses |= part.has("functionResponse");
        }
        if (!responses) {
            return null;
        }
        int at = contents.size() - 2;
        JsonNode parts = contents.path(at).path("parts");
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).has("functionCall")) {
                if (parts.get(i).path("thoughtSignature").asText().startsWith(SIGNATURE_PREFIX)) {
                    return null;
                }
                return "contents[" + at + "].parts[" + i + "]: function call "
                        + parts.get(i).path("functionCall").path("name").asText() + " is missing its thought_signature";
            }
        }
        return "contents[" + at + "] has no function call before the function responses";
    }

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

    /** The first allowed function, or null when the request names none. */
    private static String named(JsonNode request) {
        JsonNode allowed =
                request.path("toolConfig").path("functionCallingConfig").path("allowedFunctionNames");
        return allowed.path(0).isTextual() ? allowed.get(0).asText() : null;
    }

    /** The request's function declarations with their schema ({@code parametersJsonSchema} or {@code parameters}). */
    private static List<SimulatedToolCalls.Declared> declared(JsonNode request) {
        List<SimulatedToolCalls.Declared> out = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            for (JsonNode d : tool.path("functionDeclarations")) {
                JsonNode schema = d.has("parametersJsonSchema") ? d.get("parametersJsonSchema") : d.path("parameters");
                out.add(new SimulatedToolCalls.Declared(d.path("name").asText(), schema));
            }
        }
        return out;
    }

    /** Streams the script's calls for {@code request}, which arrived at {@code t0}. */
    static void stream(
            StreamingSimulator simulator,
            Exchange exchange,
            JsonNode request,
            long t0,
            int inputTokens,
            SimulatedToolCalls script,
            boolean thinking)
            throws IOException {
        SimulatorConfig config = simulator.config();
        exchange.startStream("text/event-stream", "Cache-Control: no-cache");
        exchange.flush();
        long base = t0 + config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        List<SimulatedToolCalls.Planned> plan = script.plan(declared(request), named(request));
        int last = plan.size() - 1;
        int events = SimulatedToolCalls.events(plan);
        for (int c = 0; c <= last; c++) {
            SimulatedToolCalls.Planned call = plan.get(c);
            ObjectNode data = JSON.createObjectNode();
            ObjectNode candidate = data.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content");
            ObjectNode part = content.putArray("parts").addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", call.name());
            JsonNode args = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
            functionCall.set("args", args);
            if (thinking && c == 0) {
                part.put("thoughtSignature", SIGNATURE_PREFIX + simulator.nextId());
            }
            content.put("role", "model");
            if (c == last) {
                candidate.put("finishReason", "STOP");
            }
            candidate.put("index", 0);
            if (c == last) {
                data.putObject("usageMetadata")
                        .put("promptTokenCount", inputTokens)
                        .put("candidatesTokenCount", events)
                        .put("totalTokenCount", inputTokens + events);
            }
            data.put("modelVersion", config.model());
            byte[] event = ReasoningStreams.sse(null, data);
            StreamingSimulator.waitUntil(base + (long) call.last() * gap);
            if (c == last) {
                exchange.writeLastChunk(event);
            } else {
                exchange.writeChunk(event);
            }
        }
    }
}
