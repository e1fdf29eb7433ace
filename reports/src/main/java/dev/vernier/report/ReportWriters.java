package dev.vernier.report;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Report writers keyed by format. Two writers claiming one format is an error, not a coin toss. */
public final class ReportWriters {

    private final Map<String, ReportWriter> byFormat;

    private ReportWriters(Map<String, ReportWriter> byFormat) {
        this.byFormat = Collections.unmodifiableMap(byFormat);
    }

    /** Every writer visible to the given class loader. */
    public static ReportWriters load(ClassLoader loader) {
        return of(ServiceLoader.load(ReportWriter.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** Every writer visible to this class's loader. */
    public static ReportWriters load() {
        return load(ReportWriters.class.getClassLoader());
    }

    /**
     * @throws IllegalStateException when two writers declare the same format
     */
    public static ReportWriters of(Collection<? extends ReportWriter> writers) {
        Map<String, ReportWriter> map = new TreeMap<>();
        for (ReportWriter writer : writers) {
            ReportWriter previous = map.putIfAbsent(writer.format(), writer);
            if (previous != null) {
                throw new IllegalStateException("report format '" + writer.format() + "' is declared twice: by "
                        + previous.getClass().getName() + " and by "
                        + writer.getClass().getName()
                        + ". Remove one of the two jars from the class path, or give one writer another format().");
            }
        }
        return new ReportWriters(map);
    }

    public Optional<ReportWriter> find(String format) {
        return Optional.ofNullable(byFormat.get(format));
    }

    /**
     * @throws IllegalArgumentException naming the known formats when none is called {@code format}
     */
    public ReportWriter require(String format) {
        return find(format)
                .orElseThrow(() -> new IllegalArgumentException("unknown report format '" + format
                        + "'. Known formats: " + String.join(", ", byFormat.keySet()) + "."));
    }

    /** Known formats in alphabetical order. */
    public Set<String> formats() {
        return byFormat.keySet();
    }
}
