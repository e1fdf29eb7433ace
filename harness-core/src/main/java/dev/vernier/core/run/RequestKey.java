package dev.vernier.core.run;

/**
 * Which planned request a sample answers, as a resumed run matches samples to its plan: provider,
 * load step, case, prompt, repeat and whether it is a warm-up. Within one step of a run these are
 * unique, including steps that cycle through the cases (each round gets higher repeat numbers).
 */
public record RequestKey(String providerId, int step, String caseId, String promptId, int repeat, boolean warmup) {}
