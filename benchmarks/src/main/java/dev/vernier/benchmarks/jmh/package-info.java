/**
 * JMH benchmarks of Vernier's own hot paths: decoding streamed responses, aggregating samples,
 * merging histograms, writing reports and expanding suites. They measure the harness, not a model:
 * every input is synthetic and built in memory, nothing touches the network.
 *
 * <p>The classes are compiled on every build (so they keep up with the code they measure) but only
 * run from the uber-jar the {@code jmh} profile builds; see the README, section "Benchmarks of
 * Vernier itself". Each class sets its own warm-up and measurement iterations, reduced so that the
 * whole set runs in a few minutes on two cores; {@code -wi}, {@code -i}, {@code -w}, {@code -r} and
 * {@code -f} on the command line override them. The numbers are for tracking, not pass/fail.
 */
package dev.vernier.benchmarks.jmh;
