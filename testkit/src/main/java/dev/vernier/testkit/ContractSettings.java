package dev.vernier.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link ProviderContract} asks a provider factory for: a provider pointed at the test server,
 * with a fake key and transport options that keep the tests fast.
 *
 * @param serverUrl         the test server's root, e.g. {@code http://127.0.0.1:51234}, no trailing
 *                          slash; add the API's own prefix (e.g. {@code /v1}) when the base URL needs it
 * @param apiKey            the fake key to configure (through the provider's real key mechanism, so it
 *                          is registered for redaction); it must never appear in a failure message
 * @param firstTokenTimeout the first-token limit to configure
 * @param maxRetries        retries to allow after a retryable failure
 * @param retryBackoff      the first backoff step (small, so retry tests stay fast)
 * @param streaming         false to ask the provider for one non-streamed response (only for providers
 *                          that offer that mode; see {@link ProviderContract#nonStreamingResponse()})
 */
public record ContractSettings(
        String serverUrl,
        String apiKey,
        Duration firstTokenTimeout,
        int maxRetries,
        Duration retryBackoff,
        boolean streaming) {

    public ContractSettings {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    public ContractSettings withFirstTokenTimeout(Duration value) {
        return new ContractSettings(serverUrl, apiKey, value, maxRetries, retryBackoff, streaming);
    }

    public ContractSettings withServerUrl(String value) {
        return new ContractSettings(value, apiKey, firstTokenTimeout, maxRetries, retryBackoff, streaming);
    }

    public ContractSettings withStreaming(boolean value) {
        return new ContractSettings(serverUrl, apiKey, firstTokenTimeout, maxRetries, retryBackoff, value);
    }
}
