package dev.vernier.provider.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Vernier's request into a langchain4j {@link ChatRequest}, and a {@link ChatResponse} back into counts. */
final class Conversions {

    private Conversions() {}

    /**
     * The request's messages as langchain4j's ({@link SystemMessage}, {@link UserMessage},
     * {@link AiMessage}), with the request's temperature and
     * maximum output tokens; the seed too when the model's parameters have one (OpenAI, Ollama). The
     * model's own defaults (model name, anything else set on its builder) stay as they are.
     *
     * @param defaults the model's {@code defaultRequestParameters()}, which decide the parameter type
     */
    static ChatRequest chatRequest(GenerationRequest request, ChatRequestParameters defaults) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (Message m : request.messages()) {
            messages.add(
                    switch (m.role()) {
                        case SYSTEM -> SystemMessage.from(m.content());
                        case USER -> UserMessage.from(m.content());
                        case ASSISTANT ->
                            m.callsTools() ? AiMessage.from(m.content(), toolRequests(m)) : AiMessage.from(m.content());
                        case TOOL -> ToolExecutionResultMessage.from(m.toolCallId(), m.toolName(), m.content());
                    });
        }
        return ChatRequest.builder()
                .messages(messages)
                .parameters(parameters(request, defaults))
                .build();
    }

    private static List<ToolExecutionRequest> toolRequests(Message m) {
        List<ToolExecutionRequest> out = new ArrayList<>();
        for (ToolCall c : m.toolCalls()) {
            out.add(ToolExecutionRequest.builder()
                    .id(c.id())
                    .name(c.name())
                    .arguments(c.arguments())
                    .build());
        }
        return out;
    }

    private static ChatRequestParameters parameters(GenerationRequest request, ChatRequestParameters defaults) {
        Integer seed = request.seed() == null
                ? null
                : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, request.seed()));
        if (defaults instanceof OpenAiChatRequestParameters) {
            return OpenAiChatRequestParameters.builder()
                    .temperature(request.temperature())
                    .maxOutputTokens(request.maxTokens())
                    .seed(seed)
                    .build();
        }
        if (defaults instanceof OllamaChatRequestParameters) {
            return OllamaChatRequestParameters.builder()
                    .temperature(request.temperature())
                    .maxOutputTokens(request.maxTokens())
                    .seed(seed)
                    .build();
        }
        return DefaultChatRequestParameters.builder()
                .temperature(request.temperature())
                .maxOutputTokens(request.maxTokens())
                .build();
    }

    /**
     * Token counts from the response's usage, each with {@code source}; cached prompt and reasoning
     * tokens where langchain4j keeps them (OpenAI). An output count langchain4j does not have is the
     * number of streamed chunks (content and reasoning), marked as an estimate.
     */
    static TokenCounts tokens(ChatResponse response, CountSource source, int contentChunks) {
        TokenUsage usage = response == null ? null : response.tokenUsage();
        long input = usage == null ? -1 : count(usage.inputTokenCount());
        long output = usage == null ? -1 : count(usage.outputTokenCount());
        long cached = -1;
        long reasoning = -1;
        if (usage instanceof OpenAiTokenUsage openAi) {
            cached = openAi.inputTokensDetails() == null
                    ? -1
                    : count(openAi.inputTokensDetails().cachedTokens());
            reasoning = openAi.outputTokensDetails() == null
                    ? -1
                    : count(openAi.outputTokensDetails().reasoningTokens());
        }
        CountSource outputSource = source;
        if (output < 0) {
            output = contentChunks;
            outputSource = CountSource.CHUNK_COUNT;
        }
        return new TokenCounts(
                input, output, cached, reasoning, input >= 0 ? source : CountSource.UNKNOWN, outputSource);
    }

    /**
     * The counts with the visible reasoning when reasoning streamed: what langchain4j hands over as
     * thinking is the model's whole reasoning (OpenAI-compatible {@code reasoning_content}, Ollama's
     * {@code thinking}), so its size is the usage's reasoning count when there is one, else one token
     * per streamed partial ({@code CHUNK_COUNT}); unknown when it came whole and uncounted.
     */
    static TokenCounts withReasoning(TokenCounts tokens, int reasoningChunks, boolean streamed) {
        if (reasoningChunks == 0) {
            return tokens;
        }
        if (tokens.reasoning() >= 0) {
            return tokens.withVisibleReasoning(tokens.reasoning(), tokens.outputSource());
        }
        return streamed ? tokens.withVisibleReasoning(reasoningChunks, CountSource.CHUNK_COUNT) : tokens;
    }

    /** Counts of a failed attempt: its content chunks, as an estimate of the output. */
    static TokenCounts chunksOnly(int contentChunks) {
        return new TokenCounts(-1, contentChunks, -1, -1, CountSource.UNKNOWN, CountSource.CHUNK_COUNT);
    }

    private static long count(Integer value) {
        return value == null || value < 0 ? -1 : value;
    }

    /** langchain4j's finish reason as Vernier's; null when langchain4j has none. */
    static FinishReason finishReason(dev.langchain4j.model.output.FinishReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case TOOL_EXECUTION -> FinishReason.TOOL_CALL;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case OTHER -> FinishReason.UNKNOWN;
        };
    }
}
