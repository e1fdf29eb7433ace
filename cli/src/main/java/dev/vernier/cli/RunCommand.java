package dev.vernier.cli;

import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.journal.Journal;
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
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a suite and write samples.jsonl plus reports into a new run directory.")
public final class RunCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int NOTHING_MEASURED = 1;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<suite.yaml>", description = "The suite file.")
    Path suiteFile;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "<format>", defaultValue = "csv,html,json,junit,markdown",
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
        for (String format : new LinkedHashSet<>(formats)) {
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

        try (SuiteSession session = SuiteSession.open(suite, registry, List.of(),
                warning -> stderr.println("warning: " + warning))) {
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
        return new Suite(s.file(), s.name(), s.description(), s.prompts(), s.cases(), s.providers(), s.defaults(),
                repeats != null ? repeats : s.repeats(), s.warmup(),
                concurrency != null ? concurrency : s.concurrency(), s.timeout());
    }

    private int runAndReport(SuiteSession session, List<ReportWriter> chosen, PrintWriter stdout,
                             PrintWriter stderr) throws IOException, InterruptedException {
        Path runDir = RunFiles.createRunDirectory(out, session.suite().name(), LocalDateTime.now());
        RunResult result;
        try (Journal journal = new Journal(runDir.resolve(RunFiles.JOURNAL))) {
            RunListener listener = noProgress ? journal
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
        }
        stdout.println();
        stdout.println("Run directory: " + runDir.toAbsolutePath());
        stdout.flush();

        boolean anySucceeded = summaries.values().stream().anyMatch(s -> s.requests() > s.failures());
        if (!anySucceeded) {
            stderr.println(session.providerIds().isEmpty()
                    ? "vernier: every provider was skipped; nothing was measured."
                    : "vernier: every request failed; see failure_message in samples.csv.");
            return NOTHING_MEASURED;
        }
        return OK;
    }
}
