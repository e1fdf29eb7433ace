package dev.vernier.app;

import dev.vernier.core.api.Provider;
import java.util.Map;

/**
 * Providers a build makes in code, for the Maven plugin's {@code <providerFactories>}: a class in the
 * project's test class path with a public no-argument constructor, named in the plugin configuration.
 * Its providers run after the suite's own, under the ids it gives them, exactly as providers added
 * with {@link Vernier#provider}. A langchain4j model becomes one with
 * {@code dev.vernier.provider.langchain4j.ChatModelProvider.builder(id, model).build()}.
 */
public interface ProvidersInCode {

    /**
     * The providers to measure, by id. Called once per suite; the run closes them when it ends.
     *
     * @throws Exception anything; the build fails naming the class and the error
     */
    Map<String, Provider> providers() throws Exception;
}
