package dev.vernier.provider.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.RefusedParameters;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamingHttp;
import dev.vernier.provider.http.WarmupAnswer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Streams Anthropic's Messages API. The transport (no thread per stream, first-token timeout,
 * retries, failure mapping) is {@link StreamingHttp}; this class knows only the request and its
 * headers, and {@link MessageEventDecoder} knows the event stream. Id, key guard and closing are
 * {@link HttpProvider}'s.
 */
public final class AnthropicProvider extends HttpProvider<AnthropicSettings> {

    /** What to change when the API refuses a thinking parameter this provider sends. */
    private static final RefusedParameters REFUSED = RefusedParameters.none()
            .with(
                    "budget_tokens",
                    "change 'reasoning.budget_tokens' (at least 1024 and below defaults.max_tokens) or remove"
                            + " 'reasoning' from this provider")
            .with(
                    "adaptive",
                    "this model has no adaptive thinking: use 'reasoning.budget_tokens' instead of"
                            + " 'reasoning.effort'")
            .with("effort", "remove 'reasoning.effort' from this provider, or use 'reasoning.budget_tokens'")
            .with("display", "remove 'reasoning.visible' from this provider")
            .with("temperature", "remove 'reasoning' from this provider, or set the suite's temperature to 1")
            .with("thinking", "remove 'reasoning' from this provider (the model does not think)");

    /** What to change when the API refuses structured output for the model. */
    private static final RefusedParameters NO_STRUCTURED_OUTPUT = RefusedParameters.none()
            .with(
                    "output_config",
                    "use a model with structured outputs (Claude Sonnet 4.5, Opus 4.5, Haiku 4.5 or later), fit the"
                            + " schema to the subset the API supports, or add 'response_format: none' to this provider")
            .with(
                    "json_schema",
                    "fit the schema to the subset the API supports (objects need 'additionalProperties: false'),"
                            + " or add 'response_format: none' to this provider");

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found (the provider is then unavailable)
     */
    public AnthropicProvider(String id, AnthropicSettings settings, String apiKey) {
        super(
                id,
                settings,
                apiKey,
                s -> HttpFailures.of(AnthropicProviderFactory.TYPE, s.baseUrl(), "check the key: " + s.keyHint()));
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.PROPRIETARY_API;
    }

    @Override
    public ModelFacts describe() {
        return ModelFacts.vendorApi(
                settings.model(),
                "Anthropic Messages API at " + settings.baseUrl() + " (anthropic-version "
                        + AnthropicSettings.API_VERSION
                        + "); token counts from the stream's usage; input includes cache reads and writes");
    }

    /** The Messages API needs a key. */
    @Override
    protected String requiredKeyHint() {
        return settings.keyHint();
    }

