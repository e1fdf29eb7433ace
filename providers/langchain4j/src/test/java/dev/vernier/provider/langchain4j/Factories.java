package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.testkit.RecordingSink;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds providers through the real factories, with an injected environment. */
final class Factories {

    static final String FAKE_KEY = "sk-test-lc4j-1234567890abcdef";

    private Factories() {}

    static Provider create(ProviderFactory factory, Map<String, Object> options, Map<String, String> env)
            throws ConfigException {
        ProviderConfig config = new ProviderConfig(factory.type(), null, options, Path.of("."), env::get);
        factory.validate(config);
        return factory.create(config);
    }

    /** {@code langchain4j-openai} at {@code baseUrl} with model {@code sim-model}, and extra options as pairs. */
    static Provider openAi(String baseUrl, Object... extra) throws ConfigException {
        return create(
                new LangChain4jOpenAiFactory(),
                options("sim-model", baseUrl, extra),
                Map.of("OPENAI_API_KEY", FAKE_KEY));
    }

    /** {@code langchain4j-ollama} at {@code baseUrl} with model {@code sim-model}, and extra options as pairs. */
    static Provider ollama(String baseUrl, Object... extra) throws ConfigException {
        return create(new LangChain4jOllamaFactory(), options("sim-model", baseUrl, extra), Map.of());
    }

    private static Map<String, Object> options(String model, String baseUrl, Object... extra) {
        Map<String, Object> options = new HashMap<>();
        options.put("model", model);
        options.put("base_url", baseUrl);
        for (int i = 0; i < extra.length; i += 2) {
            options.put((String) extra[i], extra[i + 1]);
        }
        return options;
    }

    static GenerationRequest request(int maxTokens) {
        return new GenerationRequest("r1", "say something", "be brief", 0.0, maxTokens, 7L);
    }

    static Completion run(Provider provider, RecordingSink sink, int maxTokens) throws Exception {
        return provider.generate(request(maxTokens), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
