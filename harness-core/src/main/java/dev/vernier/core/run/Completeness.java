package dev.vernier.core.run;

/**
 * Whether a run got to its end, and how: the requests its plan holds, those that completed (across
 * every attempt of a resumed run), how many attempts it took, and why its last attempt stopped early.
 * Reports of a run that did not finish say so at their top ({@link #banner()}).
 *
 * @param planned        measured requests the plan holds (every provider and load step); -1 when the
 *                       steps are bounded by time, so no count is known in advance
 * @param completed      measured requests with a sample that counts (not cancelled by the harness)
 * @param attempts       attempts the run took: 1, or more when it was resumed
 * @param stoppedBecause null when the last attempt ran to its end, else why it stopped (a signal, a
 *                       journal that could not be written, a process that was killed)
 */
public record Completeness(long planned, long completed, int attempts, String stoppedBecause) {

    /** A run that ran to its end in one attempt, counts not recorded (results built in code). */
    public static final Completeness FINISHED = new Completeness(-1, -1, 1, null);

    public Completeness {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
    }

    /** Whether the run got to its end. */
    public boolean complete() {
        return stoppedBecause == null;
    }

    /** Whether the run took more than one attempt. */
    public boolean resumed() {
        return attempts > 1;
    }

    /**
     * The line reports put at their top, or null for a run that finished in one attempt:
     * {@code incomplete: 173 of 200 requests (stopped: ...)}, or {@code resumed: ... in 2 attempts}.
     */
    public String banner() {
        if (!complete()) {
            String counts = planned >= 0
                    ? completed + " of " + planned + " requests"
                    : completed + " requests (the plan is bounded by time)";
            return "incomplete: " + counts + " (" + stoppedBecause
                    + "). Resume it with: vernier run --resume <run dir>";
        }
        if (resumed()) {
            return "resumed: complete after " + attempts + " attempts; each sample records the attempt that made it"
                    + " (run_attempt)";
        }
        return null;
    }
}
