package dev.vernier.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The journal can no longer be written (disk full, permissions, the file removed): the run must stop,
 * since a sample that cannot be journaled is lost. The message names the file and the cause.
 */
public final class JournalException extends UncheckedIOException {

    private final Path file;

    JournalException(Path file, IOException cause, String note) {
        super(
                "cannot write the journal " + file + ": " + describe(cause) + note
                        + ". It holds every sample up to its last complete line",
                cause);
        this.file = file;
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
