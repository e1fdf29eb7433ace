package dev.vernier.cli;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Runner;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteException;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.time.SystemClock;
import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier run}: loads a suite, runs it, writes the journal and the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a suite and write samples.jsonl plus reports into a new run directory.")
public final class RunCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int NOTHING_MEASURED = 1;
    static final int BAD_INPUT = 2;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<suite.yaml>", description = "The suite file.")
    Path suiteFile;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "<format>", defaultValue = "csv,html",
            description = "Report formats, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--repeats", paramLabel = "N", description = "Override the suite's repeats.")
    Integer repeats;

    @Option(names = "--concurrency", paramLabel = "N", description = "Override the suite's concurrency.")
    Integer concurrency;

    @Option(names = "--no-progress", description = "Do not show progress.")
    boolean noProgress;

    /** Where providers read API keys from; the process environment unless a test sets another. */
    UnaryOperator<String> env = System::getenv;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();

        ProviderRegistry registry;
        ReportWriters writers;
        try {
            registry = ProviderRegistry.load();
            writers = ReportWriters.load();
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            stderr.println("vernier: " + e.getMessage());
            return BAD_INPUT;
        }
        List<ReportWriter> chosen = new ArrayList<>();
        for (String format : new java.util.LinkedHashSet<>(formats)) {
            try {
                chosen.add(writers.require(format.trim()));
            } catch (IllegalArgumentException e) {
                stderr.println("vernier: " + e.getMessage());
                return BAD_INPUT;
            }
        }
        if ((repeats != null && repeats < 1) || (concurrency != null && concurrency < 1)) {
            stderr.println("vernier: --repeats and --concurrency must be at least 1.");
            return BAD_INPUT;
        }

        Suite suite;
        try {
            suite = withOverrides(new SuiteLoader(registry, env).load(suiteFile));
        } catch (SuiteException e) {
            stderr.println(e.getMessage());
            return BAD_INPUT;
        }

        Lineup lineup = new Lineup();
        try {
            Integer error = createProviders(suite, registry, lineup, stderr);
            if (error != null) {
                return error;
            }
            return runAndReport(suite, lineup, chosen, stdout, stderr);
        } finally {
            for (Provider provider : lineup.available.values()) {
                try {
                    provider.close();
                } catch (Exception e) {
                    stderr.println("warning: closing " + provider.id() + " failed: " + e.getMessage());
                }
            }
        }
    }

    private Suite withOverrides(Suite s) {
        return new Suite(s.file(), s.name(), s.description(), s.prompts(), s.cases(), s.providers(), s.defaults(),
                repeats != null ? repeats : s.repeats(), s.warmup(),
                concurrency != null ? concurrency : s.concurrency(), s.timeout());
    }

    /** The providers of a run in suite order under unique ids: those that run and those skipped. */
    private static final class Lineup {
        final List<String> order = new ArrayList<>();
        final Map<String, Provider> available = new LinkedHashMap<>();
        final Map<String, ProviderRun> skipped = new LinkedHashMap<>();

        void skip(ProviderRun run) {
            order.add(run.providerId());
            skipped.put(run.providerId(), run);
        }

        void add(String id, Provider provider) {
            order.add(id);
            available.put(id, provider);
        }
    }

    /**
     * Creates every provider in suite order. Returns an exit code when the suite cannot run, else null.
     */
    private Integer createProviders(Suite suite, ProviderRegistry registry, Lineup lineup, PrintWriter stderr) {
        Set<String> ids = new HashSet<>();
        for (ProviderConfig config : suite.providers()) {
            String label = config.id() != null ? config.id() : config.type();
            ProviderFactory factory = registry.find(config.type()).orElse(null);
            if (factory == null) { // the loader checked types, so only a changed class path gets here
                stderr.println(suite.file() + ": provider '" + label + "': unknown type '" + config.type() + "'.");
                return BAD_INPUT;
            }
            Provider provider;
            try {
                provider = factory.create(config);
            } catch (ConfigException e) {
                stderr.println(suite.file() + ": provider '" + label + "'"
                        + (e.key() != null ? " option '" + e.key() + "'" : "") + ": " + e.getMessage());
                return BAD_INPUT;
            } catch (RuntimeException e) {
                String id = unique(label, ids);
                String reason = "could not be created: " + e.getMessage();
                stderr.println(id + ": " + reason);
                lineup.skip(new ProviderRun(id, null, null, -1, reason, 0, suite.concurrency()));
                continue;
            }
            String id = unique(provider.id(), ids);
            String reason;
            try {
                reason = provider.unavailableReason();
            } catch (RuntimeException e) {
                reason = "availability check failed: " + e.getMessage();
            }
            if (reason != null) {
                stderr.println(id + ": " + reason);
                lineup.skip(new ProviderRun(id, provider.accessMode(), facts(provider), provider.loadMillis(),
                        reason, 0, suite.concurrency()));
                closeQuietly(provider);
            } else {
                lineup.add(id, provider);
            }
        }
        return null;
    }

    private int runAndReport(Suite suite, Lineup lineup, List<ReportWriter> chosen, PrintWriter stdout,
                             PrintWriter stderr) throws IOException, InterruptedException {
        Map<String, Provider> providers = lineup.available;
        Path runDir = createRunDirectory(suite.name());
        RunPlan plan = RunPlan.expand(suite, List.copyOf(providers.keySet()));
        Instant startedAt = Instant.now();
        Runner.Outcome outcome;
        try (Journal journal = new Journal(runDir.resolve(RunFiles.JOURNAL))) {
            RunListener listener = noProgress ? journal
                    : RunListener.all(journal, new ProgressBar(stderr, System.console() != null, System::nanoTime));
            outcome = new Runner(SystemClock.instance(), suite.concurrency(), suite.timeout())
                    .run(plan, providers, listener);
        }
        Instant finishedAt = Instant.now();

        List<ProviderRun> runs = new ArrayList<>();
        for (String id : lineup.order) {
            Provider p = providers.get(id);
            runs.add(p != null
                    ? new ProviderRun(id, p.accessMode(), facts(p), p.loadMillis(), null,
                            outcome.windowNanos().getOrDefault(id, 0L), suite.concurrency())
                    : lineup.skipped.get(id));
        }
        RunResult result = new RunResult(suite.name(), suite.file().toString(), startedAt, finishedAt,
                EnvironmentFacts.collect(), runs, outcome.samples());
        RunFiles.writeRunJson(result, runDir.resolve(RunFiles.RUN_JSON));
        for (ReportWriter writer : chosen) {
            writer.write(result, runDir);
        }

        Map<String, Summary> summaries = result.summaries();
        if (!summaries.isEmpty()) {
            stdout.println();
            SummaryTable.print(summaries, stdout);
        }
        stdout.println();
        stdout.println("Run directory: " + runDir.toAbsolutePath());
        stdout.flush();

        boolean anySucceeded = summaries.values().stream().anyMatch(s -> s.requests() > s.failures());
        if (!anySucceeded) {
            stderr.println(providers.isEmpty() ? "vernier: every provider was skipped; nothing was measured."
                    : "vernier: every request failed; see failure_message in samples.csv.");
            return NOTHING_MEASURED;
        }
        return OK;
    }

    private Path createRunDirectory(String suiteName) throws IOException {
        String base = suiteName.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + LocalDateTime.now().format(STAMP);
        Files.createDirectories(out);
        Path dir = out.resolve(base);
        for (int n = 2; ; n++) {
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                dir = out.resolve(base + "-" + n);
            }
        }
    }

    private static String unique(String id, Set<String> taken) {
        String candidate = id;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = id + "#" + n;
        }
        return candidate;
    }

    private static dev.vernier.core.api.ModelFacts facts(Provider provider) {
        try {
            return provider.describe();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (Exception ignored) {
            // an unavailable provider has nothing worth reporting on close
        }
    }
}