    @Override
    protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
        CompletionStage<Completion> sent = http.stream(target(), requestBody(request), MessageEventDecoder::new, sink);
        if (request.responseSchema() != null) {
            sent = sent.thenApply(NO_STRUCTURED_OUTPUT::explain);
        }
        return settings.reasoning() != null ? sent.thenApply(REFUSED::explain) : sent;
    }

    /**
     * A Messages stream as the API sends it: {@code message_start}, one text block of one delta per
     * token, {@code message_delta} with the stop reason and usage, {@code message_stop}.
     */
    @Override
    protected WarmupAnswer warmupAnswer(int tokens) {
        List<String> writes = new ArrayList<>();
        writes.add(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_w\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"w\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n");
        writes.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int t = 0; t < tokens; t++) {
            writes.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + WarmupAnswer.piece(t) + "\"}}\n\n");
        }
        writes.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        writes.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + tokens + "}}\n\n");
        writes.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return new WarmupAnswer("text/event-stream", writes);
    }

    @Override
    protected URI sendUri() {
        return settings.messagesUri();
    }

    @Override
    protected Map<String, String> sendHeaders() {
        return Map.of(
                "content-type",
                "application/json",
                "accept",
                "text/event-stream",
                "anthropic-version",
                AnthropicSettings.API_VERSION,
                "x-api-key",
                apiKey);
    }

    /**
     * {@code {model, max_tokens, system?, messages:[{role:user|assistant, content}], tools?, tool_choice?,
     * temperature, stream:true}}: the system messages as the top-level {@code system}, the others as
     * {@link AnthropicTurns} (tool calls and results as content blocks), the tools as {@link #tools};
     * with thinking, {@code thinking} ({@code enabled} with {@code budget_tokens}, or {@code adaptive}),
     * {@code output_config.effort} for an effort, {@code thinking.display} for a visibility, and no
     * temperature. The Messages API has no seed parameter, so {@link GenerationRequest#seed()} is not sent.
     *
     * <p>A response schema goes in {@code output_config.format} ({@code {type: json_schema, schema}}):
     * the Messages API's own structured outputs, generally available for Claude Sonnet 4.5, Opus 4.5,
     * Haiku 4.5 and later. Chosen over a forced tool ({@code tool_choice} naming one tool whose
     * {@code input_schema} is the schema) because decoding is constrained to the schema, as it is on the
     * other vendors, and because the JSON answer streams as ordinary text deltas, timed like any answer;
     * a forced tool's input is not constrained and would measure something else. A model without it
     * answers 400, which the failure explains ({@link #NO_STRUCTURED_OUTPUT}).
     */
    byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", request.maxTokens());
        String system = request.systemText();
        if (system != null) {
            body.put("system", system);
        }
        body.set("messages", AnthropicTurns.of(request.turns()));
        if (request.tools() != null) {
            tools(body, request.tools());
        }
        Reasoning reasoning = settings.reasoning();
        if (settings.thinking()) {
            ObjectNode thinking = body.putObject("thinking");
            if (reasoning.budgetTokens() != null) {
                thinking.put("type", "enabled").put("budget_tokens", reasoning.budgetTokens());
            } else {
                thinking.put("type", "adaptive");
            }
            if (reasoning.visible() != null) {
                thinking.put("display", reasoning.visible() ? "summarized" : "omitted");
            }
            if (reasoning.effort() != null) {
                body.putObject("output_config").put("effort", reasoning.effort().word());
            }
        } else {
            if (settings.thinkingOff()) {
                body.putObject("thinking").put("type", "disabled");
            }
            body.put("temperature", request.temperature());
        }
        if (request.responseSchema() != null) {
            ObjectNode config = body.has("output_config")
                    ? (ObjectNode) body.get("output_config")
                    : body.putObject("output_config");
            config.putObject("format")
                    .put("type", "json_schema")
                    .putRawValue("schema", new RawValue(request.responseSchema().json()));
        }
        body.put("stream", true);
        return Json.bytes(body);
    }

    /**
     * {@code tools: [{name, description?, input_schema}]} (the parameters' JSON Schema as written) and
     * {@code tool_choice}: {@code {type: auto}}, {@code {type: any}} (required), {@code {type: none}},
     * or {@code {type: tool, name}}. With thinking on the API takes only {@code auto} and {@code none};
     * {@link AnthropicProviderFactory#validateTools} refuses the others before a run, and a request that
     * gets here anyway fails before it is sent.
     */
    private void tools(ObjectNode body, Tools tools) {
        ArrayNode declared = body.putArray("tools");
        for (ToolSpec spec : tools.specs()) {
            ObjectNode tool = declared.addObject().put("name", spec.name());
            if (!spec.description().isEmpty()) {
                tool.put("description", spec.description());
            }
            tool.putRawValue("input_schema", new RawValue(spec.parametersJson()));
        }
        ToolChoice choice = tools.choice();
        if (settings.thinking() && AnthropicProviderFactory.forcesACall(choice)) {
            throw new IllegalArgumentException(AnthropicProviderFactory.FORCED_WITH_THINKING);
        }
        ObjectNode toolChoice = body.putObject("tool_choice");
        switch (choice.mode()) {
            case AUTO -> toolChoice.put("type", "auto");
            case REQUIRED -> toolChoice.put("type", "any");
            case NONE -> toolChoice.put("type", "none");
            case NAMED -> toolChoice.put("type", "tool").put("name", choice.name());
        }
    }
}
