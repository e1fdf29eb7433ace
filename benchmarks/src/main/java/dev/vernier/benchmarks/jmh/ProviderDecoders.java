package dev.vernier.benchmarks.jmh;

import dev.vernier.provider.http.StreamDecoder;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * The providers' own stream decoders. They are not public API (one decoder per attempt is created
 * inside each provider), so they are instantiated reflectively by class name; the benchmark then
 * drives them only through the public {@link StreamDecoder} interface, exactly as the transport does.
 * A renamed class fails the benchmark's setup with its name, rather than silently measuring a copy.
 */
final class ProviderDecoders {

    /** The Chat Completions decoder of the {@code openai} provider. */
    static final String OPENAI = "dev.vernier.provider.openai.OpenAiProvider$ChunkDecoder";
    /** The {@code /api/chat} decoder of the {@code ollama} provider. */
    static final String OLLAMA = "dev.vernier.provider.ollama.ChatStreamDecoder";

    private ProviderDecoders() {}

    /** Makes a fresh decoder per call, as the transport does per attempt. */
    static Supplier<StreamDecoder> supplier(String className) {
        Constructor<? extends StreamDecoder> constructor;
        try {
            Class<? extends StreamDecoder> type = Class.forName(className).asSubclass(StreamDecoder.class);
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "cannot instantiate the provider decoder " + className + "; if it was renamed, update "
                            + ProviderDecoders.class.getName(),
                    e);
        }
        return () -> {
            try {
                return constructor.newInstance();
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot instantiate " + className, e);
            }
        };
    }
}
