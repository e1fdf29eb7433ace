package dev.vernier.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * "The harness must not be the bottleneck": Vernier's runner and OpenAI provider against a plain JDK
 * HttpClient loop, on the same streams from the testkit's simulator (see the package documentation).
 *
 * <p>{@code java -jar benchmarks/target/load-benchmark.jar [--mode all|table|streams|accuracy|cold]
 * [--scheme http|https]
 * [--concurrency 1,16,64,256,1000] [--requests N] [--warmup N] [--rounds 5] [--jit-warmup-s 150]
 * [--tokens 64] [--clients raw,vernier]}. The mode {@code all} (the default) runs the table, then the
 * 1,000-stream check in a JVM of its own with {@code -Xmx512m}, then the accuracy run; {@code --scheme https}
 * serves the table and the 1,000-stream check over TLS. The mode {@code cold} runs the cold-run check
 * ({@link ColdRun}: fresh JVMs, http and https, without and with the harness warm-up); {@code wrk} the
 * throughput comparison with {@code wrk} ({@link WrkComparison}, {@code --rounds} rounds of
 * {@code --wrk-seconds}). Markdown goes
 * to standard output, progress to standard error; the exit status is 1 when a request failed or a
 * check did not pass (targets on speed are reported, not enforced).
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        String mode = "all";
        List<Integer> concurrencies = List.of(1, 16, 64, 256, 1000);
        Integer requests = null;
        Integer warmup = null;
        int rounds = 5;
        int tokens = 64;
        Duration jitWarmup = Duration.ofSeconds(150);
        Set<String> clients = Set.of("raw", "vernier");
        String schemeName = "http";
        long harnessWarmupMs = 0;
        int wrkSeconds = 10;
        String baseUrl = null;
        String caFile = null;
        String truthUrl = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                out.println(usage());
                return;
            }
            if (i + 1 >= args.length) {
                usageError("missing value after " + flag);
                return;
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--mode" -> mode = value;
                    case "--concurrency" ->
                        concurrencies = Arrays.stream(value.split(","))
                                .map(String::trim)
                                .map(Integer::valueOf)
                                .toList();
                    case "--requests" -> requests = Integer.valueOf(value);
                    case "--warmup" -> warmup = Integer.valueOf(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--tokens" -> tokens = Integer.parseInt(value);
                    case "--jit-warmup-s" -> jitWarmup = Duration.ofSeconds(Long.parseLong(value));
                    case "--clients" -> clients = Set.of(value.split(","));
                    case "--scheme" -> schemeName = value;
                    case "--harness-warmup-ms" -> harnessWarmupMs = Long.parseLong(value);
                    case "--wrk-seconds" -> wrkSeconds = Integer.parseInt(value);
                    case "--base-url" -> baseUrl = value;
                    case "--ca-file" -> caFile = value;
                    case "--truth-url" -> truthUrl = value;
                    default -> {
                        usageError("unknown option " + flag);
                        return;
                    }
                }
            } catch (NumberFormatException e) {
                usageError("not a number after " + flag + ": " + value);
                return;
            }
        }
        if (!List.of("all", "table", "streams", "accuracy", "cold", "cold-one", "wrk")
                .contains(mode)) {
            usageError("unknown mode " + mode);
            return;
        }
        if (!List.of("http", "https").contains(schemeName)) {
            usageError("unknown scheme " + schemeName + " (http or https)");
            return;
        }
        LoadScheme scheme = LoadScheme.named(schemeName);
        boolean ok = true;
        if (mode.equals("cold-one")) { // a child of --mode cold: one configuration in this fresh JVM
            Duration budget = Duration.ofMillis(harnessWarmupMs);
            out.println(
                    baseUrl == null
                            ? ColdRun.runHere(scheme, budget).line()
                            : ColdRun.runAgainst(
                                            caFile == null ? LoadScheme.http() : new LoadScheme(Path.of(caFile)),
                                            baseUrl,
                                            truthUrl,
                                            budget)
                                    .line());
            out.flush();
            return;
        }
        if (mode.equals("wrk")) {
            out.println("## Throughput against wrk");
            out.println();
            out.println(Machine.describe());
            out.println();
            out.println(WrkComparison.run(32, wrkSeconds, rounds));
            out.flush();
            return;
        }
        if (mode.equals("cold")) {
            out.println("## Cold runs (fresh JVM), http and https, without and with the harness warm-up");
            out.println();
            out.println(Machine.describe());
            out.println();
            out.println(ColdRun.runAll(List.of("-XX:+UseZGC"))); // the collector ./vernier runs with
            out.flush();
            return;
        }
        if (mode.equals("all") || mode.equals("table")) {
            out.println("## Throughput and client cost, zero-delay streams of " + tokens + " tokens, over "
                    + scheme.name());
            out.println();
            out.println(Machine.describe());
            out.println();
            Integer fixedRequests = requests;
            Integer fixedWarmup = warmup;
            LoadTable.Settings settings = new LoadTable.Settings(
                    concurrencies,
                    tokens,
                    fixedRequests == null ? null : c -> fixedRequests,
                    fixedWarmup == null ? null : c -> fixedWarmup,
                    rounds,
                    jitWarmup,
                    clients);
            List<LevelSummary> results = LoadTable.run(settings, scheme, System.err::println);
            out.println(LoadTable.markdown(results));
            out.println("Client CPU per request by thread (ms, median round):");
            out.println();
            out.println(LoadTable.cpuBreakdown(results));
            for (LevelSummary r : results) {
                if (r.errors() > 0) {
                    out.println("ERRORS: " + r.client() + " at " + r.concurrency() + ": " + LoadTable.errors(r));
                    ok = false;
                }
            }
        }
        if (mode.equals("all") || mode.equals("streams")) {
            out.flush();
            if (Runtime.getRuntime().maxMemory() > StreamsCheck.HEAP_LIMIT) {
                ok &= relaunchWithSmallHeap(schemeName);
            } else {
                out.println("## 1,000 concurrent streams within a 512 MiB heap, over " + scheme.name());
                out.println();
                out.println(Machine.describe());
                out.println();
                StreamsCheck.Settings settings = StreamsCheck.Settings.standard();
                List<StreamsCheck.Result> results = StreamsCheck.run(settings, scheme);
                out.println(StreamsCheck.markdown(settings, results));
                ok &= results.stream().allMatch(r -> r.passed(settings));
            }
        }
        if (mode.equals("all") || mode.equals("accuracy")) {
            out.println("## Measurement accuracy under load");
            out.println();
            AccuracyRun.Result result = AccuracyRun.run(AccuracyRun.Settings.standard());
            out.println(result.markdown());
            ok &= result.failures() == 0;
        }
        out.flush();
        if (!ok) {
            System.exit(1);
        }
    }

    /** Runs {@code --mode streams} in a child JVM with {@code -Xmx512m}, sharing this one's output. */
    private static boolean relaunchWithSmallHeap(String scheme) throws Exception {
        List<String> command = ServerProcess.javaCommand(List.of("-Xmx512m"), LoadBenchmark.class);
        command.add("--mode");
        command.add("streams");
        command.add("--scheme");
        command.add(scheme);
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread reaper = new Thread(child::destroyForcibly, "streams-check-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        int status = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(reaper);
        return status == 0;
    }

    private static void usageError(String message) {
        System.err.println("load-benchmark: " + message);
        System.err.println(usage());
        System.exit(2);
    }

    private static String usage() {
        return "usage: java -jar load-benchmark.jar [--mode all|table|streams|accuracy|cold|wrk] [--scheme http|https]"
                + " [--concurrency 1,16,64,256,1000] [--requests N] [--warmup N] [--rounds 5] [--jit-warmup-s 150]"
                + " [--tokens 64] [--clients raw,vernier] [--wrk-seconds 10]";
    }
}
