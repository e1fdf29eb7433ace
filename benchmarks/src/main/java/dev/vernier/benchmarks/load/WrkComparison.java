package dev.vernier.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput against {@code wrk} (issue #15): a plain single-process server (a small Node stub,
 * {@code stream-stub.js}: 64 OpenAI-style events, no delay, each its own write) and, in alternating
 * rounds at the same concurrency, {@code wrk} with a Lua script sending the same streaming request
 * ({@code wrk-stream.lua}) and Vernier (runner + openai provider, every token timestamped, every
 * request a sample). Needs {@code node} and {@code wrk} on the PATH (Debian: {@code apt-get install
 * nodejs wrk}).
 *
 * @see LoadBenchmark
 */
final class WrkComparison {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final int TOKENS = 64;

    private WrkComparison() {}

    /**
     * @param concurrency connections (wrk) and requests in flight (Vernier)
     * @param seconds     length of each wrk round; Vernier's rounds send about as many requests
     * @param rounds      measured rounds of each
     */
    static String run(int concurrency, int seconds, int rounds) throws Exception {
        Path script = NodeStub.extract(Files.createTempDirectory("vernier-wrk"), "wrk-stream.lua");
        try (ServerProcess server = NodeStub.start("stream-stub.js", List.of("0", Integer.toString(TOKENS)))) {
            String base = server.openAiBaseUrl();
            double[] wrk = new double[rounds];
            double[] vernier = new double[rounds];
            int errors = 0;
            try (VernierClient client = new VernierClient(base, LoadTable.PROMPT, LoadTable.MAX_TOKENS, TOKENS)) {
                System.err.println("wrk comparison: warming up Vernier and wrk");
                client.run(concurrency, 20_000);
                wrk(script, base, concurrency, 5);
                int perRound = 0;
                for (int r = 0; r < rounds; r++) {
                    wrk[r] = wrk(script, base, concurrency, seconds);
                    perRound = perRound == 0 ? (int) Math.max(2_000, wrk[r] * seconds * 0.6) : perRound;
                    long t0 = System.nanoTime();
                    LoadClient.Counts counts = client.run(concurrency, perRound);
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    vernier[r] = counts.requests() / elapsed;
                    errors += counts.errors();
                    System.err.printf(
                            Locale.ROOT,
                            "wrk comparison round %d: wrk %.0f req/s, Vernier %.0f req/s (%d requests, %d errors)%n",
                            r + 1,
                            wrk[r],
                            vernier[r],
                            counts.requests(),
                            counts.errors());
                }
            }
            double wrkMedian = median(wrk);
            double vernierMedian = median(vernier);
            return String.format(
                    Locale.ROOT,
                    "Throughput against wrk: Node stub (64 events, no delay), concurrency %d, %d alternating rounds"
                            + " (wrk: %d s each, 2 threads, %s; Vernier: runner + openai, every token timestamped)%n%n"
                            + "| client | req/s per round | median req/s |%n| --- | --- | ---: |%n"
                            + "| wrk | %s | %.0f |%n| Vernier | %s | %.0f |%n%n"
                            + "Vernier / wrk = %.2f (target >= 0.80: %s); Vernier errors: %d%n",
                    concurrency,
                    rounds,
                    seconds,
                    "Lua script wrk-stream.lua",
                    list(wrk),
                    wrkMedian,
                    list(vernier),
                    vernierMedian,
                    vernierMedian / wrkMedian,
                    vernierMedian / wrkMedian >= 0.8 ? "met" : "NOT met",
                    errors);
        }
    }

    private static double wrk(Path script, String base, int concurrency, int seconds)
            throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c" + concurrency,
                        "-d" + seconds + "s",
                        "-s",
                        script.toString(),
                        base.substring(0, base.length() - "/v1".length()))
                .redirectErrorStream(true)
                .start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher m = RATE.matcher(out);
        if (!m.find()) {
            throw new IOException("wrk printed no rate: " + out);
        }
        if (out.contains("Non-2xx") || out.contains("Socket errors")) {
            System.err.println("wrk reported errors: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static String list(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(", ", parts);
    }
}
