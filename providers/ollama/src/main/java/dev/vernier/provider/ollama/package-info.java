/**
 * Provider type {@code ollama}: models served by Ollama, through its native {@code POST /api/chat}
 * (newline-delimited JSON), not its OpenAI-compatible {@code /v1} (use type {@code openai} for that).
 *
 * <h2>What this provider records</h2>
 * Each {@code "done": false} line's {@code message.content} goes to the
 * {@link dev.vernier.core.api.TokenSink} the moment the line arrives (TTFT, TPOT and ITL are timed from
 * these). The final {@code "done": true} object gives the finish reason ({@code done_reason}), the
 * token counts ({@code prompt_eval_count}, {@code eval_count}, as
 * {@link dev.vernier.core.api.CountSource#PROVIDER_NATIVE}), and the server's own durations, which
 * Ollama reports in nanoseconds and which are kept as provider stats in milliseconds:
 * {@code load_duration_ms} (loading the model, large on a cold server), {@code prompt_eval_duration_ms}
 * (prefill), {@code eval_duration_ms} (generation), {@code total_duration_ms}, plus
 * {@code server_decode_tps} = {@code eval_count} / {@code eval_duration} in seconds. Set against the
 * client-side TTFT and E2E, they let a report separate model loading and server compute from network
 * and queueing.
 *
 * <h2>Why a small client of our own rather than langchain4j-ollama</h2>
 * The design notes first planned langchain4j-ollama here, on the grounds that it keeps
 * {@code eval_count} and the durations. It keeps the counts but not the durations. In the
 * langchain4j-ollama sources we checked (GitHub langchain4j/langchain4j, module
 * {@code langchain4j-ollama}): the class a streamed line is read into, {@code OllamaChatResponse}
 * (earlier {@code ChatResponse}), is annotated {@code @JsonIgnoreProperties(ignoreUnknown = true)} and
 * declares only {@code model}, {@code createdAt}, {@code message}, {@code doneReason}, {@code done},
 * {@code promptEvalCount}, {@code evalCount} (and in one version {@code error}) — no
 * {@code total_duration}, {@code load_duration}, {@code prompt_eval_duration} or {@code eval_duration},
 * so those are discarded while parsing. {@code OllamaStreamingResponseBuilder} then builds the final
 * {@code ChatResponse} whose {@code ChatResponseMetadata} (from
 * {@code InternalOllamaHelper.chatResponseMetadataFrom}) holds only the model name, the finish reason
 * ({@code done_reason} stop/length, else OTHER) and a {@code TokenUsage(promptEvalCount, evalCount)}.
 * Nothing of the server-side timing reaches the caller, and that timing is the reason to use Ollama's
 * native API at all.
 *
 * <p>Two further needs are met by the shared {@link dev.vernier.provider.http} plumbing rather than by
 * a general chat client:
 * <ul>
 *   <li><b>Per-chunk arrival timing.</b> A line goes from the JDK client's line subscriber straight to
 *       the sink, with nothing buffered or re-dispatched between.</li>
 *   <li><b>Asynchronous streaming without a thread per request.</b> Requests use {@code sendAsync}
 *       with a line-based body subscriber; no thread blocks reading a response (older
 *       langchain4j-ollama clients read each stream with a {@code BufferedReader} inside an OkHttp
 *       callback, one blocked thread per stream), so high concurrency does not distort the timing.</li>
 * </ul>
 * The same plumbing gives every HTTP provider the first-token timeout, retries before content with
 * backoff and Retry-After, and failures as data with secrets redacted; the testkit's
 * {@code ProviderContract} checks all of it here too. An {@code {"error": "..."}} line mid-stream is a
 * server error. The cost is two small classes against a stable, documented wire format.
 */
package dev.vernier.provider.ollama;
