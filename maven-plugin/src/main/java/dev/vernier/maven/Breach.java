package dev.vernier.maven;

/**
 * One gate a run did not pass.
 *
 * @param provider  the provider measured, or {@code all providers} for a run-wide gate
 * @param metric    what was measured, e.g. {@code TTFT p95}
 * @param measured  the measured value with its unit, or why there is none
 * @param limit     the configured limit with its unit
 * @param parameter the plugin parameter that set the limit
 */
public record Breach(String provider, String metric, String measured, String limit, String parameter) {

    /** One line for the build log: {@code <provider>: <metric> <measured>, limit <limit> (<parameter>)}. */
    public String line() {
        return provider + ": " + metric + " " + measured + ", limit " + limit + " (" + parameter + ")";
    }
}
