package dev.vernier.core.scoring;

/**
 * What a scorer is, for listings and validation.
 *
 * @param type              the assertion type it handles
 * @param description       one line: what it checks
 * @param needsModel        true when it calls a model (embeddings, a judge)
 * @param supportsThreshold true when it produces a graded score a threshold applies to
 */
public record ScorerInfo(String type, String description, boolean needsModel, boolean supportsThreshold) {}
