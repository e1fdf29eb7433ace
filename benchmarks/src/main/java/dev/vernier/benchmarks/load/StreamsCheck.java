package dev.vernier.benchmarks.load;

import dev.vernier.core.run.Sample;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * "1,000 concurrent streams complete without errors within a 512 MiB heap": each client runs
 * {@code rounds} x 1,000 requests at concurrency 1,000 against a simulator process whose streams last
 * about 1.5 s (TTFT 200 ms, 64 tokens 20 ms apart), so that all 1,000 are open at once; it checks
 * that none failed, that every stream carried all its tokens and that 1,000 really were in flight
 * together. Run in a JVM with {@code -Xmx512m} ({@link LoadBenchmark} starts one).
 */
final class StreamsCheck {

    static final long HEAP_LIMIT = 512L * 1024 * 1024;

    /**
     * @param streams concurrent streams
     * @param rounds  requests per client, in units of {@code streams}
     * @param ttft    the simulator's time to first token
     * @param itl     the simulator's gap between tokens
     * @param tokens  tokens per response
     */
    record Settings(int streams, int rounds, Duration ttft, Duration itl, int tokens) {
        static Settings standard() {
            return new Settings(1_000, 3, Duration.ofMillis(200), Duration.ofMillis(20), 64);
        }
    }

    /** One client's run. */
    record Result(LevelResult level, int maxInFlight) {
        boolean passed(Settings settings) {
            return level.counts().errors() == 0
                    && level.counts().requests() == settings.streams() * settings.rounds()
                    && maxInFlight == settings.streams();
        }
    }

    private StreamsCheck() {}

    static List<Result> run(Settings settings) throws Exception {
        return run(settings, LoadScheme.http());
    }

    static List<Result> run(Settings settings, LoadScheme scheme) throws Exception {
        List<Result> results = new ArrayList<>();
        int requests = settings.streams() * settings.rounds();
        try (ServerProcess simulator =
                        ServerProcess.simulator(settings.ttft(), settings.itl(), settings.tokens(), scheme);
                ResourceMeter meter = new ResourceMeter(simulator::cpuNanos);
                VernierClient vernier = new VernierClient(
                        simulator.openAiBaseUrl(),
                        LoadTable.PROMPT,
                        LoadTable.MAX_TOKENS,
                        settings.tokens(),
                        scheme.providerOptions());
                RawJdkClient raw = new RawJdkClient(
                        URI.create(simulator.openAiBaseUrl() + "/chat/completions"),
                        LoadTable.requestBody(LoadTable.PROMPT, LoadTable.MAX_TOKENS),
                        settings.tokens(),
                        scheme.jdkContext())) {
            long[][] spans = new long[1][];
            ResourceMeter.Metered<LoadClient.Counts> v = meter.measure(() -> {
                long[] starts = new long[requests];
                long[] ends = new long[requests];
                int[] i = {0};
                int[] errors = {0};
                long[] events = {0};
                int[] retried = {0};
                String[] first = {null};
                vernier.runSamples(settings.streams(), requests, k -> LoadTable.PROMPT, (Sample s) -> {
                    // in flight from its start, waiting for a connection included, as the raw client counts
                    starts[i[0]] = s.intendedNanos();
                    ends[i[0]] = s.sendNanos() + s.endNanos();
                    i[0]++;
                    events[0] += s.chunkNanos().size();
                    if (s.attempts() > 1 && s.failure() == null) {
                        retried[0]++;
                    }
                    if (s.failure() != null || s.chunkNanos().size() != settings.tokens()) {
                        errors[0]++;
                        if (first[0] == null) {
                            first[0] = s.failure() != null
                                    ? s.failure().kind() + ": " + s.failure().message()
                                    : "incomplete: " + s.chunkNanos().size() + " chunks";
                        }
                    }
                });
                spans[0] = maxOverlapInput(starts, ends, i[0]);
                return new LoadClient.Counts(i[0], errors[0], events[0], retried[0], first[0]);
            });
            results.add(new Result(
                    new LevelResult(vernier.name(), settings.streams(), v.result(), v.usage()), maxOverlap(spans[0])));
            ResourceMeter.Metered<LoadClient.Counts> r = meter.measure(() -> raw.run(settings.streams(), requests));
            results.add(new Result(
                    new LevelResult(raw.name(), settings.streams(), r.result(), r.usage()), raw.maxInFlight()));
        }
        return results;
    }

    /** Start and end times as one array of events: +time for a start, encoded for {@link #maxOverlap}. */
    private static long[] maxOverlapInput(long[] starts, long[] ends, int n) {
        long[] events = new long[2 * n];
        for (int k = 0; k < n; k++) {
            events[2 * k] = starts[k] * 2 + 1; // starts sort after ends at the same instant
            events[2 * k + 1] = ends[k] * 2;
        }
        return events;
    }

    /** The largest number of intervals open at one time. */
    static int maxOverlap(long[] events) {
        long[] sorted = events.clone();
        Arrays.sort(sorted);
        int open = 0;
        int max = 0;
        for (long e : sorted) {
            open += (e & 1) == 1 ? 1 : -1;
            max = Math.max(max, open);
        }
        return max;
    }

    static String markdown(Settings settings, List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%,d concurrent streams (TTFT %d ms, %d tokens %d ms apart), %,d requests"
                        + " per client, max heap %,d MiB%n%n",
                settings.streams(),
                settings.ttft().toMillis(),
                settings.tokens(),
                settings.itl().toMillis(),
                settings.streams() * settings.rounds(),
                Runtime.getRuntime().maxMemory() / 1048576));
        out.append("| client | requests | errors | max in flight | wall s | client CPU ms/req | peak heap MiB "
                + "| live heap MiB | peak RSS MiB | GCs (pause ms) | check |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Result r : results) {
            LevelResult l = r.level();
            ResourceMeter.Usage u = l.usage();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %d | %,d | %.1f | %.3f | %s | %s | %s | %d (%d) | %s |%n",
                    l.client(),
                    l.counts().requests(),
                    l.counts().errors(),
                    r.maxInFlight(),
                    u.wallNanos() / 1e9,
                    l.cpuMsPerRequest(),
                    LoadTable.mib(u.peakHeapBytes()),
                    LoadTable.mib(u.liveHeapBytes()),
                    LoadTable.mib(u.peakRssBytes()),
                    u.gcCount(),
                    u.gcMillis(),
                    r.passed(settings) ? "passed" : "FAILED"));
        }
        for (Result r : results) {
            if (r.level().counts().firstError() != null) {
                out.append("\nfirst error of ")
                        .append(r.level().client())
                        .append(": ")
                        .append(r.level().counts().firstError())
                        .append('\n');
            }
        }
        return out.toString();
    }
}
