package dev.vernier.maven;

import dev.vernier.core.run.RunResult;
import dev.vernier.core.session.RunFiles;
import dev.vernier.report.ReportWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the reports of an existing run directory again from its {@code samples.jsonl} and
 * {@code run.json}, without sending a request: {@code mvn vernier:report -Dvernier.runDirectory=...}.
 * Without a run directory, the newest one under {@link #outputDirectory} is used.
 */
@Mojo(name = "report", threadSafe = true, requiresProject = false)
public class ReportMojo extends AbstractMojo {

    /** The run directory to render. Default: the newest run directory under {@link #outputDirectory}. */
    @Parameter(property = "vernier.runDirectory")
    File runDirectory;

    /** Where {@code vernier:run} created run directories. */
    @Parameter(property = "vernier.outputDirectory", defaultValue = "${project.build.directory}/vernier")
    File outputDirectory;

    /** Report formats (csv, html, ...). Empty: every format on the plugin's class path. */
    @Parameter(property = "vernier.formats")
    List<String> formats;

    /** Skips the goal. */
    @Parameter(property = "vernier.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Vernier report skipped (vernier.skip).");
            return;
        }
        List<ReportWriter> writers = Formats.choose(formats);
        Path dir = runDirectory != null ? runDirectory.toPath() : newestRun();
        if (!RunFiles.isRunDirectory(dir)) {
            throw new MojoExecutionException(dir + " has no " + RunFiles.JOURNAL
                    + ". Give a directory created by vernier:run (-Dvernier.runDirectory=...).");
        }
        try {
            RunResult result = RunFiles.read(dir);
            for (ReportWriter writer : writers) {
                writer.write(result, dir);
            }
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("cannot render " + dir + ": " + e.getMessage(), e);
        }
        getLog().info("Reports (" + Formats.names(writers) + ") written to " + dir.toAbsolutePath());
    }

    private Path newestRun() throws MojoExecutionException {
        Path parent = outputDirectory.toPath();
        if (Files.isDirectory(parent)) {
            try (Stream<Path> dirs = Files.list(parent)) {
                return dirs.filter(RunFiles::isRunDirectory)
                        .max(Comparator.comparing(ReportMojo::modified).thenComparing(Path::toString))
                        .orElseThrow(() -> noRun(parent));
            } catch (IOException e) {
                throw new MojoExecutionException("cannot list " + parent + ": " + e.getMessage(), e);
            }
        }
        throw noRun(parent);
    }

    private static MojoExecutionException noRun(Path parent) {
        return new MojoExecutionException(
                "No run directory under " + parent + ". Run vernier:run first or give -Dvernier.runDirectory=<dir>.");
    }

    private static long modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve(RunFiles.JOURNAL)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
