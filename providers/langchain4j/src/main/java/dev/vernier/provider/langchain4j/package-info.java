/**
 * langchain4j chat models as Vernier providers (see docs/langchain4j.md).
 *
 * <ul>
 *   <li>{@link dev.vernier.provider.langchain4j.ChatModelProvider}: any {@code StreamingChatModel} or
 *       {@code ChatModel} as a {@link dev.vernier.core.api.Provider}, timed through the same
 *       {@link dev.vernier.core.api.TokenSink} as the native providers, failures as data.</li>
 *   <li>Types {@code langchain4j-openai} ({@link dev.vernier.provider.langchain4j.LangChain4jOpenAiFactory}),
 *       {@code langchain4j-ollama} ({@link dev.vernier.provider.langchain4j.LangChain4jOllamaFactory}) with
 *       the native types' options, and {@code langchain4j}
 *       ({@link dev.vernier.provider.langchain4j.LangChain4jBuilderFactory}): any integration's builder,
 *       properties set by name.</li>
 *   <li>{@link dev.vernier.provider.langchain4j.ObservedHttpClientBuilder}: langchain4j's default JDK
 *       client with taps for what langchain4j does not pass on (a 429's {@code Retry-After}, empty and
 *       broken streams, error events).</li>
 * </ul>
 *
 * <p>Unlike the native HTTP providers, this path uses langchain4j's client as an application does:
 * the JDK {@code HttpClient} with a blocking {@code InputStream} read per stream, so each stream in
 * flight holds one thread of the JDK client's executor (measured in docs/langchain4j.md).
 */
package dev.vernier.provider.langchain4j;
