package dev.vernier.provider.ollama;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.RecordingSink;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds Ollama providers through the factory, with an injected environment. */
final class Providers {

    private Providers() {}

    static Provider create(Map<String, Object> options, Map<String, String> env) throws ConfigException {
        return new OllamaProviderFactory().create(new ProviderConfig("ollama", null, options, Path.of("."), env::get));
    }

    /** Model {@code sim-model} at {@code baseUrl}, plus option pairs. */
    static Provider local(String baseUrl, Object... extra) throws ConfigException {
        Map<String, Object> options = new HashMap<>();
        options.put("model", "sim-model");
        options.put("base_url", baseUrl);
        for (int i = 0; i < extra.length; i += 2) {
            options.put((String) extra[i], extra[i + 1]);
        }
        return create(options, Map.of());
    }

    static GenerationRequest request(int maxTokens) {
        return new GenerationRequest("r1", "say something", "be brief", 0.0, maxTokens, 7L);
    }

    static Completion run(Provider provider, RecordingSink sink, int maxTokens) throws Exception {
        return provider.generate(request(maxTokens), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
