/**
 * Provider type {@code openai}: OpenAI's Chat Completions API and every server that speaks it
 * (vLLM, llama.cpp's server, LM Studio, Ollama's {@code /v1}), selected by {@code base_url}.
 *
 * <h2>Why a thin client of our own rather than langchain4j-open-ai</h2>
 * The design notes first planned langchain4j-open-ai here. This module talks HTTP itself, with the
 * JDK's {@link java.net.http.HttpClient}, Jackson and a few lines of server-sent-events parsing,
 * because a benchmark needs things a general-purpose chat client does not give:
 * <ul>
 *   <li><b>Per-chunk timing.</b> TTFT, TPOT and ITL are taken from the instant each {@code data:}
 *       line reaches us. Here a line goes from the client's line subscriber straight to the
 *       {@link dev.vernier.core.api.TokenSink}, with nothing buffered or re-dispatched between.</li>
 *   <li><b>No thread per stream.</b> Requests use {@code sendAsync} with a line-based
 *       {@link java.net.http.HttpResponse.BodySubscribers#fromLineSubscriber BodySubscriber}; no thread
 *       blocks reading a response, so a thousand concurrent streams need a handful of threads, not a
 *       thousand. langchain4j's JDK HTTP client has long read event streams from an
 *       {@code InputStream} on an executor thread (one blocked thread per stream); recent versions add
 *       a subscriber path for the default parser only, so this depends on the version and setup.</li>
 *   <li><b>Errors as data, with the facts a report needs.</b> Each failure is classified (HTTP
 *       status, rate limit with Retry-After, connection refused or reset, malformed or empty stream,
 *       first-token timeout) and the number of attempts is recorded, instead of surfacing as an
 *       exception from a callback.</li>
 *   <li><b>The whole usage block.</b> Cached prompt tokens and reasoning tokens are kept, each
 *       count labelled with its source; when a server sends no usage the output count is marked as
 *       an estimate.</li>
 *   <li><b>Retries we can see.</b> Only before any content has streamed, with exponential backoff and
 *       jitter (base 200 ms, cap 5 s) honouring Retry-After, so retries never hide inside a latency.</li>
 * </ul>
 * The cost is one small class to maintain against a stable, documented wire format.
 */
package dev.vernier.provider.openai;
