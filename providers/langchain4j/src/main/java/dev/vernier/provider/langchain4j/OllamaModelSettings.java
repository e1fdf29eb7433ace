package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.DataDestination;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.util.Objects;

/**
 * The parsed options of one {@code type: langchain4j-ollama} entry; the native {@code ollama} type's
 * options that langchain4j-ollama can express ({@code keep_alive} it cannot). Holds no key.
 *
 * @param model       model name as Ollama knows it, e.g. {@code llama3.2:1b}
 * @param transport   server root, connect and first-token limits, retries
 * @param numCtx      {@code options.num_ctx}, or null for the model's default
 * @param openWeights whether the model's weights are open (default true)
 * @param licence     the model's licence when configured, else null
 * @param apiKeyEnv   the variable a proxy's key was asked from, or null
 * @param stream      true for {@code OllamaStreamingChatModel}, false for {@code OllamaChatModel}
 */
record OllamaModelSettings(
        String model,
        TransportOptions transport,
        Integer numCtx,
        boolean openWeights,
        String licence,
        String apiKeyEnv,
        boolean stream)
        implements HttpProviderSettings {

    OllamaModelSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
    }

    DataDestination dataGoes() {
        return onThisMachine() ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
    }
}
