package dev.vernier.cli;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only provider type {@code echo}: streams the prompt back word by word. Options:
 * {@code model} (names the id), {@code unavailable} (a reason: the provider reports itself
 * unavailable), {@code fail} (true: every request fails), {@code bad_at_create} (true: create throws
 * a ConfigException).
 */
public final class EchoProviderFactory implements ProviderFactory {

    /** Echo providers currently open; lets tests check that the command closes what it creates. */
    static final AtomicInteger OPEN = new AtomicInteger();

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of("model", "unavailable", "fail", "bad_at_create");
    }

    @Override
    public Provider create(ProviderConfig config) throws ConfigException {
        if (config.bool("bad_at_create", false)) {
            throw new ConfigException("bad_at_create", "refusing to start as asked");
        }
        String model = config.string("model", "words");
        String id = config.id() != null ? config.id() : "echo:" + model;
        String unavailable = config.string("unavailable", null);
        boolean fail = config.bool("fail", false);
        OPEN.incrementAndGet();
        return new Echo(id, model, unavailable, fail);
    }

    private record Echo(String id, String model, String unavailable, boolean fail) implements Provider {

        @Override
        public AccessMode accessMode() {
            return AccessMode.IN_PROCESS;
        }

        @Override
        public ModelFacts describe() {
            return new ModelFacts(model, true, "MIT", 0L, null, DataDestination.THIS_MACHINE, "echoes the prompt");
        }

        @Override
        public String unavailableReason() {
            return unavailable;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            if (fail) {
                return CompletableFuture.completedFuture(
                        Completion.failed(new Failure(FailureKind.SERVER_ERROR, 500, false, "echo told to fail")));
            }
            String[] words = request.prompt().split(" ");
            for (int i = 0; i < words.length; i++) {
                sink.onChunk(i == 0 ? words[i] : " " + words[i], 1);
            }
            return CompletableFuture.completedFuture(Completion.success(
                    FinishReason.STOP, TokenCounts.of(words.length, words.length, CountSource.LOCAL_TOKENIZER)));
        }

        @Override
        public void close() {
            OPEN.decrementAndGet();
        }
    }
}
