package dev.vernier.provider.http;

import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A minimal OpenAI-style chat dialect for the transport's tests. */
final class Chat {

    private Chat() {}

    /** OpenAI chunks: the delta's content as one content chunk; {@code [DONE]} ends the stream. */
    static final class Sse extends SseDecoder {
        @Override
        protected void onData(String payload, StreamControl control) {
            var choices = Json.object(payload).path("choices");
            if (choices.size() > 0) {
                String text = choices.get(0).path("delta").path("content").asText("");
                control.content(text, 1);
            }
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            return control.isDone()
                    ? StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN)
                    : StreamEnd.failed(control.failures().malformed("no [DONE]"));
        }
    }

    /** A streamed chat request body asking for {@code tokens} tokens. */
    static byte[] body(int tokens) {
        return ("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"max_tokens\":" + tokens + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Settings for {@code baseUrl}: 2 s connect limit, 5 s first-token limit, no retries. */
    static StreamSettings settings(String baseUrl, ConnectionOptions connections) {
        return new StreamSettings(
                URI.create(baseUrl),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                RetryPolicy.standard(0),
                connections);
    }

    static StreamingHttp client(String baseUrl, ConnectionOptions connections) {
        return new StreamingHttp(settings(baseUrl, connections), HttpFailures.of("test", URI.create(baseUrl), ""));
    }

    /** The chat completions target of an OpenAI base URL. */
    static StreamingHttp.Target target(StreamingHttp http, String baseUrl) {
        return http.target(
                URI.create(baseUrl + "/chat/completions"),
                Map.of("Content-Type", "application/json", "Accept", "text/event-stream"));
    }
}
