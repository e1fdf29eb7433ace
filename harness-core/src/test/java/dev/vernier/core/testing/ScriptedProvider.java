package dev.vernier.core.testing;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
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
public final class ScriptedProvider implements Provider {

    private final String id;
    private final FakeClock clock;
    private final Duration ttft;
    private final Duration gap;
    private final List<String> chunks;

    public ScriptedProvider(String id, FakeClock clock, Duration ttft, Duration gap, List<String> chunks) {
        this.id = id;
        this.clock = clock;
        this.ttft = ttft;
        this.gap = gap;
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.IN_PROCESS;
    }

    @Override
    public ModelFacts describe() {
        return new ModelFacts("scripted", true, "MIT", 0L, null, DataDestination.THIS_MACHINE, "test double");
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
