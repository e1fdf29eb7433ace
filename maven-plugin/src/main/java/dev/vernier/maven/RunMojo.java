package dev.vernier.maven;

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
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs Vernier suites in the build: every suite gets a run directory under {@link #outputDirectory}
 * with {@code samples.jsonl}, {@code run.json} and the reports; the build log shows one progress line
 * per provider and the summary table. When a gate is breached the build fails with one line per
 * breach (provider, metric, measured value, limit), after the reports are written.
 *
 * <p>A malformed suite, an unknown report format or a provider option refused at creation fails the
 * build as a configuration error before anything is measured.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class RunMojo extends AbstractMojo {

    /** Where java-llama.cpp unpacks its natives unless {@code -Dde.kherud.llama.tmpdir} says otherwise. */
    static final String LLAMA_TMPDIR = "de.kherud.llama.tmpdir";

    /**
     * Suite files, run in order. Relative paths are resolved against the project directory. When not
     * set: {@code src/test/vernier/suite.yaml}. On the command line: {@code -Dvernier.suites=a.yaml,b.yaml}.
     */
    @Parameter(property = "vernier.suites")
    List<File> suites;

    /**
     * Provider types or ids to run (e.g. {@code llamacpp}, {@code openai:gpt-4.1-mini}); the others are
     * left out of the run. Empty: every provider of the suite. An entry matching no provider is an error.
     */
    @Parameter(property = "vernier.providers")
    List<String> providers;

    /** Where run directories are created. */
    @Parameter(property = "vernier.outputDirectory", defaultValue = "${project.build.directory}/vernier")
    File outputDirectory;

    /** Report formats (csv, html, ...). Empty: every format on the plugin's class path. */
    @Parameter(property = "vernier.formats")
    List<String> formats;

    /** Skips the goal. */
    @Parameter(property = "vernier.skip", defaultValue = "false")
    boolean skip;

    /**
     * Fails the build when no provider completed a request (every one skipped, or every request
     * failed), as the command line exits 1 then.
     */
    @Parameter(property = "vernier.failWhenNothingMeasured", defaultValue = "true")
    boolean failWhenNothingMeasured;

    /** Gate: lowest share (0..1) of passed assertions over the run. Suites have no assertions yet: fails. */
    @Parameter(property = "vernier.minPassRate")
    Double minPassRate;

    /** Gate: lowest share (0..1) of passed assertions per provider. Suites have no assertions yet: fails. */
    @Parameter(property = "vernier.minProviderPassRate")
    Double minProviderPassRate;

    /** Gate: highest TTFT p95 per provider, in milliseconds. */
    @Parameter(property = "vernier.maxP95TtftMs")
    Double maxP95TtftMs;

    /** Gate: highest end-to-end latency p95 per provider, in milliseconds. */
    @Parameter(property = "vernier.maxP95E2eMs")
    Double maxP95E2eMs;

    /** Gate: highest cost of 1,000 requests per provider, in US dollars. Cost is not measured yet: fails. */
    @Parameter(property = "vernier.maxCostPer1kRequests")
    Double maxCostPer1kRequests;

    /** Gate: highest share (0..1) of failed requests per provider. */
    @Parameter(property = "vernier.maxErrorRate")
    Double maxErrorRate;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Vernier run skipped (vernier.skip).");
            return;
        }
        Gates gates = new Gates(
                minPassRate, minProviderPassRate, maxP95TtftMs, maxP95E2eMs, maxCostPer1kRequests, maxErrorRate);
        try {
            gates.validate();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        List<ReportWriter> writers = Formats.choose(formats);
        ensureNativeTmpdir();
        ProviderRegistry registry;
        try {
            registry = ProviderRegistry.load(RunMojo.class.getClassLoader());
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }

        // Every suite is validated before any is run.
        List<Suite> loaded = new ArrayList<>();
        SuiteLoader loader = new SuiteLoader(
                registry, System::getenv, dev.vernier.core.scoring.ScorerRegistry.load(RunMojo.class.getClassLoader()));
        for (Path file : suiteFiles()) {
            try {
                loaded.add(loader.load(file));
            } catch (SuiteException e) {
                throw new MojoExecutionException(e.getMessage());
            }
        }

        List<String> problems = new ArrayList<>();
        for (Suite suite : loaded) {
            String prefix = loaded.size() > 1 ? suite.name() + " / " : "";
            RunResult result = runOne(suite, registry, writers);
            for (Breach breach : gates.check(result)) {
                problems.add(prefix + breach.line());
            }
            boolean measured = result.summaries().values().stream().anyMatch(s -> s.requests() > s.failures());
            if (!measured && failWhenNothingMeasured) {
                problems.add(prefix
                        + (result.summaries().isEmpty()
                                ? "every provider was skipped; nothing was measured"
                                : "every request failed; see failure_message in samples.csv")
                        + " (set failWhenNothingMeasured=false to allow)");
            }
        }
        if (!problems.isEmpty()) {
            // Maven prints the message once, at the end of the build: one line per breach.
            throw new MojoFailureException("Vernier gates breached (" + problems.size() + "):" + System.lineSeparator()
                    + "  " + String.join(System.lineSeparator() + "  ", problems));
        }
        if (gates.any()) {
            getLog().info("Vernier gates passed.");
        }
    }

    private RunResult runOne(Suite suite, ProviderRegistry registry, List<ReportWriter> writers)
            throws MojoExecutionException {
        getLog().info("Vernier: running suite " + suite.name() + " (" + suite.file() + ")");
        try (SuiteSession session = SuiteSession.open(
                suite, registry, providers == null ? List.of() : providers, warning -> getLog().warn(warning))) {
            for (ProviderRun skipped : session.skipped()) {
                getLog().warn("skipped " + skipped.providerId() + " — " + skipped.skippedReason());
            }
            Path runDir = RunFiles.createRunDirectory(outputDirectory.toPath(), suite.name(), LocalDateTime.now());
            RunResult result;
            try (Journal journal = new Journal(runDir.resolve(RunFiles.JOURNAL))) {
                RunListener listener = RunListener.all(journal, new LogProgress(getLog()::info, System::nanoTime));
                result = session.run(SystemClock.instance(), EnvironmentFacts.collect(pluginVersion), listener);
            }
            RunFiles.writeRunJson(result, runDir.resolve(RunFiles.RUN_JSON));
            for (ReportWriter writer : writers) {
                writer.write(result, runDir);
            }
            Map<String, Summary> summaries = result.summaries();
            if (!summaries.isEmpty()) {
                getLog().info("");
                SummaryTable.lines(summaries).forEach(getLog()::info);
                getLog().info("");
                List<String> steps = SummaryTable.stepLines(result);
                if (!steps.isEmpty()) {
                    steps.forEach(getLog()::info);
                    getLog().info("");
                }
            }
            getLog().info("Reports (" + Formats.names(writers) + "): " + runDir.toAbsolutePath());
            return result;
        } catch (SessionException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("writing the run of " + suite.file() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while running " + suite.file(), e);
        }
    }

    private List<Path> suiteFiles() throws MojoExecutionException {
        Path base = basedir.toPath();
        if (suites == null || suites.isEmpty()) {
            Path fallback = base.resolve("src/test/vernier/suite.yaml");
            if (!Files.isRegularFile(fallback)) {
                throw new MojoExecutionException("No suite to run: " + fallback + " does not exist. Put a suite "
                        + "there or list suite files in the plugin's <suites> (or -Dvernier.suites=...).");
            }
            return List.of(fallback);
        }
        return suites.stream()
                .map(f -> f.isAbsolute() ? f.toPath() : base.resolve(f.toPath()))
                .toList();
    }

    /**
     * java-llama.cpp unpacks its native library into a temp directory and, without this property,
     * deletes {@code llama*} files in the shared one; use the launcher's cache directory instead.
     */
    private void ensureNativeTmpdir() {
        if (System.getProperty(LLAMA_TMPDIR) == null) {
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "vernier", "jllama");
            try {
                Files.createDirectories(dir);
                System.setProperty(LLAMA_TMPDIR, dir.toString());
            } catch (IOException e) {
                getLog().warn("cannot create " + dir + " for java-llama.cpp's natives: " + e.getMessage());
            }
        }
    }
}
