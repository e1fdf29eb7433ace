package dev.vernier.testkit;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;

/**
 * OpenAI Chat Completions streams as the API documents them, for {@link ProviderContract} subclasses
 * of every client of that protocol (the native one, one through a library): server-sent events of
 * {@code chat.completion.chunk} objects, a usage chunk and {@code [DONE]}.
 */
public final class ChatCompletionsWire {

    /** The request path under a {@code base_url} ending in {@code /v1}. */
    public static final String PATH = "/v1/chat/completions";

    private ChatCompletionsWire() {}

    /** One {@code data:} event with the content (null: none) and finish reason (null: {@code null}). */
    public static String chunk(String content, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{" + (content == null ? "" : "\"content\":\"" + content + "\"")
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    /**
     * "Hello" and " world", finish reason stop, then usage (5 prompt tokens of which 3 cached, 2
     * completion tokens of which 1 reasoning) and {@code [DONE]}.
     */
    public static String goodStream() {
        return chunk("Hello", null) + chunk(" world", null) + chunk(null, "stop")
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n"
                + "data: [DONE]\n\n";
    }

    /** The contract's dialect: {@link #goodStream()}, a chunk cut mid-JSON after "fine", a stream that just stops. */
    public static WireDialect dialect() {
        return new WireDialect(
                PATH,
                "text/event-stream",
                new WireDialect.Expected(
                        goodStream(), "Hello world", FinishReason.STOP, 5, 2, CountSource.SERVER_USAGE),
                chunk("fine", null) + "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"bro\n\n"
                        + chunk(null, "stop") + "data: [DONE]\n\n",
                "fine",
                chunk("half", null) + chunk(" an answer", null),
                "half an answer");
    }
}
