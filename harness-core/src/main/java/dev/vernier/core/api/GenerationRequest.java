package dev.vernier.core.api;

import java.util.Objects;

/**
 * One request to a model: the rendered prompt and the sampling parameters.
 *
 * @param requestId      unique id within a run, for logs and correlation
 * @param prompt         the user prompt text, already rendered from its template
 * @param system         optional system prompt, null when absent
 * @param temperature    sampling temperature
 * @param maxTokens      maximum output tokens
 * @param seed           sampling seed, null when unset
 * @param responseSchema the JSON Schema the answer must follow (suite key {@code response_format}), sent
 *                       natively by the provider; null when the answer is free text
 */
public record GenerationRequest(
        String requestId,
        String prompt,
        String system,
        double temperature,
        int maxTokens,
        Long seed,
        ResponseSchema responseSchema) {

    /** A free-text request (no response schema). */
    public GenerationRequest(
            String requestId, String prompt, String system, double temperature, int maxTokens, Long seed) {
        this(requestId, prompt, system, temperature, maxTokens, seed, null);
    }

    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
    }

    /** This request under another id. */
    public GenerationRequest withId(String id) {
        return new GenerationRequest(id, prompt, system, temperature, maxTokens, seed, responseSchema);
    }

    /** This request asking for the given response schema (null for free text). */
    public GenerationRequest withResponseSchema(ResponseSchema schema) {
        return new GenerationRequest(requestId, prompt, system, temperature, maxTokens, seed, schema);
    }
}
