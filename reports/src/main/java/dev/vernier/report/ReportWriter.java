package dev.vernier.report;

import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Renders a finished run in one format. Implementations see only the immutable {@link RunResult};
 * they are found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.vernier.report.ReportWriter}) and chosen by {@link #format()}.
 */
public interface ReportWriter {

    /** The format name users ask for, e.g. {@code csv} or {@code html}. Lower case, unique. */
    String format();

    /**
     * Writes this format's file(s) into {@code dir}, which exists. Existing files of the same name are
     * replaced.
     */
    void write(RunResult result, Path dir) throws IOException;
}
