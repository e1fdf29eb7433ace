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
     * Checks that providers of this configuration can send {@code schema} natively (the request's
     * {@link GenerationRequest#responseSchema()}), so that the model is asked for, or constrained to, JSON
     * valid against it. Called when a suite loads, for every schema its prompts use, unless the entry says
     * {@code response_format: none}. By default a type refuses: a type that ignored the schema would
     * measure free text as if it were structured output.
     *
     * @throws ConfigException (key {@value ResponseSchema#KEY}) saying why and the fix
     */
    default void validateResponseSchema(ProviderConfig config, ResponseSchema schema) throws ConfigException {
        throw new ConfigException(
                ResponseSchema.KEY,
                "provider type '" + type() + "' cannot send a JSON Schema ('response_format') to its model. Fix: add"
                        + " 'response_format: none' to this provider (it then gets the prompts without the schema),"
                        + " or use a type that supports structured output (see docs/structured-output.md)");
    }

    /**
     * Checks that providers of this configuration can declare {@code tools} to their model natively
     * (the request's {@link GenerationRequest#tools()}) and report the calls the model makes through
     * {@link TokenSink#onToolCall}. Called when a suite loads, for every prompt that declares tools. By
     * default a type refuses: a type that dropped the tools would measure free text as if the model had
     * chosen not to call any.
     *
     * @throws ConfigException (key {@value ToolSpec#KEY}) saying why and the fix
     */
    default void validateTools(ProviderConfig config, Tools tools) throws ConfigException {
        throw new ConfigException(
                ToolSpec.KEY,
                "provider type '" + type() + "' cannot declare tools to its model. Fix: add 'tools: none' to this"
                        + " provider (it then gets the prompts without their tools), or use a type that supports"
                        + " tool calling (openai, anthropic, gemini, ollama; see docs/tools.md)");
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
