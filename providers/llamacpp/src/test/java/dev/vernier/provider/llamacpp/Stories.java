package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.testing.TestModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real stories260K model loaded as a provider, for the tests of this package. */
final class Stories {

    private Stories() {}

    /**
     * Loads stories260K with the given options ({@code key, value, key, value...}).
     *
     * @param id the provider id, or null for the default
     */
    static LlamaCppProvider load(String id, Object... options) throws Exception {
        Map<String, Object> map = new HashMap<>();
        map.put("model", TestModels.stories260K().toString());
        for (int i = 0; i < options.length; i += 2) {
            map.put((String) options[i], options[i + 1]);
        }
        ProviderConfig config = new ProviderConfig("llamacpp", id, map, Path.of("."), name -> null);
        return (LlamaCppProvider) new LlamaCppProviderFactory().create(config);
    }

    /** Runs one request to its end with a sink that ignores the pieces. */
    static Completion complete(Provider provider, GenerationRequest request) throws Exception {
        TokenSink ignore = new TokenSink() {
            @Override
            public void onChunk(String text, int tokens) {}

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        return provider.generate(request, ignore).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
