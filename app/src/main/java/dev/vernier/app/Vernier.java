package dev.vernier.app;

import dev.vernier.core.api.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Vernier from code: the same run, journal and reports as {@code vernier run}, with providers built
 * in code beside the suite's own.
 *
 * <pre>{@code
 * RunOutcome outcome = Vernier.suite(Path.of("suite.yaml"))
 *         .provider("my-bot", myProvider)
 *         .formats("html", "csv")
 *         .run();
 * }</pre>
 */
public final class Vernier {

    private final RunRequest.Builder request;

    private Vernier(RunRequest.Builder request) {
        this.request = request;
    }

    /** Starts a run of the suite file. */
    public static Vernier suite(Path suiteFile) {
        return new Vernier(RunRequest.suite(suiteFile));
    }

    /** Adds a provider built in code, measured under {@code id} after the suite's own providers. */
    public Vernier provider(String id, Provider provider) {
        request.provider(id, provider);
        return this;
    }

    /** Only these provider types or ids of the suite (providers added in code always run). */
    public Vernier only(String... providers) {
        request.only(List.of(providers));
        return this;
    }

    /** Report formats to write (default: every format on the class path). */
    public Vernier formats(String... formats) {
        request.formats(List.of(formats));
        return this;
    }

    /** Where the run directory is created (default {@code runs}). */
    public Vernier outputDirectory(Path dir) {
        request.outputDir(dir);
        return this;
    }

    /** Overrides the suite's repeats. */
    public Vernier repeats(int repeats) {
        request.repeats(repeats);
        return this;
    }

    /**
     * Runs the suite and writes its run directory.
     *
     * @throws RunException when the suite cannot run (the message says why and how to fix it)
     */
    public RunOutcome run() throws RunException, IOException, InterruptedException {
        return new RunPipeline(request.build()).run(RunObserver.NONE);
    }
}
