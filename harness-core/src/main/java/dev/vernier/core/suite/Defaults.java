package dev.vernier.core.suite;

/**
 * Generation parameters applied to every request of a suite.
 *
 * @param temperature sampling temperature, >= 0
 * @param maxTokens   maximum output tokens, >= 1
 * @param seed        sampling seed, null when unset
 */
public record Defaults(double temperature, int maxTokens, Long seed) {

    public static final Defaults STANDARD = new Defaults(0.0, 128, 42L);
}
