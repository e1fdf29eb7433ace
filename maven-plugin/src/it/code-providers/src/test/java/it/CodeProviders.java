package it;

import dev.vernier.app.ProvidersInCode;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a team writes to measure a model as its application builds it. */
public class CodeProviders implements ProvidersInCode {

    @Override
    public Map<String, Provider> providers() {
        return Map.of("in-code", new Provider() {
            @Override
            public String id() {
                return "in-code";
            }

            @Override
            public AccessMode accessMode() {
                return AccessMode.IN_PROCESS;
            }

            @Override
            public ModelFacts describe() {
                return new ModelFacts("counter", true, "MIT", 1L, null, DataDestination.THIS_MACHINE, "built in code");
            }

            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                for (String word : new String[] {"one ", "two ", "three"}) {
                    sink.onChunk(word, 1);
                }
                return CompletableFuture.completedFuture(
                        Completion.success(FinishReason.STOP, TokenCounts.of(3, 3, CountSource.PROVIDER_NATIVE)));
            }
        });
    }
}
