package dev.vernier.app;

import dev.vernier.core.api.HarnessWarmup;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.JournalEvent;
import dev.vernier.core.journal.JournalException;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.model.ModelLocator;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RequestKey;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.session.EnvironmentFacts;
import dev.vernier.core.session.ProviderSlot;
import dev.vernier.core.session.RunFiles;
import dev.vernier.core.session.RunHeader;
import dev.vernier.core.session.RunHistory;
import dev.vernier.core.session.SessionException;
import dev.vernier.core.session.SuiteSession;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteException;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;

/**
 * The one path from a {@link RunRequest} to a run directory with its journal, {@code run.json} and
 * reports, shared by the command line, the Maven plugin and the code API ({@link Vernier}):
 *
 * <ol>
 *   <li>find provider types, scorers and report writers; check the formats;</li>
 *   <li>load and check the suite (for a resume: the suite the run directory names, unchanged), apply
 *       the overrides;</li>
 *   <li>create the providers (a configuration problem stops here: nothing was created);</li>
 *   <li>create the run directory (or reuse the resumed one) and write {@code run.json} at once, so a
 *       killed run can be reported and resumed;</li>
 *   <li>run, journaling every sample as it completes and the run's events, leaving out what an
 *       earlier attempt completed;</li>
 *   <li>rebuild the result from the journal (every attempt), rewrite {@code run.json}, write the
 *       reports.</li>
 * </ol>
 *
 * <p>{@link #stop} (a signal handler) ends a run early: requests in flight are recorded as cancelled,
 * the journal is closed, the reports are written and say how far the run got. A journal that cannot
 * be written ends the run at once with {@link RunOutcome.Status#JOURNAL_FAILED} and writes nothing
 * more.
 */
public final class RunPipeline {

    private final RunRequest request;
    private volatile SuiteSession session;
    private volatile String stopReason;

    public RunPipeline(RunRequest request) {
        this.request = request;
    }

    /**
     * Stops the run (from any thread): nothing more is sent, requests in flight end as cancelled
     * samples with {@code reason}, and {@link #run} returns with {@link RunOutcome.Status#STOPPED}.
     */
    public void stop(String reason) {
        stopReason = reason;
        SuiteSession s = session;
        if (s != null) {
            s.stop(reason);
        }
    }

    /**
     * Runs the request.
     *
     * @throws RunException         when the run cannot start (bad input); nothing was sent
     * @throws IOException          when the run directory or a report cannot be written
     * @throws InterruptedException when the calling thread is interrupted while requests are in flight
     */
    public RunOutcome run(RunObserver observer) throws RunException, IOException, InterruptedException {
        Prepared p = prepare();
        try (SuiteSession opened = SuiteSession.open(
                p.suite(), p.registry(), p.scorers(), p.only(), request.providers(), observer::warning)) {
            session = opened;
            if (stopReason != null) {
                opened.stop(stopReason);
            }
            opened.skipped().forEach(observer::skipped);
            return runAndReport(opened, p.suite(), p.only(), p.resume(), p.writers(), observer);
        } catch (SessionException e) {
            throw new RunException(e.getMessage(), e);
        } finally {
            session = null;
        }
    }

    /**
     * Checks everything that can be checked without creating a provider: the plug-ins, the formats,
     * the suite (or the run directory to resume) and the overrides. A front end running several
     * suites checks them all before running any.
     *
     * @throws RunException naming what is wrong and how to fix it
     */
    public void check() throws RunException {
        prepare();
    }

    /** What a run needs before its providers are created. */
    private record Prepared(
            ProviderRegistry registry,
            ScorerRegistry scorers,
            List<ReportWriter> writers,
            Suite suite,
            List<String> only,
            Resume resume) {}

