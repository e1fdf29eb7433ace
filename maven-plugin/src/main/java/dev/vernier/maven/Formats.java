package dev.vernier.maven;

import dev.vernier.report.ReportWriter;
import dev.vernier.report.ReportWriters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import org.apache.maven.plugin.MojoExecutionException;

/** Chooses report writers by the names a pom gives; no names means every format on the class path. */
final class Formats {

    private Formats() {}

    static List<ReportWriter> choose(List<String> names) throws MojoExecutionException {
        ReportWriters writers;
        try {
            writers = ReportWriters.load(Formats.class.getClassLoader());
        } catch (IllegalStateException | ServiceConfigurationError e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        List<String> wanted = names == null || names.isEmpty() ? List.copyOf(writers.formats()) : names;
        List<ReportWriter> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(wanted)) {
            if (name == null || name.isBlank()) {
                continue;
            }
            try {
                chosen.add(writers.require(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("formats: " + e.getMessage());
            }
        }
        return chosen;
    }

    static String names(List<ReportWriter> writers) {
        return String.join(", ", writers.stream().map(ReportWriter::format).toList());
    }
}
