package dev.vernier.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.HarnessWarmup;
import dev.vernier.core.api.Provider;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The cold-run check of issue #15: a fresh JVM (no suite warm-up requests), 256 requests at
 * concurrency 32 against the simulator in the same JVM with known timing (first token after 200 ms,
 * then 64 tokens 10 ms apart: 830 ms end to end), over http and over https, with and without the
 * harness warm-up ({@link HarnessWarmup}, those that apply to the run's provider, given it as a run gives them, before the first request).
 *
 * <p>t_send is where the transport says the request's first byte is written
 * ({@link TokenSink#requestWriting}), so TTFT and E2E are the server's times; connection set-up is a
 * phase of its own (shown too). These moments come from the runner's own samples ({@link ClientMoments}). The truth is what the server reports it did
 * ({@link StreamingSimulator#onStreamed}: first and last content write) after the request left the
 * client ({@link ClientMoments#requestLeft}: the earlier of the client's write returning and the
 * server reading it, so that the server's own wait to read it is the server's latency, not the
 * harness's error) and, beside it, its schedule. Each configuration runs in a child JVM of its own, so each is cold.
 *
 * <p>Three servers: the simulator in the child's JVM, the simulator warm in a JVM of its own (truth:
 * its schedule), and the issue's own kind of server, a single-process Node stub with the same
 * timing ({@code timed-stub.js}; truth: the writes it records on the monotonic clock both processes
 * read, fetched after the run). The simulator serves each stream from a thread of its own, so on a
 * small machine its 32 threads compete with the client for the cores whenever the streams tick
 * together; the Node stub writes every stream from one thread.
 */
final class ColdRun {

    static final Duration TTFT = Duration.ofMillis(200);
    static final Duration ITL = Duration.ofMillis(10);
    static final int TOKENS = 64;
    static final int CONCURRENCY = 32;
    static final int REQUESTS = 256;
    /** The harness warm-up's budget when it is on: a run's default (RunRequest.DEFAULT_WARMUP_MS). */
    static final Duration WARMUP_BUDGET = Duration.ofSeconds(3);
    /**
     * With this system property naming a file, a configuration against the Node stub writes its requests'
     * moments there ({@code --mode cold-one ... -Dvernier.cold.details=requests.csv}).
     */
    static final String DETAILS_PROPERTY = "vernier.cold.details";

    private ColdRun() {}

    /** Percentiles in milliseconds. */
    record Stats(double median, double p99, double max) {
        static Stats of(List<Double> values) {
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN);
            }
            return new Stats(rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length); // nearest rank
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /**
     * One configuration's result.
     *
     * @param ttft         measured TTFT (from the write) in ms
     * @param ttftError    measured TTFT - the server's actual (first write - the request leaving the client)
     * @param e2eError     measured E2E (last chunk - t_send) - the server's actual (last write - the request
     *                     leaving the client)
     * @param e2eVsSchedule measured E2E - 830 ms
     * @param connect      connection set-up (wait + DNS + connect + TLS) per request, ms
     * @param trueE2e      the simulator's actual E2E, ms
     * @param toServer     the TTFT error's first part: the request leaving the client - t_send (the
     *                     harness's write), NaN without a recorded truth
     * @param firstRead    its second part: the first token read - the server's first write
     * @param lastRead     the last token read - the server's last write (with {@code toServer}, the E2E
     *                     error's parts)
     * @param serverRead   the server's read of the request - the request leaving the client (the
     *                     server's wait, in its latency and not in the error), NaN without a recorded truth
     */
    record Row(
            String scheme,
            long warmupMs,
            int samples,
            int failures,
            Stats ttft,
            Stats ttftError,
            Stats e2eError,
            Stats e2eVsSchedule,
            Stats connect,
            Stats trueE2e,
            Stats toServer,
            Stats firstRead,
            Stats lastRead,
            Stats serverRead) {

        String line() {
            return String.format(
                    Locale.ROOT,
                    "COLD %s %d %d %d %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f",
                    scheme,
                    warmupMs,
                    samples,
                    failures,
                    ttft.median(),
                    ttftError.median(),
                    ttftError.p99(),
                    e2eError.median(),
                    e2eError.p99(),
                    e2eError.max(),
                    e2eVsSchedule.median(),
                    e2eVsSchedule.p99(),
                    connect.median(),
                    connect.p99(),
                    trueE2e.median(),
                    toServer.median(),
                    firstRead.median(),
                    toServer.p99(),
                    lastRead.median(),
                    lastRead.p99(),
                    serverRead.median(),
                    serverRead.p99());
        }

        static Row parse(String line) {
            String[] f = line.trim().split(" ");
            double[] d = new double[f.length];
            for (int i = 5; i < f.length; i++) {
                d[i] = Double.parseDouble(f[i]);
            }
            return new Row(
                    f[1],
                    Long.parseLong(f[2]),
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    new Stats(d[5], Double.NaN, Double.NaN),
                    new Stats(d[6], d[7], Double.NaN),
                    new Stats(d[8], d[9], d[10]),
                    new Stats(d[11], d[12], Double.NaN),
                    new Stats(d[13], d[14], Double.NaN),
                    new Stats(d[15], Double.NaN, Double.NaN),
                    new Stats(d[16], d[18], Double.NaN),
                    new Stats(d[17], Double.NaN, Double.NaN),
                    new Stats(d[19], d[20], Double.NaN),
                    new Stats(d[21], d[22], Double.NaN));
        }
    }

    /**
     * One configuration against a server already running elsewhere ({@code base}), in this JVM (which
     * should be fresh). The truth is what the server says it did when it serves it at {@code truthUrl}
     * (the Node stub: per prompt the arrival and the first and last content write, on the clock
     * {@link System#nanoTime()} reads), otherwise its schedule.
     */
    static Row runAgainst(LoadScheme scheme, String base, String truthUrl, Duration warmupBudget) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long warmupMs;
        long origin;
        try (VernierClient vernier =
                new VernierClient(base, "cold", LoadTable.MAX_TOKENS, TOKENS, scheme.providerOptions())) {
            warmupMs = harnessWarmup(warmupBudget, vernier.provider());
            origin = vernier.runSamples(CONCURRENCY, REQUESTS, i -> "cold request " + i, samples::add)
                    .originNanos();
        }
        Map<String, long[]> seen = ClientMoments.byPrompt(samples, origin);
        if (truthUrl == null) {
            return evaluate(scheme.name() + "/external", warmupMs, samples, Map.of(), seen);
        }
        Map<String, StreamingSimulator.StreamTiming> t = truth(scheme, truthUrl);
        String details = System.getProperty(DETAILS_PROPERTY);
        if (details != null) {
            writeDetails(Path.of(details), t, seen);
        }
        return evaluate(scheme.name() + "/node", warmupMs, samples, t, seen);
    }

    /**
     * Per request, the client's and the server's moments side by side (CSV, {@link System#nanoTime()}
     * nanoseconds): t_send, the request write's return, first and last content chunk read; the server's
     * arrival stamp, first and last content write. For finding where a tail comes from (the server reading late, or the client).
     */
    private static void writeDetails(
            Path file, Map<String, StreamingSimulator.StreamTiming> truth, Map<String, long[]> seen)
            throws IOException {
        StringBuilder csv = new StringBuilder(
                "prompt,client_send,client_written,client_first_read,client_last_read,server_arrival,server_first_write,"
                        + "server_last_write\n");
        seen.forEach((prompt, w) -> {
            StreamingSimulator.StreamTiming server = truth.get(prompt);
            if (server != null) {
                long[] writes = server.contentNanos();
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%d,%d,%d,%d,%d,%d,%d%n",
                        prompt,
                        w[0],
                        w[4],
                        w[1],
                        w[2],
                        server.arrivalNanos(),
                        writes[0],
                        writes[writes.length - 1]));
            }
        });
        Files.writeString(file, csv);
    }

    /** The Node stub's record of what it did, read after the run. */
    private static Map<String, StreamingSimulator.StreamTiming> truth(LoadScheme scheme, String url) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (scheme.tls()) {
            builder.sslContext(scheme.jdkContext());
        }
        HttpResponse<String> response = builder.build()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, StreamingSimulator.StreamTiming> truth = new HashMap<>();
        new ObjectMapper().readTree(response.body()).fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            truth.put(
                    e.getKey(),
                    new StreamingSimulator.StreamTiming(
                            e.getKey(),
                            t.get("arrival").asLong(),
                            new long[] {t.get("first").asLong(), t.get("last").asLong()}));
        });
        return truth;
    }

    /** The harness warm-ups for a run of {@code provider}, as a run of it has them (those that apply). */
    private static long harnessWarmup(Duration budget, Provider provider) {
        long warmupMs = 0;
        if (!budget.isZero()) {
            for (HarnessWarmup warmup : HarnessWarmup.available(ColdRun.class.getClassLoader())) {
                if (warmup.appliesTo(provider)) {
                    warmupMs += warmup.run(budget, List.of(provider)).toMillis();
                }
            }
        }
        return warmupMs;
    }

    /** One configuration, the simulator in this JVM (which should be fresh); the truth is what it did. */
    static Row runHere(LoadScheme scheme, Duration warmupBudget) throws Exception {
        long warmupMs;
        SSLContext tls = null;
        if (scheme.tls()) {
            TestCertificates ca = TestCertificates.authority("Vernier cold-run CA");
            ca.writeCaPem(scheme.caFile());
            tls = ca.serverContext();
        }
        SimulatorConfig config = SimulatorConfig.defaults()
                .withTtft(TTFT)
                .withInterTokenDelay(ITL)
                .withTokens(TOKENS);
        Map<String, StreamingSimulator.StreamTiming> truth = new ConcurrentHashMap<>();
        List<Sample> samples = new ArrayList<>();
        long origin;
        try (StreamingSimulator simulator = new StreamingSimulator(config, tls)) {
            simulator.start();
            simulator.onStreamed(t -> truth.put(t.prompt(), t));
            try (VernierClient vernier = new VernierClient(
                    simulator.openAiBaseUrl(), "cold", LoadTable.MAX_TOKENS, TOKENS, scheme.providerOptions())) {
                warmupMs = harnessWarmup(warmupBudget, vernier.provider());
                origin = vernier.runSamples(CONCURRENCY, REQUESTS, i -> "cold request " + i, samples::add)
                        .originNanos();
            }
        }
        return evaluate(
                scheme.name() + "/in-process", warmupMs, samples, truth, ClientMoments.byPrompt(samples, origin));
    }

    private static Row evaluate(
            String scheme,
            long warmupMs,
            List<Sample> samples,
            Map<String, StreamingSimulator.StreamTiming> truth,
            Map<String, long[]> seen) {
        double schedule = (TTFT.toNanos() + (TOKENS - 1) * ITL.toNanos()) / 1e6;
        List<Double> ttft = new ArrayList<>();
        List<Double> ttftError = new ArrayList<>();
        List<Double> e2eError = new ArrayList<>();
        List<Double> e2eVsSchedule = new ArrayList<>();
        List<Double> connect = new ArrayList<>();
        List<Double> trueE2e = new ArrayList<>();
        List<Double> toServer = new ArrayList<>();
        List<Double> firstRead = new ArrayList<>();
        List<Double> lastRead = new ArrayList<>();
        List<Double> serverRead = new ArrayList<>();
        int failures = 0;
        for (Sample s : samples) {
            StreamingSimulator.StreamTiming t = truth.get(s.prompt());
            long[] w = seen.get(s.prompt()); // ClientMoments: t_send, t_1, t_n, connection set-up, t_written
            boolean external = truth.isEmpty(); // then the truth is the schedule
            if (s.failure() != null
                    || s.chunkNanos().size() != TOKENS
                    || (t == null && !external)
                    || w == null
                    || w[1] == 0) {
                failures++;
                continue;
            }
            double measuredTtft = (w[1] - w[0]) / 1e6;
            double measuredE2e = (w[2] - w[0]) / 1e6;
            long left = external ? 0 : ClientMoments.requestLeft(w[4], t.arrivalNanos());
            double actualTtft = external ? TTFT.toNanos() / 1e6 : (t.contentNanos()[0] - left) / 1e6;
            double actualE2e = external ? schedule : (t.contentNanos()[t.contentNanos().length - 1] - left) / 1e6;
            ttft.add(measuredTtft);
            ttftError.add(measuredTtft - actualTtft);
            e2eError.add(measuredE2e - actualE2e);
            e2eVsSchedule.add(measuredE2e - schedule);
            connect.add(w[3] / 1e6);
            trueE2e.add(actualE2e);
            if (!external) {
                toServer.add((left - w[0]) / 1e6);
                serverRead.add((t.arrivalNanos() - left) / 1e6);
                firstRead.add((w[1] - t.contentNanos()[0]) / 1e6);
                lastRead.add((w[2] - t.contentNanos()[t.contentNanos().length - 1]) / 1e6);
            }
        }
        return new Row(
                scheme,
                warmupMs,
                samples.size(),
                failures,
                Stats.of(ttft),
                Stats.of(ttftError),
                Stats.of(e2eError),
                Stats.of(e2eVsSchedule),
                Stats.of(connect),
                Stats.of(trueE2e),
                Stats.of(toServer),
                Stats.of(firstRead),
                Stats.of(lastRead),
                Stats.of(serverRead));
    }

    /**
     * Every configuration, each in a fresh child JVM with this one's class path: http and https,
     * without and with the harness warm-up, against the simulator inside the child (truth: its actual
     * writes) and against a warm simulator in a process of its own (truth: the schedule; warmed by this
     * JVM first, as a real server is warm while the client starts cold), and, when {@code node} is on
     * the PATH, against the Node stub (truth: its record of what it did; warmed the same way).
     */
    static String runAll(List<String> jvmArgs) throws Exception {
        boolean node = nodeAvailable();
        if (!node) {
            System.err.println("cold runs: no node on the PATH, so no rows against the Node stub");
        }
        List<Row> rows = new ArrayList<>();
        for (String name : List.of("http", "https")) {
            for (Duration budget : List.of(Duration.ZERO, WARMUP_BUDGET)) {
                rows.add(child(name, budget, null, null, null, jvmArgs));
            }
            LoadScheme scheme = LoadScheme.named(name);
            try (ServerProcess simulator = ServerProcess.simulator(TTFT, ITL, TOKENS, scheme);
                    VernierClient warmer = new VernierClient(
                            simulator.openAiBaseUrl(),
                            "warm",
                            LoadTable.MAX_TOKENS,
                            TOKENS,
                            scheme.providerOptions())) {
                warmer.run(CONCURRENCY, 2 * REQUESTS);
                for (Duration budget : List.of(Duration.ZERO, WARMUP_BUDGET)) {
                    rows.add(child(name, budget, simulator.openAiBaseUrl(), null, scheme.caFile(), jvmArgs));
                }
            }
            if (node) {
                try (ServerProcess stub = timedStub(scheme);
                        VernierClient warmer = new VernierClient(
                                stub.openAiBaseUrl(), "warm", LoadTable.MAX_TOKENS, TOKENS, scheme.providerOptions())) {
                    // warm, as a real server is while the client starts cold: a fresh stub's first wave
                    // met its own JIT compiler and collections (13 to 14 ms before it read requests)
                    warmer.run(CONCURRENCY, 2 * REQUESTS);
                    for (Duration budget : List.of(Duration.ZERO, WARMUP_BUDGET)) {
                        rows.add(child(
                                name,
                                budget,
                                stub.openAiBaseUrl(),
                                stub.origin() + "/truth",
                                scheme.caFile(),
                                jvmArgs));
                    }
                }
            }
        }
        return markdown(rows);
    }

    /**
     * The server: a single-process Node stub with the same timing ({@code timed-stub.js}),
     * serving TLS with a certificate from a CA made here when the scheme is https.
     */
    private static ServerProcess timedStub(LoadScheme scheme) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("0", Integer.toString(TOKENS), Long.toString(TTFT.toMillis()), Long.toString(ITL.toMillis())));
        if (scheme.tls()) {
            TestCertificates ca = TestCertificates.authority("Vernier cold-run CA");
            ca.writeCaPem(scheme.caFile());
            Path dir = scheme.caFile().getParent();
            Path cert = dir.resolve("node-stub-cert.pem");
            Path key = dir.resolve("node-stub-key.pem");
            ca.writeServerPem(cert, key);
            cert.toFile().deleteOnExit();
            key.toFile().deleteOnExit();
            args.add(cert.toString());
            args.add(key.toString());
        }
        return NodeStub.start("timed-stub.js", args);
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Row child(
            String scheme, Duration budget, String base, String truthUrl, Path caFile, List<String> jvmArgs)
            throws Exception {
        List<String> command = ServerProcess.javaCommand(jvmArgs, LoadBenchmark.class);
        command.add("--mode");
        command.add("cold-one");
        command.add("--scheme");
        command.add(scheme);
        command.add("--harness-warmup-ms");
        command.add(Long.toString(budget.toMillis()));
        if (base != null) {
            command.add("--base-url");
            command.add(base);
        }
        if (truthUrl != null) {
            command.add("--truth-url");
            command.add(truthUrl);
        }
        if (caFile != null) {
            command.add("--ca-file");
            command.add(caFile.toString());
        }
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Row row = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COLD ")) {
                    row = Row.parse(line);
                }
            }
        }
        if (process.waitFor() != 0 || row == null) {
            throw new IllegalStateException("cold run " + scheme + " did not finish");
        }
        return row;
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Cold runs: a fresh JVM each, %d requests at concurrency %d, simulator TTFT %d ms then %d tokens %d ms"
                        + " apart (%d ms end to end), t_send = first request byte written; errors = measured - truth"
                        + " (in-process simulator and Node stub: what it actually did; external warm simulator: its"
                        + " schedule), from the request leaving the client (the earlier of its write's return and the"
                        + " server's read); to server = that moment - t_send, first token read = t_1 - the server's"
                        + " first write (the TTFT error is their sum), last token read = t_n - the server's last write"
                        + " (with to server, the E2E error's parts); server read = the server's read of the request -"
                        + " that moment (the server's wait, part of the true times, not of the error)%n%n",
                REQUESTS,
                CONCURRENCY,
                TTFT.toMillis(),
                TOKENS,
                ITL.toMillis(),
                TTFT.toMillis() + (TOKENS - 1) * ITL.toMillis()));
        out.append("| scheme / server | harness warm-up ms | failed | TTFT p50 ms | TTFT error p50 | TTFT error p99 |"
                + " E2E error p50 | E2E error p99 | E2E error max | E2E vs schedule p50 | E2E vs schedule p99 |"
                + " connection set-up p50 | p99 | to server p50 | first token read p50 | to server p99 |"
                + " last token read p50 | last token read p99 | server read p50 | server read p99 |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
                + " ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f | %.3f | %.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f |%n",
                    r.scheme(),
                    r.warmupMs(),
                    r.failures(),
                    r.ttft().median(),
                    r.ttftError().median(),
                    r.ttftError().p99(),
                    r.e2eError().median(),
                    r.e2eError().p99(),
                    r.e2eError().max(),
                    r.e2eVsSchedule().median(),
                    r.e2eVsSchedule().p99(),
                    r.connect().median(),
                    r.connect().p99(),
                    r.toServer().median(),
                    r.firstRead().median(),
                    r.toServer().p99(),
                    r.lastRead().median(),
                    r.lastRead().p99(),
                    r.serverRead().median(),
                    r.serverRead().p99()));
        }
        out.append('\n');
        for (String server : List.of("in-process", "external", "node")) {
            for (boolean warm : List.of(false, true)) {
                Row http = find(rows, "http/" + server, warm);
                Row https = find(rows, "https/" + server, warm);
                if (http == null || https == null) {
                    continue;
                }
                double limit = 0.01 * http.trueE2e().median();
                // the time https adds: median TTFT errors against the truth, which for the simulator in
                // the JVM and the Node stub is what each server did (their lateness differs between the
                // schemes: over http the first wave's streams tick together), for the external simulator
                // the schedule (then the same as the TTFTs' difference)
                double ttftGap = https.ttftError().median() - http.ttftError().median();
                out.append(String.format(
                        Locale.ROOT,
                        "%s server, %s harness warm-up: p99 E2E error http %+.3f ms, https %+.3f ms (target <= 1%% of %.1f ms = %.1f"
                                + " ms: %s); median TTFT error https - http %+.3f ms (target within 0.5 ms: %s)%n",
                        server,
                        warm ? "with" : "without",
                        http.e2eError().p99(),
                        https.e2eError().p99(),
                        http.trueE2e().median(),
                        limit,
                        http.e2eError().p99() <= limit && https.e2eError().p99() <= limit ? "met" : "NOT met",
                        ttftGap,
                        Math.abs(ttftGap) <= 0.5 ? "met" : "NOT met"));
                if (!Double.isNaN(http.toServer().median())) {
                    // the two parts of the TTFT error apart (writing the request, reading the first token),
                    // and beside them the server's wait to read the request (over http the streams of a
                    // wave end, and their next requests arrive, together), which is not in the error
                    out.append(String.format(
                            Locale.ROOT,
                            "  of which, https - http: to the server %+.3f ms, first token read %+.3f ms;"
                                    + " the server's read (not in the error) %+.3f ms%n",
                            https.toServer().median() - http.toServer().median(),
                            https.firstRead().median() - http.firstRead().median(),
                            https.serverRead().median() - http.serverRead().median()));
                }
            }
        }
        return out.toString();
    }

    private static Row find(List<Row> rows, String scheme, boolean warm) {
        return rows.stream()
                .filter(r -> r.scheme().equals(scheme) && (r.warmupMs() > 0) == warm)
                .findFirst()
                .orElse(null);
    }
}
