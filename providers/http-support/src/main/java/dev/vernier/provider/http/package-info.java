/**
 * Shared plumbing of Vernier's HTTP providers (OpenAI-compatible, Ollama, Anthropic, Gemini, ...).
 *
 * <p>A provider built on it supplies only its dialect:
 * <ol>
 *   <li>options: {@link dev.vernier.provider.http.ApiKeySource} for the key,
 *       {@link dev.vernier.provider.http.RetryPolicy} and
 *       {@link dev.vernier.provider.http.StreamSettings} for the transport;</li>
 *   <li>one {@link dev.vernier.provider.http.StreamingHttp} per provider, with its
 *       {@link dev.vernier.provider.http.HttpFailures} (label, host, how to fix a refused key);</li>
 *   <li>per request, a {@link java.net.http.HttpRequest} and a
 *       {@link dev.vernier.provider.http.StreamDecoder} (usually a subclass of
 *       {@link dev.vernier.provider.http.SseDecoder} or {@link dev.vernier.provider.http.NdjsonDecoder})
 *       that turns lines into content chunks and a {@link dev.vernier.provider.http.StreamEnd}.</li>
 * </ol>
 * Everything else — no thread per stream, first-token timeout, cancellation, status and transport
 * errors as {@link dev.vernier.core.api.Failure}s with secrets redacted, retries before content with
 * backoff and Retry-After, attempt counting — is done here once. The testkit's
 * {@code ProviderContract} checks all of it for every provider.
 */
package dev.vernier.provider.http;
