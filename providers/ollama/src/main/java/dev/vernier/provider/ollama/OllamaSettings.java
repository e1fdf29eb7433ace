package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.DataDestination;
import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.StreamSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The parsed options of one {@code type: ollama} provider entry. Holds no key: a key (for an Ollama
 * behind an authenticating proxy) is read by the factory and handed to the provider only.
 *
 * @param model             model name as Ollama knows it, e.g. {@code llama3.2:1b}
 * @param baseUrl           server root without a trailing slash, e.g. {@code http://localhost:11434}
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first content chunk (includes a cold
 *                          model load); zero disables it
 * @param maxRetries        retries after a retryable status (429, 5xx) before any content arrived
 * @param retryBackoff      backoff step of the first retry (doubled for each further one, jittered)
 * @param keepAlive         Ollama's {@code keep_alive} as given (a duration string such as {@code "10m"}
 *                          or a number of seconds), or null to leave the server's default
 * @param numCtx            {@code options.num_ctx}, or null to leave the model's default
 * @param openWeights       whether the model's weights are open (Ollama serves open models; default true)
 * @param licence           the model's licence when configured, else null
 * @param apiKeyEnv         the variable a key was asked from ({@code api_key_env}), or null when none
 */
public record OllamaSettings(
        String model, URI baseUrl, Duration connectTimeout, Duration firstTokenTimeout, int maxRetries,
        Duration retryBackoff, JsonNode keepAlive, Integer numCtx, boolean openWeights, String licence,
        String apiKeyEnv) {

    public OllamaSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    /** The transport settings for the shared streaming client. */
    public StreamSettings transport() {
        return new StreamSettings(baseUrl, connectTimeout, firstTokenTimeout,
                RetryPolicy.standard(maxRetries).withBaseDelay(retryBackoff));
    }

    /** {@code <base_url>/api/chat}. */
    public URI chatUri() {
        return URI.create(baseUrl + "/api/chat");
    }

    /** {@code <base_url>/api/tags}: the models pulled on the server. */
    public URI tagsUri() {
        return URI.create(baseUrl + "/api/tags");
    }

    /** {@link DataDestination#THIS_MACHINE} for a loopback host, else {@link DataDestination#OWN_SERVER}. */
    public DataDestination dataGoes() {
        return isLoopback(baseUrl.getHost()) ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
    }

    static boolean isLoopback(String host) {
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