    private Prepared prepare() throws RunException {
        ClassLoader loader = request.classLoader();
        ProviderRegistry registry;
        ReportWriters writers;
        ScorerRegistry scorers;
        try {
            registry = ProviderRegistry.load(loader);
            writers = ReportWriters.load(loader);
            scorers = ScorerRegistry.load(loader);
        } catch (IllegalStateException | ServiceConfigurationError e) {
            throw new RunException("vernier: " + e.getMessage(), e);
        }
        List<ReportWriter> chosen = chooseWriters(writers);
        Resume resume = request.resumeDir() != null ? Resume.read(request.resumeDir()) : null;
        Path suiteFile = resume != null ? resume.suiteFile() : request.suiteFile();
        Suite suite;
        try {
            SuiteLoader suites = new SuiteLoader(registry, request.env(), scorers);
            if (!request.providers().isEmpty()) {
                suites = suites.withProvidersInCode();
            }
            suite = overridden(suites.load(suiteFile), resume);
        } catch (SuiteException e) {
            throw new RunException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RunException("vernier: " + e.getMessage() + ".", e);
        }
        if (resume != null) {
            resume.checkSuite(suite);
        }
        List<String> only = resume != null ? resume.header().plan().only() : request.only();
        return new Prepared(registry, scorers, chosen, suite, only, resume);
    }

    private List<ReportWriter> chooseWriters(ReportWriters writers) throws RunException {
        List<ReportWriter> chosen = new ArrayList<>();
        Set<String> formats = new LinkedHashSet<>(request.formats().isEmpty() ? writers.formats() : request.formats());
        for (String format : formats) {
            try {
                chosen.add(writers.require(format.trim()));
            } catch (IllegalArgumentException e) {
                throw new RunException("vernier: " + e.getMessage(), e);
            }
        }
        return chosen;
    }

    /** The suite with the request's overrides, or, for a resume, with the ones the run recorded. */
    private Suite overridden(Suite loaded, Resume resume) {
        if (resume != null) {
            RunHeader.Plan plan = resume.header().plan();
            return loaded.withRepeats(plan.repeats()).withLoad(plan.load());
        }
        Suite s = request.repeats() != null ? loaded.withRepeats(request.repeats()) : loaded;
        return request.load() != null ? s.withLoad(request.load().apply(s.load())) : s;
    }

    private RunOutcome runAndReport(
            SuiteSession opened,
            Suite suite,
            List<String> only,
            Resume resume,
            List<ReportWriter> writers,
            RunObserver observer)
            throws IOException, InterruptedException {
        Map<String, String> environment = new LinkedHashMap<>(EnvironmentFacts.collect(request.version()));
        warmUpHarness(opened, environment);
        Path runDir;
        RunHeader header;
        Set<RequestKey> skip;
        int attempt;
        if (resume == null) {
            runDir = RunFiles.createRunDirectory(request.outputDir(), suite.name(), LocalDateTime.now());
            header = freshHeader(opened, suite, only, environment);
            skip = Set.of();
            attempt = 1;
        } else {
            runDir = resume.dir();
            header = resume.header()
                    .restarted(environment, merged(resume.header().providers(), opened, suite));
            skip = resume.history().completed();
            attempt = resume.history().attempts() + 1;
        }
        RunFiles.writeRunJson(header, runDir.resolve(RunFiles.RUN_JSON));
        observer.started(runDir, attempt);

        SuiteSession.Attempt ran;
        JournalException journalFailure = null;
        try (Journal journal = new Journal(runDir.resolve(RunFiles.JOURNAL))) {
            journal.event(JournalEvent.runStarted(
                    attempt, request.clock().now(), header.plan().planned()));
            int thisAttempt = attempt;
            RunListener journaling = new RunListener() {
                @Override
                public void sampleCompleted(Sample sample) {
                    journal.sampleCompleted(sample);
                }

                @Override
                public void stepFinished(StepRun step) {
                    journal.event(JournalEvent.stepFinished(
                            thisAttempt, request.clock().now(), step.providerId(), step.step(), step.stopReason()));
                }
            };
            ran = opened.run(
                    request.clock(), environment, RunListener.all(journaling, observer.progress()), skip, attempt);
            journalFailure = ran.outcome().fatal();
            if (journalFailure == null) {
                String end = ran.outcome().stoppedBecause() == null
                        ? JournalEvent.COMPLETE
                        : ran.outcome().stoppedBecause();
                journal.event(JournalEvent.runEnded(attempt, request.clock().now(), end));
            }
        } catch (JournalException e) {
            journalFailure = e;
            ran = null;
        }
        if (journalFailure != null) {
            return journalFailed(runDir, header, attempt, journalFailure);
        }

        RunResult result = RunFiles.read(runDir);
        String stopped = ran.outcome().stoppedBecause();
        RunFiles.writeRunJson(
                header.ended(
                        request.clock().now(),
                        stopped == null ? RunHeader.COMPLETE : RunHeader.STOPPED,
                        stopped,
                        result.providers(),
                        result.steps()),
                runDir.resolve(RunFiles.RUN_JSON));
        for (ReportWriter writer : writers) {
            writer.write(result, runDir);
        }
        List<String> formats = writers.stream().map(ReportWriter::format).toList();
        List<String> errors = ran.outcome().errors();
        if (stopped != null) {
            return new RunOutcome(
                    RunOutcome.Status.STOPPED,
                    result,
                    runDir,
                    attempt,
                    "stopped: " + stopped + ". " + result.completeness().completed() + " requests are recorded; resume"
                            + " with: vernier run --resume " + runDir,
                    errors,
                    formats);
        }
        boolean anySucceeded = result.summaries().values().stream().anyMatch(s -> s.requests() > s.failures());
        if (!anySucceeded) {
            boolean skippedAll = opened.providerIds().isEmpty();
            return new RunOutcome(
                    skippedAll ? RunOutcome.Status.ALL_SKIPPED : RunOutcome.Status.ALL_FAILED,
                    result,
                    runDir,
                    attempt,
                    skippedAll
                            ? "every provider was skipped; nothing was measured"
                            : "every request failed; see failure_message in samples.csv",
                    errors,
                    formats);
        }
        return new RunOutcome(RunOutcome.Status.MEASURED, result, runDir, attempt, null, errors, formats);
    }

