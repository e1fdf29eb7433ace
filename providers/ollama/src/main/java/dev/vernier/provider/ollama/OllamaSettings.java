package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Reasoning;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.util.Objects;

/**
 * The parsed options of one {@code type: ollama} provider entry. Holds no key: a key (for an Ollama
 * behind an authenticating proxy) is read by the factory and handed to the provider only.
 *
 * @param model       model name as Ollama knows it, e.g. {@code llama3.2:1b}
 * @param transport   server root (e.g. {@code http://localhost:11434}), timeouts (the first-token limit
 *                    includes a cold model load) and retries (after a 429 or 5xx, before any content)
 * @param keepAlive   Ollama's {@code keep_alive} as given (a duration string such as {@code "10m"} or a
 *                    number of seconds), or null to leave the server's default
 * @param numCtx      {@code options.num_ctx}, or null to leave the model's default
 * @param openWeights whether the model's weights are open (Ollama serves open models; default true)
 * @param licence     the model's licence when configured, else null
 * @param apiKeyEnv   the variable a key was asked from ({@code api_key_env}), or null when none
 * @param reasoning   the entry's {@code reasoning:} settings ({@code think}), null for none
 */
public record OllamaSettings(
        String model,
        TransportOptions transport,
        JsonNode keepAlive,
        Integer numCtx,
        boolean openWeights,
        String licence,
        String apiKeyEnv,
        Reasoning reasoning)
        implements HttpProviderSettings {

    public OllamaSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
    }

    /** {@code <base_url>/api/chat}. */
    public URI chatUri() {
        return URI.create(baseUrl() + "/api/chat");
    }

    /** {@code <base_url>/api/tags}: the models pulled on the server. */
    public URI tagsUri() {
        return URI.create(baseUrl() + "/api/tags");
    }

    /** {@link DataDestination#THIS_MACHINE} for a loopback host, else {@link DataDestination#OWN_SERVER}. */
    public DataDestination dataGoes() {
        return onThisMachine() ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
    }
}
