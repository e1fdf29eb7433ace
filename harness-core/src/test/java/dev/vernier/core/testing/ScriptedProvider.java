package dev.vernier.core.testing;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A provider that answers every request synchronously on the caller's thread, moving a
 * {@link FakeClock} forward: {@code ttft} before the first chunk, {@code gap} between chunks.
 */
public final class ScriptedProvider extends InProcessDouble {

    private final FakeClock clock;
    private final Duration ttft;
    private final Duration gap;
    private final List<String> chunks;

    public ScriptedProvider(String id, FakeClock clock, Duration ttft, Duration gap, List<String> chunks) {
        super(id, "scripted");
        this.clock = clock;
        this.ttft = ttft;
        this.gap = gap;
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        for (int i = 0; i < chunks.size(); i++) {
            clock.advance(i == 0 ? ttft : gap);
            sink.onChunk(chunks.get(i), 1);
        }
        return CompletableFuture.completedFuture(Completion.success(
                FinishReason.STOP,
                TokenCounts.of(request.prompt().length(), chunks.size(), CountSource.LOCAL_TOKENIZER)));
    }
}
