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
 * <h2>Why plain HTTP has its own client</h2>
 * {@code https://} APIs go through the JDK's {@link java.net.http.HttpClient} (TLS, HTTP/2).
 * {@code http://} servers — the self-hosted case: Ollama, vLLM, llama.cpp's server, the testkit
 * simulator — are spoken to by a small HTTP/1.1 client of our own ({@code Http1Client}), because
 * the JDK client's overhead lands inside the latencies Vernier measures. On a 2-core VM it took
 * about 1.2 ms from {@code sendAsync} until a request reached a loopback server (a blocking socket:
 * 0.04 ms) and about 1.2 ms of CPU per streamed request; with it, the OpenAI timing test
 * (simulated TTFT 200 ms, 20 ms gaps, concurrency 8) measured median TTFTs of 203 to 205.2 ms. With
 * the own client the same test measures 200.9 to 201.5 ms (median TPOT 20.00 to 20.01 ms).
 *
 * <p>Its design: one daemon selector thread per {@link dev.vernier.provider.http.StreamingHttp}
 * does all non-blocking connecting and reading; a request on an idle pooled connection is written
 * straight from the calling thread, so it is on the wire before {@code stream} returns (partial
 * writes and new connections are handed to the selector); connections use TCP_NODELAY and are kept
 * alive, pooled per {@code host:port}, reused only after their previous response was read to the
 * end and dropped on any error; a request whose reused connection the server had closed is sent
 * once more on a fresh one. Responses are parsed incrementally (Content-Length, chunked, or until
 * close) and 2xx bodies split into lines with one reusable byte buffer, lines possibly spanning
 * reads and chunks; the lines reach the decoder as bytes ({@link
 * dev.vernier.provider.http.StreamDecoder#onLine(byte[], int, int, StreamControl)}; SSE data
 * payloads are read in place with {@link dev.vernier.provider.http.JsonCursor} by the OpenAI
 * dialect), and otherwise take the same path as the JDK client's lines, so timeouts, cancellation,
 * retries and failure kinds are the same. A request whose body publisher does not
 * hand over its bytes at once still goes through the JDK client; the system property
 * {@code vernier.http.jdk-only=true} sends everything there.
 */
package dev.vernier.provider.http;
