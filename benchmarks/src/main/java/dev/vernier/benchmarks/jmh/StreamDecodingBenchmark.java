package dev.vernier.benchmarks.jmh;

import dev.vernier.provider.http.StreamDecoder;
import dev.vernier.provider.http.StreamEnd;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one streamed response of 1,000 output tokens with the providers' real decoders, from the
 * body's lines to content chunks and the final {@link StreamEnd} (finish reason, token counts with
 * their sources, server statistics). One operation is one whole response:
 *
 * <ul>
 *   <li>{@link #openAiSse}: an OpenAI Chat Completions SSE stream (2,008 lines: 1,003 JSON
 *       {@code data:} chunks, i.e. role, 1,000 tokens, finish reason and usage, each followed by a
 *       blank line, then {@code data: [DONE]}) through the {@code openai}
 *       provider's chunk decoder: SSE line classification plus one JSON parse per chunk;</li>
 *   <li>{@link #ollamaNdjson}: an Ollama {@code /api/chat} NDJSON stream (1,001 JSON lines) through
 *       the {@code ollama} provider's decoder.</li>
 * </ul>
 *
 * <p>Not included: reading the socket, splitting bytes into lines and timestamping each chunk in the
 * harness's sink (the control here only counts). Divide the score by 1,000 for the cost per token.
 */
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamDecodingBenchmark {

    /** Output tokens per streamed response. */
    static final int TOKENS = 1_000;

    private List<String> openAiLines;
    private List<String> ollamaLines;
    private Supplier<StreamDecoder> openAiDecoders;
    private Supplier<StreamDecoder> ollamaDecoders;
    private final CountingControl control = new CountingControl();

    @Setup
    public void setUp() {
        openAiLines = WireStreams.openAiSse(TOKENS);
        ollamaLines = WireStreams.ollamaNdjson(TOKENS);
        openAiDecoders = ProviderDecoders.supplier(ProviderDecoders.OPENAI);
        ollamaDecoders = ProviderDecoders.supplier(ProviderDecoders.OLLAMA);
        check("openai", decode(openAiDecoders.get(), openAiLines));
        check("ollama", decode(ollamaDecoders.get(), ollamaLines));
    }

    private void check(String name, StreamEnd end) {
        if (!end.succeeded()
                || control.contentChunks() != TOKENS
                || end.tokens().output() != TOKENS) {
            throw new IllegalStateException(name + " stream did not decode as expected: " + end + ", content chunks "
                    + control.contentChunks() + ", control failure " + control.failure());
        }
    }

    /** One OpenAI SSE response of 1,000 tokens, decoded. */
    @Benchmark
    public StreamEnd openAiSse() {
        return decode(openAiDecoders.get(), openAiLines);
    }

    /** One Ollama NDJSON response of 1,000 tokens, decoded. */
    @Benchmark
    public StreamEnd ollamaNdjson() {
        return decode(ollamaDecoders.get(), ollamaLines);
    }

    private StreamEnd decode(StreamDecoder decoder, List<String> lines) {
        control.reset();
        for (int i = 0, n = lines.size(); i < n && !control.stopped(); i++) {
            decoder.onLine(lines.get(i), control);
        }
        return decoder.onEnd(control);
    }
}
