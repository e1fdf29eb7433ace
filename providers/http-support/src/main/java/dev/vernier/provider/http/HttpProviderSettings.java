package dev.vernier.provider.http;

import java.net.URI;

/**
 * What the parsed options of every HTTP provider have in common: the model it asks for and the
 * {@link TransportOptions} (base URL, timeouts, retries) its {@link StreamingHttp} is built from.
 * A vendor's settings record implements this and adds only its own options (a key hint, an access
 * mode, ...). Settings never hold the key itself.
 */
public interface HttpProviderSettings {

    /** The model name sent in every request, e.g. {@code gpt-4.1-mini}. */
    String model();

    /** Base URL, timeouts and retries, as read by {@link TransportOptions#parse}. */
    TransportOptions transport();

    /** The API root without a trailing slash ({@code transport().baseUrl()}). */
    default URI baseUrl() {
        return transport().baseUrl();
    }
}
