package dev.vernier.core.testing;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A provider type defined only in test code and registered through a services file, to show that a
 * jar on the class path adds a type without any change to Vernier. Options: {@code model} (a file
 * that must exist), {@code words}.
 */
public final class FakeProviderFactory implements ProviderFactory {

    public static final String TYPE = "test-fake";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of("model", "words");
    }

    @Override
    public void validate(ProviderConfig config) throws ConfigException {
        if (config.has("model")) {
            Path model = config.baseDir().resolve(config.string("model"));
            if (!Files.isRegularFile(model)) {
                throw new ConfigException(
                        "model", "model file '" + config.string("model") + "' not found. Fix: give an existing file.");
            }
        }
        config.integer("words", 3);
    }

    @Override
    public Provider create(ProviderConfig config) throws ConfigException {
        int words = (int) config.integer("words", 3);
        List<String> chunks =
                IntStream.range(0, words).mapToObj(i -> "w" + i + " ").toList();
        return new ScriptedProvider(
                config.id() == null ? TYPE : config.id(),
                new FakeClock(),
                Duration.ofMillis(5),
                Duration.ofMillis(1),
                chunks);
    }
}
