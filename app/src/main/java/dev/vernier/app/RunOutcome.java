package dev.vernier.app;

import dev.vernier.core.run.RunResult;
import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended, for the front end to print and to choose its exit status.
 *
 * @param status    how it ended
 * @param result    the result over every attempt, as its journal tells it (null when the journal
 *                  could not be written, since then nothing else is written either)
 * @param runDir    the run directory
 * @param attempt   this attempt's number (1 for a fresh run)
 * @param message   the one-line explanation for any status but {@link Status#MEASURED}; null otherwise
 * @param errors    errors met after requests completed (each request still has its sample)
 * @param formats   the report formats written
 */
public record RunOutcome(
        Status status,
        RunResult result,
        Path runDir,
        int attempt,
        String message,
        List<String> errors,
        List<String> formats) {

    public RunOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
        formats = formats == null ? List.of() : List.copyOf(formats);
    }

    /** How a run ended. */
    public enum Status {
        /** At least one provider completed a request. */
        MEASURED,
        /** Every provider was skipped; nothing was measured. */
        ALL_SKIPPED,
        /** Every request failed. */
        ALL_FAILED,
        /** The run was stopped (a signal) before its end; the reports say how far it got. */
        STOPPED,
        /** The journal could not be written; the run stopped at once and wrote no reports. */
        JOURNAL_FAILED
    }
}
