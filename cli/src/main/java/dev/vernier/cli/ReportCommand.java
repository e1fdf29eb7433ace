package dev.vernier.cli;

import dev.vernier.core.run.RunResult;
import dev.vernier.core.session.RunFiles;
import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier report}: renders the reports of an existing run directory again. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Re-render reports from a run directory's samples.jsonl and run.json.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<run-dir>", description = "A directory made by 'vernier run'.")
    Path runDir;

    @Option(
            names = "--format",
            split = ",",
            paramLabel = "<format>",
            defaultValue = "csv,html",
            description = "Report formats, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!RunFiles.isRunDirectory(runDir)) {
            stderr.println("vernier: " + runDir + " has no " + RunFiles.JOURNAL
                    + ". Give a directory created by 'vernier run'.");
            return RunCommand.BAD_INPUT;
        }
        List<ReportWriter> chosen = new ArrayList<>();
        try {
            ReportWriters writers = ReportWriters.load();
            for (String format : new LinkedHashSet<>(formats)) {
                chosen.add(writers.require(format.trim()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            stderr.println("vernier: " + e.getMessage());
            return RunCommand.BAD_INPUT;
        }
        RunResult result;
        try {
            result = RunFiles.read(runDir);
        } catch (IOException | RuntimeException e) {
            stderr.println("vernier: cannot read " + runDir + ": " + e.getMessage());
            return RunCommand.BAD_INPUT;
        }
        for (ReportWriter writer : chosen) {
            writer.write(result, runDir);
        }
        stdout.println("Reports (" + String.join(", ", formats) + ") written to " + runDir.toAbsolutePath());
        return RunCommand.OK;
    }
}
