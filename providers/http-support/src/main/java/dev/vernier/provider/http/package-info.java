/**
 * Shared plumbing of Vernier's HTTP providers (OpenAI-compatible, Ollama, Anthropic, Gemini, ...).
 *
 * <p>A provider built on it extends {@link dev.vernier.provider.http.HttpProvider} (id, settings,
 * key, one {@link dev.vernier.provider.http.StreamingHttp}; a missing required key fails requests as
 * unavailable without sending them) and its factory extends
 * {@link dev.vernier.provider.http.HttpProviderFactory} (type, option keys, validation, creation), and
 * supplies only its dialect:
 * <ol>
 *   <li>options: {@link dev.vernier.provider.http.HttpProviderSettings} around the shared
 *       {@link dev.vernier.provider.http.TransportOptions}, {@link dev.vernier.provider.http.ApiKeySource}
 *       for the key;</li>
 *   <li>its {@link dev.vernier.provider.http.HttpFailures} (label, host, how to fix a refused key);</li>
 *   <li>the URL and headers of its requests, prepared once as a
 *       {@link dev.vernier.provider.http.StreamingHttp.Target}, and per request the JSON body and a
 *       {@link dev.vernier.provider.http.StreamDecoder} (usually a subclass of
 *       {@link dev.vernier.provider.http.SseDecoder} or {@link dev.vernier.provider.http.NdjsonDecoder})
 *       that turns lines into content chunks and a {@link dev.vernier.provider.http.StreamEnd}.</li>
 * </ol>
 * Everything else — no thread per stream, first-token timeout, cancellation (both checked by one
 * sweep every 50 ms), status and transport
 * errors as {@link dev.vernier.core.api.Failure}s with secrets redacted, retries before content with
 * backoff and Retry-After, attempt counting — is done here once. The testkit's
 * {@code ProviderContract} checks all of it for every provider.
 *
 * <h2>The transport</h2>
 * Every provider, {@code http://} and {@code https://} alike, streams through one Netty 4.2
 * transport ({@code Transport}), so open and proprietary models are timed on the same clock path
 * (docs/transport.md has the options, the phases and the measurements):
 * <ul>
 *   <li>one event-loop thread per {@link dev.vernier.provider.http.StreamingHttp} (epoll on Linux,
 *       else NIO) connects, writes, reads and decodes; the attempts, the decoders, the sink's calls
 *       and the 50 ms sweep all run there, so nothing on the path from a read to a timestamp takes a
 *       lock; the caller's future is completed on another thread, so what the harness does with a
 *       finished request never delays another stream's timestamps;</li>
 *   <li>a keep-alive pool per route (scheme, host, port, proxy) with an optional per-host cap
 *       ({@code max_connections_per_host}: requests then wait, and the wait is reported) and an idle
 *       timeout ({@code idle_timeout_ms}); a request whose pooled connection the server had closed
 *       (no byte of an answer came) is sent once more on a fresh connection as the same attempt;</li>
 *   <li>TLS through the JDK's {@code SSLEngine} with the system trust store plus {@code ca_file},
 *       host names verified, the handshake's delegated tasks on a thread of their own;</li>
 *   <li>HTTP proxies from {@code proxy} or {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}
 *       ({@link dev.vernier.provider.http.ProxyRules}): {@code CONNECT} tunnels for https,
 *       absolute-form requests for http;</li>
 *   <li>per attempt the sink hears how the connection was obtained
 *       ({@link dev.vernier.core.api.TokenSink#connection}: wait, DNS, TCP connect, TLS, reused),
 *       then {@link dev.vernier.core.api.TokenSink#requestWriting} just before the request's first
 *       byte is written (t_send) and {@link dev.vernier.core.api.TokenSink#requestWritten} when the
 *       write completed.</li>
 * </ul>
 * Netty's HTTP/1.1 decoder reads the responses; 2xx bodies are split into lines with one reusable
 * buffer straight from its buffers (copied at most into one reused array), lines possibly spanning
 * reads and chunks, and reach the decoder as bytes ({@link
 * dev.vernier.provider.http.StreamDecoder#onLine(byte[], int, int, StreamControl)}; SSE data payloads
 * are read in place with {@link dev.vernier.provider.http.JsonCursor} by the OpenAI dialect). Requests
 * are written as bytes encoded once per target ({@code RequestHead}), only the body per request.
 *
 * <p>{@link dev.vernier.provider.http.HttpWarmup} is the harness warm-up of this module: it exercises
 * the transport and the SSE/NDJSON decoders against an in-process loopback server (http and https)
 * for a bounded time, so that a cold JVM measures like a warm one.
 */
package dev.vernier.provider.http;
