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

    public WarmupAnswer {
        Objects.requireNonNull(contentType, "contentType");
        writes = List.copyOf(writes);
    }
}
