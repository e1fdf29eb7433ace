package dev.vernier.testkit;

/**
 * One way a {@link FaultServer} can misbehave when answering a chat request. Each fault is described
 * by what goes on the wire; what the client should make of it is the tests' business.
 */
public enum Fault {
    /** A complete, well-formed stream: the control case. */
    NONE,
    /**
     * The server goes away: on the first chat request it closes its listening socket and resets every
     * open connection (that one included), so every later connection attempt is refused. Probes sent
     * before (GET) are answered normally with {@code Connection: close}.
     */
    REFUSED,
    /** The request is read, then the connection is reset (RST) before any byte of a response. */
    RESET_BEFORE_RESPONSE,
    /** A 200 stream with its opening events and two content events, then a reset (RST). */
    RESET_MID_STREAM,
    /**
     * Content events, then the body ends cleanly (last chunk) and the connection closes, without the
     * dialect's finish reason or end marker.
     */
    CLOSE_WITHOUT_END,
    /** One content event, then an event whose JSON is cut off, then the normal rest of the stream. */
    MALFORMED_CHUNK,
    /** 429 with {@code retry-after-ms: 150} and {@code Retry-After: 1} (see {@link FaultPlan#firstAttempt}). */
    RATE_LIMITED_SHORT,
    /** 429 with {@code Retry-After: 30}, longer than any request timeout the tests use. */
    RATE_LIMITED_LONG,
    /** 500 with the dialect's error body. */
    SERVER_ERROR,
    /** The opening events and the first content event, then nothing until the client goes away. */
    STALL_AFTER_FIRST_TOKEN,
    /** The request is read and never answered; the connection stays open until the client goes away. */
    SILENT_AFTER_ACCEPT,
    /**
     * A normal stream whose first content event is one line of more than {@link FaultServer#HUGE_LINE_BYTES}
     * bytes: the content event carries an extra unknown member padded to that size (the text stays short).
     */
    HUGE_LINE,
    /**
     * A normal stream with multi-byte UTF-8 text ({@link FaultServer#MULTIBYTE_TOKENS}), written one byte per
     * HTTP chunk and socket write, with a short pause inside every multi-byte sequence so the client
     * reads the sequence in pieces.
     */
    BYTE_AT_A_TIME,
    /**
     * The two UTF-16 halves of U+1F600 in two consecutive content events: JSON {@code "\ud83d"} in one and
     * {@code "\ude00"} in the next. Joined, the text is valid.
     */
    SPLIT_SURROGATES,
    /** A content event whose text is the JSON escape {@code \ud83d} alone: a high surrogate with no low half. */
    UNPAIRED_SURROGATE,
    /** A content event whose text carries the JSON escape {@code \u0000} (a NUL character). */
    NUL_IN_CONTENT,
    /**
     * The API key the request carried (from {@code Authorization: Bearer}, {@code x-api-key},
     * {@code x-goog-api-key} or {@code ?key=}) streamed back in the content: whole in one event, then
     * split across two events.
     */
    ECHO_KEY
}