    private RunOutcome journalFailed(Path runDir, RunHeader header, int attempt, JournalException e) {
        try { // best effort: the disk may be full
            RunFiles.writeRunJson(
                    header.ended(
                            request.clock().now(),
                            RunHeader.STOPPED,
                            e.getMessage(),
                            header.providers(),
                            header.steps()),
                    runDir.resolve(RunFiles.RUN_JSON));
        } catch (IOException | RuntimeException ignored) {
            // the journal's message already says what is wrong with the disk
        }
        return new RunOutcome(
                RunOutcome.Status.JOURNAL_FAILED,
                null,
                runDir,
                attempt,
                e.getMessage() + ". The run stopped and wrote no reports; fix the cause, then resume with: vernier run"
                        + " --resume " + runDir,
                List.of(),
                List.of());
    }

    /**
     * Runs every harness warm-up that applies to a provider of the run (the http transport for HTTP
     * providers, on loopback twins of those providers), so a fresh JVM times like a warm one, and records how long each took in the run facts
     * ({@code harness_warmup.<name>_ms}).
     */
    private void warmUpHarness(SuiteSession opened, Map<String, String> environment) {
        if (request.warmupBudget().isZero() || request.warmupBudget().isNegative()) {
            return;
        }
        List<Provider> running = opened.slots().stream()
                .filter(ProviderSlot::available)
                .map(ProviderSlot::provider)
                .toList();
        for (HarnessWarmup warmup : HarnessWarmup.available(request.classLoader())) {
            List<Provider> served = running.stream().filter(warmup::appliesTo).toList();
            if (!served.isEmpty()) {
                Duration took = warmup.run(request.warmupBudget(), served);
                environment.put("harness_warmup." + warmup.name() + "_ms", Long.toString(took.toMillis()));
            }
        }
    }

    /**
     * The providers of a resumed run: as they are now, except that one which ran before and is set
     * aside now keeps its earlier part (its samples still count).
     */
    private static List<ProviderRun> merged(List<ProviderRun> before, SuiteSession opened, Suite suite) {
        Map<String, ProviderRun> earlier = new LinkedHashMap<>();
        before.forEach(p -> earlier.put(p.providerId(), p));
        List<ProviderRun> out = new ArrayList<>();
        for (ProviderSlot slot : opened.slots()) {
            ProviderRun old = earlier.get(slot.id());
            out.add(
                    !slot.available() && old != null && !old.skipped()
                            ? old
                            : slot.toRun(0, suite.concurrency(), null));
        }
        return out;
    }

