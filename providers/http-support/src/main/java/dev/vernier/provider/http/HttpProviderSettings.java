package dev.vernier.provider.http;

import java.net.URI;
import java.util.Locale;

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

    /**
     * Whether the base URL names this machine ({@link #isLoopbackHost}): a self-hosted server there
     * keeps prompts on this machine; anywhere else they go to a server of the user's own.
     */
    default boolean onThisMachine() {
        return isLoopbackHost(baseUrl().getHost());
    }

    /**
     * {@code localhost}, any {@code 127.x.x.x}, or IPv6 {@code ::1} in its short or long form, with
     * or without brackets; case-insensitive. Names are not resolved.
     */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
