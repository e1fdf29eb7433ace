package dev.vernier.maven;

import dev.vernier.app.ProvidersInCode;
import dev.vernier.app.RunException;
import dev.vernier.app.RunObserver;
import dev.vernier.app.RunOutcome;
import dev.vernier.app.RunPipeline;
import dev.vernier.app.RunRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.session.SummaryTable;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs Vernier suites in the build: every suite gets a run directory under {@link #outputDirectory}
 * with {@code samples.jsonl}, {@code run.json} and the reports; the build log shows one progress line
 * per provider and the summary table. When a gate is breached the build fails with one line per
 * breach (provider, metric, measured value, limit), after the reports are written.
 *
 * <p>A malformed suite, an unknown report format or a provider option refused at creation fails the
 * build as a configuration error before anything is measured.
 */
@Mojo(
        name = "run",
        defaultPhase = LifecyclePhase.VERIFY,
        threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
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

    /**
     * A run directory to resume instead of running {@link #suites}: sends only the requests its journal
     * does not hold, with the run's own plan, and writes the reports over every attempt. On the command
     * line: {@code -Dvernier.resume=target/vernier/<run-dir>}.
     */
    @Parameter(property = "vernier.resume")
    File resume;

    /**
     * Classes in the project's test class path that build providers in code ({@link ProvidersInCode}),
     * for example a langchain4j model configured as the application configures it. Their providers run
     * after each suite's own; a suite may then leave out {@code providers:}.
     */
    @Parameter
    List<String> providerFactories;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true)
    List<String> testClasspath;

    /** Skips the goal. */
    @Parameter(property = "vernier.skip", defaultValue = "false")
    boolean skip;

    /**
     * Fails the build when no provider completed a request (every one skipped, or every request
     * failed), as the command line exits 1 then.
     */
    @Parameter(property = "vernier.failWhenNothingMeasured", defaultValue = "true")
    boolean failWhenNothingMeasured;

    /** Gate: lowest share (0..1) of passed assertions over the run; a run without assertions fails it. */
    @Parameter(property = "vernier.minPassRate")
    Double minPassRate;

    /** Gate: lowest share (0..1) of passed assertions per provider; a provider without assertions fails it. */
    @Parameter(property = "vernier.minProviderPassRate")
    Double minProviderPassRate;

    /** Gate: highest TTFT p95 per provider, in milliseconds. */
    @Parameter(property = "vernier.maxP95TtftMs")
    Double maxP95TtftMs;

    /** Gate: highest end-to-end latency p95 per provider, in milliseconds. */
    @Parameter(property = "vernier.maxP95E2eMs")
    Double maxP95E2eMs;

    /** Gate: highest cost of 1,000 requests per provider, in US dollars; a provider whose cost is unknown fails it. */
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
        ensureNativeTmpdir();

        // Every suite is checked before any is run.
        List<RunPipeline> pipelines = new ArrayList<>();
        for (RunRequest request : requests()) {
            RunPipeline pipeline = new RunPipeline(request);
            try {
                pipeline.check();
            } catch (RunException e) {
                throw new MojoExecutionException(e.getMessage());
            }
            pipelines.add(pipeline);
        }

        List<String> problems = new ArrayList<>();
        for (RunPipeline pipeline : pipelines) {
            RunOutcome outcome = runOne(pipeline);
            String prefix = pipelines.size() > 1 ? outcome.result().suiteName() + " / " : "";
            for (Breach breach : gates.check(outcome.result())) {
                problems.add(prefix + breach.line());
            }
            boolean nothing = outcome.status() == RunOutcome.Status.ALL_SKIPPED
                    || outcome.status() == RunOutcome.Status.ALL_FAILED;
            if (nothing && failWhenNothingMeasured) {
                problems.add(prefix + outcome.message() + " (set failWhenNothingMeasured=false to allow)");
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

    /** One request per suite, or the one resume. */
    private List<RunRequest> requests() throws MojoExecutionException {
        if (resume != null) {
            return List.of(common(RunRequest.resume(resume.toPath())).build());
        }
        List<RunRequest> out = new ArrayList<>();
        for (Path file : suiteFiles()) {
            out.add(common(RunRequest.suite(file))
                    .only(providers == null ? List.of() : providers)
                    .build());
        }
        return out;
    }

    private RunRequest.Builder common(RunRequest.Builder b) throws MojoExecutionException {
        for (Map.Entry<String, Provider> e : providersInCode().entrySet()) {
            b.provider(e.getKey(), e.getValue());
        }
        return b.outputDir(outputDirectory.toPath())
                .formats(
                        formats == null
                                ? List.of()
                                : formats.stream()
                                        .filter(f -> f != null && !f.isBlank())
                                        .toList())
                .version(pluginVersion)
                .classLoader(RunMojo.class.getClassLoader());
    }

    /** Instantiates every class of {@link #providerFactories} from the test class path and collects its providers. */
    private Map<String, Provider> providersInCode() throws MojoExecutionException {
        Map<String, Provider> out = new LinkedHashMap<>();
        if (providerFactories == null || providerFactories.isEmpty()) {
            return out;
        }
        ClassLoader loader = testClassLoader();
        for (String name : providerFactories) {
            Object made;
            try {
                made = Class.forName(name.trim(), true, loader).getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new MojoExecutionException("providerFactories: cannot create " + name + " (" + e + "). Fix: give"
                        + " a class of the test class path with a public no-argument constructor that implements "
                        + ProvidersInCode.class.getName() + ".");
            }
            if (!(made instanceof ProvidersInCode factory)) {
                throw new MojoExecutionException(
                        "providerFactories: " + name + " does not implement " + ProvidersInCode.class.getName() + ".");
            }
            try {
                for (Map.Entry<String, Provider> e : factory.providers().entrySet()) {
                    if (out.putIfAbsent(e.getKey(), e.getValue()) != null) {
                        throw new MojoExecutionException("providerFactories: two providers are named '" + e.getKey()
                                + "'. Give every provider its own id.");
                    }
                }
            } catch (MojoExecutionException e) {
                throw e;
            } catch (Exception e) {
                throw new MojoExecutionException("providerFactories: " + name + ".providers() failed: " + e, e);
            }
        }
        return out;
    }

    /** The project's test class path over the plugin's own classes (so both see the same Vernier API). */
    private ClassLoader testClassLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (String element : testClasspath == null ? List.<String>of() : testClasspath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("bad test class path element " + element, e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), RunMojo.class.getClassLoader());
    }

    private RunOutcome runOne(RunPipeline pipeline) throws MojoExecutionException {
        RunObserver observer = new RunObserver() {
            @Override
            public void skipped(ProviderRun provider) {
                getLog().warn("skipped " + provider.providerId() + " — " + provider.skippedReason());
            }

            @Override
            public void warning(String message) {
                getLog().warn(message);
            }

            @Override
            public void started(Path runDir, int attempt) {
                getLog().info("Vernier: running " + runDir.getFileName()
                        + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            }

            @Override
            public RunListener progress() {
                return new LogProgress(getLog()::info, System::nanoTime);
            }
        };
        RunOutcome outcome;
        try {
            outcome = pipeline.run(observer);
        } catch (RunException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("writing a Vernier run failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while running a Vernier suite", e);
        }
        if (outcome.status() == RunOutcome.Status.JOURNAL_FAILED || outcome.status() == RunOutcome.Status.STOPPED) {
            throw new MojoExecutionException(outcome.message());
        }
        Map<String, Summary> summaries = outcome.result().summaries();
        if (!summaries.isEmpty()) {
            getLog().info("");
            SummaryTable.lines(summaries).forEach(getLog()::info);
            getLog().info("");
            List<String> steps = SummaryTable.stepLines(outcome.result());
            if (!steps.isEmpty()) {
                steps.forEach(getLog()::info);
                getLog().info("");
            }
        }
        String banner = outcome.result().completeness().banner();
        if (banner != null) {
            getLog().info(banner);
        }
        outcome.errors().forEach(e -> getLog().warn("after a request completed: " + e));
        getLog().info("Reports (" + String.join(", ", outcome.formats()) + "): "
                + outcome.runDir().toAbsolutePath());
        return outcome;
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
