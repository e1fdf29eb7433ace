package dev.vernier.cli;

import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.session.EnvironmentFacts;
import dev.vernier.core.session.RunFiles;
import dev.vernier.core.session.SessionException;
import dev.vernier.core.session.SuiteSession;
import dev.vernier.core.session.SummaryTable;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteException;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.time.SystemClock;
import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier run}: loads a suite, runs it, writes the journal and the reports. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a suite and write samples.jsonl plus reports into a new run directory.")
public final class RunCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int NOTHING_MEASURED = 1;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<suite.yaml>", description = "The suite file.")
    Path suiteFile;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--format",
            split = ",",
            paramLabel = "<format>",
            defaultValue = "csv,html,json,junit,markdown",
            description = "Report formats, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--repeats", paramLabel = "N", description = "Override the suite's repeats.")
    Integer repeats;

    @Option(
            names = "--concurrency",
            split = ",",
            paramLabel = "N",
            description = "Closed loop with N requests in flight, replacing the suite's load; a comma-separated "
                    + "list (1,4,16) runs a sweep.")
    List<Integer> concurrency;

    @Option(
            names = "--rate",
            split = ",",
            paramLabel = "R",
            description = "Open loop at R requests per second, replacing the suite's load; a list runs a sweep.")
    List<Double> rate;

    @Option(
            names = "--arrivals",
            paramLabel = "constant|poisson",
            description = "Spacing of open-loop sends (default: the suite's, else constant).")
    String arrivals;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "Cap on open-loop requests in flight.")
    Integer maxInFlight;

    @Option(names = "--requests", paramLabel = "N", description = "Requests per load step (cycling through the cases).")
    Long requests;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Length of each load step in seconds.")
    Double duration;

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
        for (String format : new LinkedHashSet<>(formats)) {
            try {
                chosen.add(writers.require(format.trim()));
            } catch (IllegalArgumentException e) {
                stderr.println("vernier: " + e.getMessage());
                return BAD_INPUT;
            }
        }
        if (repeats != null && repeats < 1) {
            stderr.println("vernier: --repeats must be at least 1.");
            return BAD_INPUT;
        }

        Suite suite;
        try {
            suite = withOverrides(new SuiteLoader(registry, env).load(suiteFile));
        } catch (SuiteException e) {
            stderr.println(e.getMessage());
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {
            stderr.println("vernier: " + e.getMessage() + ". Check the load options (--concurrency, --rate, "
                    + "--arrivals, --max-in-flight, --requests, --duration).");
            return BAD_INPUT;
        }

        try (SuiteSession session =
                SuiteSession.open(suite, registry, List.of(), warning -> stderr.println("warning: " + warning))) {
            for (ProviderRun skipped : session.skipped()) {
                stderr.println(skipLine(skipped));
            }
            return runAndReport(session, chosen, stdout, stderr);
        } catch (SessionException e) {
            stderr.println(e.getMessage());
            return BAD_INPUT;
        }
    }

    /** The one line shown for a provider set aside: {@code skipped <id> — <reason>}. */
    static String skipLine(ProviderRun skipped) {
        return "skipped " + skipped.providerId() + " — " + skipped.skippedReason();
    }

    private Suite withOverrides(Suite s) {
        Suite r = s;
        if (repeats != null) {
            r = new Suite(
                    s.file(),
                    s.name(),
                    s.description(),
                    s.prompts(),
                    s.cases(),
                    s.providers(),
                    s.defaults(),
                    repeats,
                    s.warmup(),
                    s.concurrency(),
                    s.timeout(),
                    s.prices(),
                    s.expectedMonthlyTokens(),
                    s.load(),
                    s.slo());
        }
        return r.withLoad(loadOverrides(r.load()));
    }

    /** The suite's load profile with the command line's load options applied. */
    LoadProfile loadOverrides(LoadProfile load) {
        if (concurrency != null && rate != null) {
            throw new IllegalArgumentException("--concurrency (closed loop) and --rate (open loop) exclude each other");
        }
        List<LoadStep> steps = load.steps();
        LoadStep.Open openTemplate = steps.get(0) instanceof LoadStep.Open o ? o : null;
        Arrivals spacing = arrivals != null
                ? parseArrivals(arrivals)
                : openTemplate != null ? openTemplate.arrivals() : Arrivals.CONSTANT;
        int cap = maxInFlight != null ? maxInFlight : openTemplate != null ? openTemplate.maxInFlight() : 0;
        if (concurrency != null) {
            steps = concurrency.stream()
                    .map(n -> (LoadStep) new LoadStep.Closed(n))
                    .toList();
        } else if (rate != null) {
            steps = rate.stream()
                    .map(x -> (LoadStep) new LoadStep.Open(x, spacing, cap))
                    .toList();
        } else if (openTemplate != null && (arrivals != null || maxInFlight != null)) {
            steps = steps.stream()
                    .map(st -> (LoadStep) new LoadStep.Open(((LoadStep.Open) st).rate(), spacing, cap))
                    .toList();
        } else if (arrivals != null || maxInFlight != null) {
            throw new IllegalArgumentException("--arrivals and --max-in-flight apply to an open loop; add --rate");
        }
        return new LoadProfile(
                steps,
                requests != null ? requests : load.requestsPerStep(),
                duration != null ? java.time.Duration.ofNanos(Math.round(duration * 1e9)) : load.durationPerStep(),
                load.warmupPerStep(),
                load.coolDown(),
                load.stop(),
                load.seed());
    }

    private static Arrivals parseArrivals(String value) {
        try {
            return Arrivals.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arrivals must be constant or poisson, not '" + value + "'");
        }
    }

    private int runAndReport(SuiteSession session, List<ReportWriter> chosen, PrintWriter stdout, PrintWriter stderr)
            throws IOException, InterruptedException {
        Path runDir = RunFiles.createRunDirectory(out, session.suite().name(), LocalDateTime.now());
        RunResult result;
        try (Journal journal = new Journal(runDir.resolve(RunFiles.JOURNAL))) {
            RunListener listener = noProgress
                    ? journal
                    : RunListener.all(journal, new ProgressBar(stderr, System.console() != null, System::nanoTime));
            result = session.run(SystemClock.instance(), EnvironmentFacts.collect(Main.version()), listener);
        }
        RunFiles.writeRunJson(result, runDir.resolve(RunFiles.RUN_JSON));
        for (ReportWriter writer : chosen) {
            writer.write(result, runDir);
        }

        Map<String, Summary> summaries = result.summaries();
        if (!summaries.isEmpty()) {
            stdout.println();
            SummaryTable.lines(summaries).forEach(stdout::println);
            List<String> steps = SummaryTable.stepLines(result);
            if (!steps.isEmpty()) {
                stdout.println();
                steps.forEach(stdout::println);
            }
        }
        stdout.println();
        stdout.println("Run directory: " + runDir.toAbsolutePath());
        stdout.flush();

        boolean anySucceeded = summaries.values().stream().anyMatch(s -> s.requests() > s.failures());
        if (!anySucceeded) {
            stderr.println(
                    session.providerIds().isEmpty()
                            ? "vernier: every provider was skipped; nothing was measured."
                            : "vernier: every request failed; see failure_message in samples.csv.");
            return NOTHING_MEASURED;
        }
        return OK;
    }
}