    /** The header of a fresh run: its facts, and the plan a resume must send again. */
    private RunHeader freshHeader(SuiteSession opened, Suite suite, List<String> only, Map<String, String> environment)
            throws IOException {
        List<ProviderRun> providers = new ArrayList<>();
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (ProviderSlot slot : opened.slots()) {
            providers.add(slot.toRun(0, suite.concurrency(), null));
            if (slot.available() && slot.apiPrice() != null) {
                prices.put(slot.id(), slot.apiPrice());
            }
        }
        Path suitePath = suite.file().toAbsolutePath().normalize();
        return new RunHeader(
                suite.name(),
                suite.file().toString(),
                request.clock().now(),
                null,
                RunHeader.RUNNING,
                null,
                environment,
                providers,
                prices,
                suite.expectedMonthlyTokens(),
                List.of(),
                suite.slo(),
                new RunHeader.Plan(
                        suitePath.toString(),
                        ModelLocator.sha256(suitePath),
                        suite.repeats(),
                        suite.load(),
                        only,
                        planned(opened.plan(), suite.load())));
    }

    /** Measured requests the plan holds over every load step; -1 when the steps are bounded by time. */
    static long planned(RunPlan plan, LoadProfile load) {
        if (load.durationPerStep() != null && load.requestsPerStep() == 0) {
            return -1;
        }
        long total = 0;
        for (var perProvider : plan.byProvider().values()) {
            long measured = perProvider.stream().filter(r -> !r.warmup()).count();
            long perStep = load.requestsPerStep() > 0 ? load.requestsPerStep() : measured;
            total += perStep * load.steps().size();
        }
        return total;
    }

    /**
     * A run directory to resume: its header, its journal's history and its suite.
     *
     * @param dir     the run directory
     * @param header  its {@code run.json}
     * @param history its journal, over every attempt so far
     */
    record Resume(Path dir, RunHeader header, RunHistory history) {

        static Resume read(Path dir) throws RunException {
            if (!RunFiles.isRunDirectory(dir)) {
                throw new RunException("vernier: " + dir + " has no " + RunFiles.JOURNAL
                        + ". Give a run directory created by 'vernier run' to --resume.");
            }
            try {
                RunHeader header = RunFiles.readHeader(dir)
                        .orElseThrow(() -> new RunException("vernier: " + dir + " has no " + RunFiles.RUN_JSON
                                + ", so its plan is unknown; it cannot be resumed. Start a new run."));
                if (header.plan() == null) {
                    throw new RunException("vernier: " + dir + " was written by an earlier Vernier that did not record"
                            + " its plan; it cannot be resumed. Start a new run.");
                }
                return new Resume(dir, header, new RunHistory(Journal.readAll(dir.resolve(RunFiles.JOURNAL))));
            } catch (IOException | RuntimeException e) {
                throw new RunException("vernier: cannot read " + dir + " to resume it: " + e.getMessage(), e);
            }
        }

        Path suiteFile() {
            return Path.of(header.plan().suitePath());
        }

        /** Refuses a suite that changed since the run started: the same plan could not be sent. */
        void checkSuite(Suite suite) throws RunException {
            String now;
            try {
                now = ModelLocator.sha256(suiteFile());
            } catch (IOException e) {
                throw new RunException(
                        "vernier: cannot read " + suiteFile() + " to resume " + dir + ": " + e.getMessage(), e);
            }
            if (!now.equals(header.plan().suiteSha256())) {
                throw new RunException("vernier: " + suiteFile() + " changed since " + dir + " started (sha256 "
                        + header.plan().suiteSha256() + ", now " + now + "). A resumed run must send the same plan:"
                        + " restore the suite, or start a new run with it.");
            }
            if (!Files.isDirectory(dir)) {
                throw new RunException("vernier: " + dir + " is not a directory");
            }
        }
    }
}
