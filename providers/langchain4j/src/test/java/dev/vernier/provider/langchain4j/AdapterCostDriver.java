package dev.vernier.provider.langchain4j;

import com.sun.management.OperatingSystemMXBean;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the langchain4j adapter costs against the native provider: one provider type, driven by the
 * real {@link Runner} in a closed loop against a streaming simulator in another process, at several
 * concurrencies. Per level it prints one Markdown row: TTFT and TPOT error against the simulator's
 * schedule (median and p99), client CPU per request (this whole process: provider, HTTP client,
 * runner, GC, JIT), peak heap, peak and final thread counts, and failures.
 *
 * <p>Not a test: a program, run once per type in a fresh JVM (see docs/langchain4j.md):
 * <pre>
 * java -jar cli/target/vernier-cli.jar simulate --port 8089 --ttft-ms 200 --itl-ms 20 --tokens 16 &amp;
 * java -cp ... dev.vernier.provider.langchain4j.AdapterCostDriver openai http://127.0.0.1:8089 1,32,256
 * java -cp ... dev.vernier.provider.langchain4j.AdapterCostDriver langchain4j-openai http://127.0.0.1:8089 1,32,256
 * </pre>
 */
public final class AdapterCostDriver {

    private static final Duration TTFT = Duration.ofMillis(200);
    private static final Duration ITL = Duration.ofMillis(20);
    private static final int TOKENS = 16;

    private AdapterCostDriver() {}

    /** @param args type ({@code openai} or {@code langchain4j-openai}), simulator root URL, concurrencies */
    public static void main(String[] args) throws Exception {
        String type = args[0];
        String root = args[1];
        int[] levels =
                Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        ProviderFactory factory = ProviderRegistry.load().find(type).orElseThrow();
        ProviderConfig config = new ProviderConfig(
                type,
                type,
                Map.of("model", "sim-model", "base_url", root + "/v1", "max_retries", 0),
                Path.of("."),
                name -> null);
        try (Provider provider = factory.create(config)) {
            // warm-up: the JIT compiles the paths of both the provider and the runner
            run(provider, 32, 512);
            System.out.println(
                    "| type | concurrency | requests | TTFT error median / p99 ms | TPOT error median / p99 ms"
                            + " | client CPU ms / request | peak heap MB | peak threads | threads after | failed |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (int c : levels) {
                run(provider, c, Math.min(c, 8)); // settle the connection pool at this level
                System.out.println(measure(type, provider, c, requestsFor(c)));
            }
        }
    }

    /** Enough requests for a p99 at every level, in a bounded time (c=1: 60 requests of ~0.5 s). */
    private static int requestsFor(int concurrency) {
        return concurrency == 1 ? 60 : Math.max(256, 4 * concurrency);
    }

    private static String measure(String type, Provider provider, int concurrency, int requests) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        threads.resetPeakThreadCount();
        AtomicLong peakHeap = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long cpu0 = os.getProcessCpuTime();
        List<Sample> samples = run(provider, concurrency, requests);
        long cpu = os.getProcessCpuTime() - cpu0;
        sampler.interrupt();
        sampler.join();
        int peakThreads = threads.getPeakThreadCount();
        Thread.sleep(200);
        int threadsAfter = threads.getThreadCount();

        List<Sample> ok = samples.stream()
                .filter(s -> s.failure() == null && s.chunkNanos().size() == TOKENS)
                .toList();
        double[] ttftError = ok.stream()
                .mapToDouble(s -> (s.ttftNanos() - TTFT.toNanos()) / 1e6)
                .sorted()
                .toArray();
        double[] tpotError = ok.stream()
                .mapToDouble(s -> (s.tpotNanos() - ITL.toNanos()) / 1e6)
                .sorted()
                .toArray();
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %+.2f / %+.2f | %+.3f / %+.3f | %.3f | %.0f | %d | %d | %d |",
                type,
                concurrency,
                samples.size(),
                percentile(ttftError, 50),
                percentile(ttftError, 99),
                percentile(tpotError, 50),
                percentile(tpotError, 99),
                cpu / 1e6 / samples.size(),
                peakHeap.get() / 1048576.0,
                peakThreads,
                threadsAfter,
                samples.size() - ok.size());
    }

    private static List<Sample> run(Provider provider, int concurrency, int requests) throws Exception {
        List<PlannedRequest> planned = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            GenerationRequest request = new GenerationRequest("r" + i, "count " + i, null, 0.0, 64, null);
            planned.add(new PlannedRequest(i, provider.id(), "cost", "p", 0, false, request));
        }
        Runner runner = new Runner(SystemClock.instance(), concurrency, Duration.ofSeconds(60));
        return runner.run(new RunPlan(planned), Map.of(provider.id(), provider), s -> {})
                .samples();
    }

    /** Nearest-rank percentile of sorted values; NaN when empty. */
    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
