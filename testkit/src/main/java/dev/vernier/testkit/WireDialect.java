package dev.vernier.testkit;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import java.util.Objects;

/**
 * How one provider's API looks on the wire, for {@link ProviderContract}: where requests go and
 * three streamed bodies in the API's documented format.
 *
 * @param path            the request path the provider posts to, without query (e.g.
 *                        {@code /v1/chat/completions}, {@code /api/chat}, {@code /v1/messages})
 * @param contentType     the streamed body's content type ({@code text/event-stream},
 *                        {@code application/x-ndjson})
 * @param success         a complete, well-formed stream and what it must yield
 * @param malformedBody   a stream with at least one good content chunk, then a chunk that cannot be
 *                        parsed (e.g. truncated JSON), then whatever would normally follow
 * @param textBeforeBreak the text of the good chunks before the malformed one
 * @param unfinishedBody  a stream of content chunks that simply ends: no finish reason, no end marker
 * @param unfinishedText  the text of those chunks
 */
public record WireDialect(
        String path,
        String contentType,
        Expected success,
        String malformedBody,
        String textBeforeBreak,
        String unfinishedBody,
        String unfinishedText) {

    public WireDialect {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(success, "success");
        Objects.requireNonNull(malformedBody, "malformedBody");
        Objects.requireNonNull(textBeforeBreak, "textBeforeBreak");
        Objects.requireNonNull(unfinishedBody, "unfinishedBody");
        Objects.requireNonNull(unfinishedText, "unfinishedText");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was " + path);
        }
    }

    /**
     * A successful stream and what the provider must make of it.
     *
     * @param body         the body, byte for byte as the API sends it; at least two content chunks
     * @param text         the streamed text, all chunks joined
     * @param finishReason the finish reason the body states
     * @param inputTokens  input tokens the body reports
     * @param outputTokens output tokens the body reports
     * @param usageSource  the source the provider must give those counts
     */
    public record Expected(
            String body,
            String text,
            FinishReason finishReason,
            long inputTokens,
            long outputTokens,
            CountSource usageSource) {
        public Expected {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(usageSource, "usageSource");
        }
    }
}
