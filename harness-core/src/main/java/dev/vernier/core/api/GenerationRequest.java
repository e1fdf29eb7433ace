package dev.vernier.core.api;

import java.util.Objects;

/**
 * One request to a model: the rendered prompt and the sampling parameters.
 *
 * @param requestId   unique id within a run, for logs and correlation
 * @param prompt      the user prompt text, already rendered from its template
 * @param system      optional system prompt, null when absent
 * @param temperature sampling temperature
 * @param maxTokens   maximum output tokens
 * @param seed        sampling seed, null when unset
 */
public record GenerationRequest(
        String requestId, String prompt, String system, double temperature, int maxTokens, Long seed) {

    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
    }
}
