package dev.vernier.provider.http;

import java.nio.charset.StandardCharsets;

/**
 * Decodes one attempt's response body, line by line, into content chunks and an ending. One
 * instance per attempt (the client asks its supplier for a fresh one on every retry), so decoders
 * may keep state without locks: the client calls them serially, in line order.
 *
 * <p>Most providers extend {@link SseDecoder} (server-sent events) or {@link NdjsonDecoder}
 * (newline-delimited JSON) instead of implementing this directly.
 */
public interface StreamDecoder {

    /** One line of a 2xx body, without its terminator, in arrival order. */
    void onLine(String line, StreamControl control);

    /**
     * The same line as UTF-8 bytes, as the own HTTP/1.1 client reads it; the bytes are valid only
     * during the call. By default decoded and passed to {@link #onLine(String, StreamControl)};
     * dialects on the per-token hot path override it to parse in place.
     */
    default void onLine(byte[] bytes, int offset, int length, StreamControl control) {
        onLine(new String(bytes, offset, length, StandardCharsets.UTF_8), control);
    }

    /**
     * The body ended (or the grace after {@link StreamControl#done()} ran out) and the attempt has not
     * failed: report how it ended. A stream without its expected end marker should be reported as
     * {@link HttpFailures#malformed}, an empty one as {@link HttpFailures#emptyBody()}.
     */
    StreamEnd onEnd(StreamControl control);
}
