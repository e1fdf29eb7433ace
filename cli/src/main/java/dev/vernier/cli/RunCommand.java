package dev.vernier.cli;

import dev.vernier.app.RunException;
import dev.vernier.app.RunObserver;
import dev.vernier.app.RunOutcome;
import dev.vernier.app.RunPipeline;
import dev.vernier.app.RunRequest;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.session.SummaryTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vernier run}: translates its flags into a {@link RunRequest}, runs it through the one
 * {@link RunPipeline}, and prints: skipped providers, progress, the summary table, the run directory
 * and, when the run did not measure anything or stopped, why. SIGINT and SIGTERM stop the run cleanly
 * (requests in flight recorded as cancelled, the journal closed, the reports written) and the last
 * line says how to resume it.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a suite and write samples.jsonl plus reports into a new run directory, or resume a"
                + " stopped run with --resume.")
public final class RunCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int NOTHING_MEASURED = 1;
    static final int BAD_INPUT = 2;
    /** The run was stopped (a signal) or could not write its journal; it can be resumed. */
    static final int STOPPED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<suite.yaml>",
            description = "The suite file (not with --resume: the run directory names its suite).")
    Path suiteFile;

    @Option(
            names = "--resume",
            paramLabel = "<run-dir>",
            description = "Resume a stopped or killed run: send only the requests its journal does not hold, append to"
                    + " it, and write the reports over every attempt.")
    Path resume;

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

    /** The pipeline of the run in progress, for the signal handler. */
    private volatile RunPipeline running;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if ((suiteFile == null) == (resume == null)) {
            stderr.println("vernier: give a suite file to run, or --resume <run-dir> to resume a run (not both).");
            return BAD_INPUT;
        }
        if (repeats != null && repeats < 1) {
            stderr.println("vernier: --repeats must be at least 1.");
            return BAD_INPUT;
        }
        if (resume != null && (repeats != null || loadOptionsGiven())) {
            stderr.println(
                    "vernier: --resume sends the run's own plan again; leave out --repeats and the load options.");
            return BAD_INPUT;
        }
        RunRequest.Builder request = resume != null ? RunRequest.resume(resume) : RunRequest.suite(suiteFile);
        request.outputDir(out)
                .formats(formats)
                .repeats(repeats)
                .load(loadOptionsGiven() ? this::loadOverridesExplained : null)
                .env(env)
                .version(Main.version());
        RunPipeline pipeline = new RunPipeline(request.build());
        Thread onSignal = new Thread(() -> stopAndWait(pipeline), "vernier-stop");
        running = pipeline;
        boolean hooked = addShutdownHook(onSignal);
        try {
            return print(pipeline.run(observer(stderr)), stdout, stderr);
        } catch (RunException e) {
            stderr.println(e.getMessage());
            return BAD_INPUT;
        } finally {
            // only now may a signal's shutdown go on: the reports and the last lines are out
            stdout.flush();
            stderr.flush();
            synchronized (this) {
                running = null;
                notifyAll();
            }
            if (hooked) {
                removeShutdownHook(onSignal);
            }
        }
    }

    private RunObserver observer(PrintWriter stderr) {
        RunListener progress =
                noProgress ? sample -> {} : new ProgressBar(stderr, System.console() != null, System::nanoTime);
        return new RunObserver() {
            @Override
            public void skipped(ProviderRun provider) {
                stderr.println(skipLine(provider));
            }

            @Override
            public void warning(String message) {
                stderr.println("warning: " + message);
            }

            @Override
            public RunListener progress() {
                return progress;
            }
        };
    }

    private int print(RunOutcome outcome, PrintWriter stdout, PrintWriter stderr) {
        if (outcome.status() == RunOutcome.Status.JOURNAL_FAILED) {
            stderr.println("vernier: " + outcome.message());
            return STOPPED;
        }
        Map<String, Summary> summaries = outcome.result().summaries();
        if (!summaries.isEmpty()) {
            stdout.println();
            SummaryTable.lines(summaries).forEach(stdout::println);
            List<String> steps = SummaryTable.stepLines(outcome.result());
            if (!steps.isEmpty()) {
                stdout.println();
                steps.forEach(stdout::println);
            }
        }
        String banner = outcome.result().completeness().banner();
        if (banner != null && outcome.status() != RunOutcome.Status.STOPPED) {
            stdout.println();
            stdout.println(banner);
        }
        stdout.println();
        stdout.println("Run directory: " + outcome.runDir().toAbsolutePath());
        stdout.flush();
        outcome.errors().forEach(e -> stderr.println("warning: after a request completed: " + e));
        return switch (outcome.status()) {
            case MEASURED -> OK;
            case ALL_SKIPPED, ALL_FAILED -> {
                stderr.println("vernier: " + outcome.message() + ".");
                yield NOTHING_MEASURED;
            }
            default -> {
                stderr.println("vernier: " + outcome.message());
                yield STOPPED;
            }
        };
    }

    /** Called on SIGINT/SIGTERM: stops the run and holds the JVM's exit until its reports are written. */
    private void stopAndWait(RunPipeline pipeline) {
        if (running != pipeline) {
            return;
        }
        pipeline.stop("interrupted by a signal (SIGINT or SIGTERM)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        synchronized (this) {
            while (running == pipeline && System.nanoTime() < deadline) {
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // the JVM is already shutting down
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running or ran
        }
    }

    /** The one line shown for a provider set aside: {@code skipped <id> — <reason>}. */
    static String skipLine(ProviderRun skipped) {
        return "skipped " + skipped.providerId() + " — " + skipped.skippedReason();
    }

    private boolean loadOptionsGiven() {
        return concurrency != null
                || rate != null
                || arrivals != null
                || maxInFlight != null
                || requests != null
                || duration != null;
    }

    /** {@link #loadOverrides} with the hint the command line adds to a refused combination. */
    private LoadProfile loadOverridesExplained(LoadProfile load) {
        try {
            return loadOverrides(load);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + ". Check the load options (--concurrency, --rate, "
                            + "--arrivals, --max-in-flight, --requests, --duration)",
                    e);
        }
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
                duration != null ? Duration.ofNanos(Math.round(duration * 1e9)) : load.durationPerStep(),
                load.warmupPerStep(),
                load.coolDown(),
                load.stop(),
                load.seed());
    }

    private static Arrivals parseArrivals(String value) {
        try {
            return Arrivals.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arrivals must be constant or poisson, not '" + value + "'");
        }
    }
}
