package dev.vernier.core.suite;

import java.nio.file.Path;

/**
 * A suite that cannot be run. The message always has the form
 * {@code <file>:<line>:<column>: <what is wrong>. <how to fix it>}.
 */
public class SuiteException extends RuntimeException {

    private final Path file;
    private final int line;
    private final int column;
    private final String problem;

    public SuiteException(Path file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
