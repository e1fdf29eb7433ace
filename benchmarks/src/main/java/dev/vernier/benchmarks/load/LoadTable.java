package dev.vernier.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * The throughput table: at each concurrency, the raw JDK baseline and Vernier against one simulator
 * process (zero TTFT, zero inter-token delay), each warmed up, then measured.
 */
final class LoadTable {

    /** The prompt every request sends. */
    static final String PROMPT = "Write sixty-four words about measuring latency under load.";
    /** max_tokens of every request: above the simulator's token count, so every answer ends with stop. */
    static final int MAX_TOKENS = 256;

    /**
     * How to run the table.
     *
     * @param concurrencies  the levels, in order
     * @param tokens         tokens per response
     * @param requestsAt     measured requests per client and round at a concurrency (null: {@link #defaultRequests})
     * @param warmupAt       warm-up requests per client at a concurrency (null: {@link #defaultWarmup})
     * @param rounds         measured rounds per client and level, alternating the clients; the table shows
     *                       each figure's median over the rounds
     * @param jitWarmup      longest time to spend warming up the JIT before the first level (zero: none)
     * @param clients        which clients to measure: {@code raw}, {@code vernier} or both
     */
    record Settings(
            List<Integer> concurrencies,
            int tokens,
            IntUnaryOperator requestsAt,
            IntUnaryOperator warmupAt,
            int rounds,
            Duration jitWarmup,
            Set<String> clients) {
        Settings {
            concurrencies = List.copyOf(concurrencies);
            requestsAt = requestsAt == null ? LoadTable::defaultRequests : requestsAt;
            warmupAt = warmupAt == null ? LoadTable::defaultWarmup : warmupAt;
            clients = Set.copyOf(clients);
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1");
            }
        }
    }

    /** Measured requests per client and round: 2,000, or 4 rounds of the concurrency when that is more. */
    static int defaultRequests(int concurrency) {
        return Math.max(2_000, 4 * concurrency);
    }

    /** Warm-up requests per client at each level: 500, or 2 rounds of the concurrency when that is more. */
    static int defaultWarmup(int concurrency) {
        return Math.max(500, 2 * concurrency);
    }

    private LoadTable() {}

    /** The request body both clients send (the bytes Vernier's openai provider builds for the same request). */
    static byte[] requestBody(String prompt, int maxTokens) {
        String escaped = prompt.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + escaped + "\"}],"
                        + "\"temperature\":0.0,\"max_tokens\":" + maxTokens + ",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts a simulator process and measures the clients at every level.
     *
     * @param progress told about each round as it is measured, and about the JIT warm-up
     */
    static List<LevelSummary> run(Settings settings, Consumer<String> progress) throws Exception {
        return run(settings, LoadScheme.http(), progress);
    }

    /** The same over {@code scheme} (HTTPS: the simulator serves TLS with a CA both clients trust). */
    static List<LevelSummary> run(Settings settings, LoadScheme scheme, Consumer<String> progress) throws Exception {
        List<LevelSummary> results = new ArrayList<>();
        try (ServerProcess simulator =
                        ServerProcess.simulator(Duration.ZERO, Duration.ZERO, settings.tokens(), scheme);
                ResourceMeter meter = new ResourceMeter(simulator::cpuNanos);
                RawJdkClient raw = new RawJdkClient(
                        URI.create(simulator.openAiBaseUrl() + "/chat/completions"),
                        requestBody(PROMPT, MAX_TOKENS),
                        settings.tokens(),
                        scheme.jdkContext());
                VernierClient vernier = new VernierClient(
                        simulator.openAiBaseUrl(), PROMPT, MAX_TOKENS, settings.tokens(), scheme.providerOptions())) {
            List<LoadClient> clients = new ArrayList<>();
            if (settings.clients().contains("raw")) {
                clients.add(raw);
            }
            if (settings.clients().contains("vernier")) {
                clients.add(vernier);
            }
            warmUpJit(clients, settings.jitWarmup(), progress);
            for (int concurrency : settings.concurrencies()) {
                int warmup = settings.warmupAt().applyAsInt(concurrency);
                int requests = settings.requestsAt().applyAsInt(concurrency);
                for (LoadClient client : clients) {
                    client.run(concurrency, warmup);
                }
                Map<String, List<LevelResult>> rounds = new LinkedHashMap<>();
                for (int round = 0; round < settings.rounds(); round++) {
                    for (LoadClient client : clients) {
                        ResourceMeter.Metered<LoadClient.Counts> metered =
                                meter.measure(() -> client.run(concurrency, requests));
                        LevelResult result =
                                new LevelResult(client.name(), concurrency, metered.result(), metered.usage());
                        rounds.computeIfAbsent(client.name(), k -> new ArrayList<>())
                                .add(result);
                        progress.accept(describe(result));
                    }
                }
                rounds.forEach((name, perClient) -> results.add(new LevelSummary(name, concurrency, perClient)));
            }
        }
        return results;
    }

    /**
     * Runs the clients in turn at concurrency 64 until two passes in a row keep the JIT compiler
     * threads busy for less than 2% of their wall time (their CPU time read from
     * {@code /proc/self/task}; on a small machine C2 keeps compiling for a minute or more, and until it
     * is done part of the code runs in its slower profiled tier), or until {@code limit} has passed.
     * The JVM's own compilation-time counter is not used: it grows only when a compilation ends, so a
     * pass during one long compilation looked quiet.
     */
    static void warmUpJit(List<LoadClient> clients, Duration limit, Consumer<String> progress) throws Exception {
        if (limit.isZero() || clients.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int passes = 0;
        int quiet = 0;
        double lastShare = Double.NaN;
        while (System.nanoTime() < deadline && quiet < 2) {
            ThreadCpu.Snapshot before = ThreadCpu.snapshot();
            long t0 = System.nanoTime();
            for (LoadClient client : clients) {
                client.run(64, 2_000);
            }
            long passNanos = System.nanoTime() - t0;
            long jitNanos = ThreadCpu.byKind(before, ThreadCpu.snapshot(), 0).getOrDefault(ThreadCpu.JIT, 0L);
            passes++;
            lastShare = jitNanos / (double) passNanos;
            quiet = lastShare < 0.02 ? quiet + 1 : 0;
        }
        progress.accept(String.format(
                Locale.ROOT,
                "JIT warm-up: %d passes in %.1f s; %s; compiler threads busy %.1f%% " + "of the last pass",
                passes,
                (System.nanoTime() - start) / 1e9,
                quiet >= 2 ? "settled" : "not settled within the limit",
                100 * lastShare));
    }

    static String describe(LevelResult r) {
        return String.format(
                Locale.ROOT,
                "  %-26s c=%-5d %,8.0f req/s  %.3f ms CPU/req  %s %s",
                r.client(),
                r.concurrency(),
                r.requestsPerSecond(),
                r.cpuMsPerRequest(),
                threadBreakdown(r),
                errors(r));
    }

    /** The results as a Markdown table, raw and Vernier per concurrency, with the Vernier / raw ratio. */
    static String markdown(List<LevelSummary> results) {
        StringBuilder out = new StringBuilder();
        out.append("| concurrency | client | requests | errors | req/s | Vernier / raw req/s | client CPU ms/req "
                + "| same without JIT | simulator CPU ms/req | peak heap MiB | live heap MiB | peak RSS MiB "
                + "| GCs (pause ms) |\n");
        out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        LevelSummary raw = null;
        for (LevelSummary r : results) {
            String ratio = "";
            if (r.client().startsWith("raw")) {
                raw = r;
            } else if (raw != null && raw.concurrency() == r.concurrency()) {
                ratio = fmt("%.2f", r.requestsPerSecond() / raw.requestsPerSecond());
            }
            out.append("| ")
                    .append(fmt("%,d", r.concurrency()))
                    .append(" | ")
                    .append(r.client())
                    .append(" | ")
                    .append(fmt("%,d", r.requests()))
                    .append(" | ")
                    .append(r.errors())
                    .append(r.retried() > 0 ? " (+" + r.retried() + " retried)" : "")
                    .append(" | ")
                    .append(fmt("%,.0f", r.requestsPerSecond()))
                    .append(" | ")
                    .append(ratio)
                    .append(" | ")
                    .append(fmt("%.3f", r.cpuMsPerRequest()))
                    .append(" | ")
                    .append(fmt("%.3f", r.cpuMsPerRequestWithoutJit()))
                    .append(" | ")
                    .append(r.simulatorCpuMsPerRequest() < 0 ? "?" : fmt("%.3f", r.simulatorCpuMsPerRequest()))
                    .append(" | ")
                    .append(mib(r.peakHeapBytes()))
                    .append(" | ")
                    .append(mib(r.liveHeapBytes()))
                    .append(" | ")
                    .append(mib(r.peakRssBytes()))
                    .append(" | ")
                    .append(r.gcCount())
                    .append(" (")
                    .append(r.gcMillis())
                    .append(")")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Client CPU per request by thread kind, for the median round of each result (ms). */
    static String cpuBreakdown(List<LevelSummary> results) {
        StringBuilder out = new StringBuilder();
        for (LevelSummary r : results) {
            out.append(fmt("- c=%,d %s: %s%n", r.concurrency(), r.client(), threadBreakdown(r.medianCpuRound())));
        }
        return out.toString();
    }

    /** Client CPU per request by thread kind, e.g. {@code [JIT compiler 0.010, main 0.050, ...]} (ms). */
    static String threadBreakdown(LevelResult r) {
        StringBuilder out = new StringBuilder("[");
        r.usage().cpuByThreadKind().forEach((kind, nanos) -> {
            if (nanos > 0) {
                out.append(out.length() > 1 ? ", " : "")
                        .append(kind)
                        .append(' ')
                        .append(fmt("%.3f", nanos / 1e6 / r.counts().requests()));
                long kernel = r.usage().kernelByThreadKind().getOrDefault(kind, 0L);
                if (kernel > 0) {
                    out.append(fmt(" (kernel %.3f)", kernel / 1e6 / r.counts().requests()));
                }
            }
        });
        return out.append(']').toString();
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : fmt("%,.0f", bytes / 1048576.0);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** For messages: an error summary of a result, or empty. */
    static String errors(LevelResult r) {
        return r.counts().errors() == 0
                ? ""
                : r.counts().errors() + " errors, first: " + r.counts().firstError();
    }

    /** For messages: an error summary of a level, or empty. */
    static String errors(LevelSummary r) {
        return r.errors() == 0 ? "" : r.errors() + " errors, first: " + r.firstError();
    }
}
