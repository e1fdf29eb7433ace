package dev.vernier.core.api;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Provider factories keyed by type. Two factories claiming one type is an error, not a coin toss. */
public final class ProviderRegistry {

    private final Map<String, ProviderFactory> byType;

    private ProviderRegistry(Map<String, ProviderFactory> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Every factory on the class path of the given loader. */
    public static ProviderRegistry load(ClassLoader loader) {
        return of(ServiceLoader.load(ProviderFactory.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** Every factory visible to this class's loader. */
    public static ProviderRegistry load() {
        return load(
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : ProviderRegistry.class.getClassLoader());
    }

    /**
     * @throws IllegalStateException when two factories declare the same type
     */
    public static ProviderRegistry of(Collection<? extends ProviderFactory> factories) {
        Map<String, ProviderFactory> map = new TreeMap<>();
        for (ProviderFactory factory : factories) {
            ProviderFactory previous = map.putIfAbsent(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("provider type '" + factory.type() + "' is declared twice: by "
                        + previous.getClass().getName() + " and by "
                        + factory.getClass().getName()
                        + ". Remove one of the two jars from the class path, or give one factory another type().");
            }
        }
        return new ProviderRegistry(map);
    }

    public Optional<ProviderFactory> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Known types in alphabetical order. */
    public Collection<String> types() {
        return byType.keySet();
    }
}
