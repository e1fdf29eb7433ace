/**
 * Provider type {@code anthropic}: Anthropic's Messages API ({@code POST <base_url>/v1/messages},
 * {@code anthropic-version: 2023-06-01}, {@code "stream": true}), decoded from its server-sent
 * events by {@link dev.vernier.provider.anthropic.MessageEventDecoder}.
 *
 * <h2>Why a thin client of our own rather than langchain4j-anthropic</h2>
 * The design notes first planned langchain4j-anthropic here. That module does stream:
 * {@code AnthropicStreamingChatModel} calls a {@code StreamingChatResponseHandler} with each partial
 * text, then a complete {@code ChatResponse} whose metadata carries an {@code AnthropicTokenUsage}
 * (input and output counts plus {@code cacheCreationInputTokens} and {@code cacheReadInputTokens})
 * and a finish reason; errors arrive as a {@code Throwable} in {@code onError}. So usage is not the
 * reason. The reasons are the ones a benchmark has and a chat library does not:
 * <ul>
 *   <li><b>Per-chunk arrival timing under our control.</b> TTFT, TPOT and ITL are taken when each
 *       {@code text_delta} line reaches us; here it goes from the JDK client's line subscriber to the
 *       {@link dev.vernier.core.api.TokenSink} directly. Through a library, the instant we see is
 *       after its SSE parser, event mapping and handler dispatch, which differ between its releases
 *       (1.x streams through langchain4j's own {@code http-client} abstraction; earlier releases
 *       used Retrofit and OkHttp).</li>
 *   <li><b>Async streaming without a thread per request.</b> Requests use {@code sendAsync} and a
 *       line {@code BodySubscriber}: no thread blocks reading a stream, so open-loop load at high
 *       concurrency needs a handful of threads. How a library's transport reads an event stream
 *       (a blocked reader per stream or not) depends on its version and the HTTP client plugged
 *       in, and is not something we can pin.</li>
 *   <li><b>One failure and retry model across providers.</b> The shared
 *       {@code dev.vernier.provider.http} plumbing classifies every failure the same way for
 *       OpenAI, Ollama, Anthropic and Gemini (status, refused or reset connection, malformed or
 *       empty stream, first-token timeout, an {@code error} event mid-stream), redacts keys, and
 *       retries only before the first chunk with counted attempts and Retry-After. A library
 *       exception would have to be reverse-mapped per vendor, and its own retry behaviour (if any)
 *       is not reported per request.</li>
 * </ul>
 * The cost is one small decoder to keep in step with a stable, documented event format.
 *
 * <h2>Numbers</h2>
 * Input tokens are the whole prompt: Anthropic's {@code input_tokens} (uncached) plus
 * {@code cache_read_input_tokens} plus {@code cache_creation_input_tokens}; cache reads are also
 * reported as cached input, cache writes as the provider stat {@code cache_creation_input_tokens}.
 * Output tokens are the last {@code output_tokens} seen (message_delta's usage is cumulative).
 * Stop reasons: {@code end_turn} and {@code stop_sequence} are STOP, {@code max_tokens} is LENGTH,
 * {@code tool_use} is TOOL_CALL, {@code refusal} is CONTENT_FILTER. The API has no seed.
 *
 * <h2>Tools</h2>
 * Declared as {@code tools[].input_schema} with {@code tool_choice}; calls and results in the history
 * as {@code tool_use} and {@code tool_result} blocks ({@link dev.vernier.provider.anthropic.AnthropicTurns});
 * streamed calls are {@code tool_use} blocks whose input arrives in {@code input_json_delta} pieces,
 * each a tool-call chunk, the call finished at its {@code content_block_stop}.
 */
package dev.vernier.provider.anthropic;
