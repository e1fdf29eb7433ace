/**
 * Provider type {@code gemini}: the Gemini API's
 * {@code POST <base_url>/v1beta/models/<model>:streamGenerateContent?alt=sse}, key in the
 * {@code x-goog-api-key} header, decoded by {@link dev.vernier.provider.gemini.GenerateContentDecoder}.
 *
 * <h2>Why a thin client of our own rather than langchain4j-google-ai-gemini</h2>
 * The design notes first planned langchain4j-google-ai-gemini here. That module does stream:
 * {@code GoogleAiGeminiStreamingChatModel} calls a {@code StreamingChatResponseHandler} with each
 * partial text and then a complete {@code ChatResponse}; its token usage type,
 * {@code GoogleAiGeminiTokenUsage}, carries {@code cachedContentTokenCount} and
 * {@code thoughtsTokenCount} besides input and output; errors arrive as a {@code Throwable} in
 * {@code onError}. So usage is not the reason. The reasons are the ones a benchmark has and a chat
 * library does not:
 * <ul>
 *   <li><b>Per-chunk arrival timing under our control.</b> TTFT, TPOT and ITL are taken when each
 *       {@code data:} line reaches us; here it goes from the JDK client's line subscriber to the
 *       {@link dev.vernier.core.api.TokenSink} directly. Through a library, the instant we see is
 *       after its transport (langchain4j's own {@code http-client} abstraction), SSE parsing,
 *       response mapping and handler dispatch, which change between its releases.</li>
 *   <li><b>Async streaming without a thread per request.</b> Requests use {@code sendAsync} and a
 *       line {@code BodySubscriber}: no thread blocks reading a stream, so open-loop load at high
 *       concurrency needs a handful of threads. How a library's transport reads an event stream
 *       depends on its version and the HTTP client plugged in, and is not something we can pin.</li>
 *   <li><b>One failure and retry model across providers.</b> The shared
 *       {@code dev.vernier.provider.http} plumbing classifies failures the same way for OpenAI,
 *       Ollama, Anthropic and Gemini (status, refused or reset connection, malformed or empty
 *       stream, a stream without a finish reason, first-token timeout, an {@code error} object
 *       mid-stream), redacts keys, and retries only before the first chunk with counted attempts.
 *       A library exception would have to be reverse-mapped per vendor, and its own retry
 *       behaviour (if any) is not reported per request.</li>
 * </ul>
 * The cost is one small decoder to keep in step with a stable, documented response format.
 *
 * <h2>Numbers and endings</h2>
 * Token counts come from the last {@code usageMetadata}: input is {@code promptTokenCount} (cached
 * tokens included, and reported as cached input); output is {@code candidatesTokenCount} plus
 * {@code thoughtsTokenCount} (thinking is billed as output), with the thoughts also reported as
 * reasoning. Finish reasons: {@code STOP} is STOP, {@code MAX_TOKENS} LENGTH, {@code SAFETY},
 * {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII} and
 * {@code IMAGE_SAFETY} CONTENT_FILTER. A prompt blocked outright ({@code promptFeedback.blockReason})
 * ends with CONTENT_FILTER and no text. The stream has no {@code [DONE]}: one that ends without a
 * finish or block reason is malformed. A 400 "API key not valid" is reported as an authentication
 * failure, and a 429 for a per-day quota is not retried. Gemini's own retry hint
 * ({@code RetryInfo.retryDelay} in the error body) is not read; the standard backoff applies.
 *
 * <h2>Tools</h2>
 * Declared as {@code functionDeclarations} with {@code parametersJsonSchema} and
 * {@code toolConfig.functionCallingConfig}; calls and results in the history as {@code functionCall} and
 * {@code functionResponse} parts ({@link dev.vernier.provider.gemini.GeminiContents}). Calls arrive whole,
 * numbered {@code call_0}, {@code call_1}, ... when the model gives no id; an answer that made calls and
 * stopped ends with TOOL_CALL (Gemini says STOP).
 */
package dev.vernier.provider.gemini;
