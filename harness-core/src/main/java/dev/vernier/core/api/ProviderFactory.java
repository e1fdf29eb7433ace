package dev.vernier.core.api;

import java.util.Set;

/**
 * Creates providers of one type. Found with {@link java.util.ServiceLoader}: a jar that lists an
 * implementation in {@code META-INF/services/dev.vernier.core.api.ProviderFactory} adds a type.
 */
public interface ProviderFactory {

    /** The {@code type:} value in a suite, e.g. {@code llamacpp}. Lower case, unique. */
    String type();

    /** Keys this type accepts in a suite's provider entry, besides {@code id}, {@code type}. */
    Set<String> optionKeys();

    /** One line on what this type measures, for {@code vernier providers}; empty when it says nothing. */
    default String summary() {
        return "";
    }

    /** Where this type reads an API key, in words, for {@code vernier providers}; null when it needs none. */
    default String keySource() {
        return null;
    }

    /**
     * Whether this type reads {@link ProviderConfig#reasoning()}: the suite loader refuses a
     * {@code reasoning:} block on a type that would ignore it. False by default.
     */
    default boolean acceptsReasoning() {
        return false;
    }

    /**
     * Checks a configuration without doing expensive work (no model loading, no network).
     *
     * @throws ConfigException naming the offending key and the fix
     */
    default void validate(ProviderConfig config) throws ConfigException {}

    /** Creates the provider. May load models or open clients; called once per run. */
    Provider create(ProviderConfig config) throws ConfigException;
}
