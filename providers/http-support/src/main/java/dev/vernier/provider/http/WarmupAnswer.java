package dev.vernier.provider.http;

import java.util.List;
import java.util.Objects;

/**
 * What a provider's server streams for a short answer, for the harness warm-up's loopback server
 * ({@link HttpWarmup}): the response's content type and its body as the separate writes the server
 * makes, each written and flushed on its own (one event or line each), so that the provider's own
 * decoder reads them apart as it does from the real server. It must decode, through the provider's
 * own decoder, as a successful answer with as many content chunks as it was asked for.
 *
 * @param contentType e.g. {@code text/event-stream}
 * @param writes      the body, in order
 */
public record WarmupAnswer(String contentType, List<String> writes) {

    /**
     * Text pieces of 1 to 12 bytes, as a model's tokens come (plain JSON-safe ASCII): answers made of them
     * give the client's line scanning lines of many lengths, so that it has met every remainder of its
     * 8-byte steps before the first measured request.
     */
    private static final List<String> PIECES = List.of(
            "Warm",
            " up",
            ",",
            " the",
            " harness",
            " streams",
            " a",
            " loopback",
            " answer",
            " of",
            " varied",
            " length",
            ":",
            " 1",
            " to",
            " 12",
            " bytes",
            ".",
            " Nothing",
            " here",
            " is",
            " measured",
            "!",
            " transport",
            " decoder");

    public WarmupAnswer {
        Objects.requireNonNull(contentType, "contentType");
        writes = List.copyOf(writes);
    }

    /** The text of content chunk {@code t} of a warm-up answer (pieces of varied length, in turn). */
    public static String piece(int t) {
        return PIECES.get(Math.floorMod(t, PIECES.size()));
    }
}
