/**
 * The load benchmark of issue #7, "the harness must not be the bottleneck": a plain {@code main}
 * ({@link dev.vernier.benchmarks.load.LoadBenchmark}), not JMH, run from the uber-jar the {@code load}
 * profile builds; the normal build runs only a smoke test of it and the accuracy check
 * ({@code HarnessAccuracyUnderLoadIT}). Results and the command are in the README, section "Harness
 * speed under load (raw HTTP vs Vernier)".
 *
 * <p>How it measures:
 * <ul>
 *   <li>The server is the testkit's {@code StreamingSimulator} (OpenAI dialect, 64 tokens, zero TTFT
 *       and zero delay between tokens, one write per event) in a JVM of its own, so that this process's
 *       CPU time is the client's alone; the simulator's CPU time is read from {@code /proc} and shown
 *       beside it. Both share the machine's cores, so on a small machine the simulator's cost caps
 *       both clients' throughput alike.</li>
 *   <li>Two clients send the same request body ({@code stream: true} with usage) in a closed loop at
 *       each concurrency: the raw baseline (one JDK {@code HttpClient}, one platform thread per
 *       concurrent request, every line read and counted, nothing else) and Vernier as a user runs it
 *       (the {@code openai} provider from the registry, {@code base_url} at the simulator,
 *       {@code Runner} with the system clock: every chunk timestamped, every request a {@code Sample},
 *       all kept until the run ends).</li>
 *   <li>Before the first level both clients run until the JIT settles (or a time limit); before each
 *       level both are warmed at that concurrency (which also fills their connection pools); then each
 *       is measured in alternating rounds, and the table shows the median round.</li>
 *   <li>Per round: requests/s over the round's wall time; process CPU time
 *       ({@code OperatingSystemMXBean.getProcessCpuTime}) per request, also without the JIT compiler
 *       threads and split by thread kind from {@code /proc/self/task}; peak heap (before-GC occupancy
 *       of every GC and a 50 ms sampler), live heap (largest after-GC occupancy) and peak RSS
 *       ({@code VmHWM}, reset through {@code /proc/self/clear_refs}).</li>
 *   <li>{@code --scheme https} runs the table and the 1,000-stream check over TLS: the simulator makes a
 *       CA at start and serves HTTPS with a certificate from it ({@code --tls-ca-out}); Vernier trusts
 *       the CA through {@code ca_file}, the raw client through an {@code SSLContext}.</li>
 *   <li>{@code --mode cold} ({@link dev.vernier.benchmarks.load.ColdRun}) is the cold-run check of
 *       issue #15: fresh child JVMs, 256 requests at concurrency 32, http and https, without and with
 *       the harness warm-up, errors against the in-process simulator's actual writes.</li>
 *   <li>{@code --mode wrk} ({@link dev.vernier.benchmarks.load.WrkComparison}) compares requests/s with
 *       {@code wrk} against a Node stub at concurrency 32.</li>
 * </ul>
 * docs/transport.md has the commands and the results of the transport's targets.
 */
package dev.vernier.benchmarks.load;
