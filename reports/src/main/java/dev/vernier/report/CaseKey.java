package dev.vernier.report;

import dev.vernier.core.run.Sample;

/**
 * One row of the per-case views: a case sent with one prompt, and for a conversation one turn of it (and
 * within a turn, one round of its tool loop).
 *
 * @param caseId   case id
 * @param promptId prompt id
 * @param turn     the turn (from 0) of a conversation, -1 for a single request
 * @param round    the tool round (from 0) within the turn; 0 outside a tool loop
 */
record CaseKey(String caseId, String promptId, int turn, int round) {

    /** A single-request row. */
    CaseKey(String caseId, String promptId) {
        this(caseId, promptId, -1, 0);
    }

    /** The row a sample belongs to. */
    static CaseKey of(Sample s) {
        return s.turn() == null
                ? new CaseKey(s.caseId(), s.promptId())
                : new CaseKey(
                        s.caseId(), s.promptId(), s.turn().index(), s.turn().round());
    }

    /**
     * {@code case/prompt} (and {@code /turn N} for a turn, {@code /round R} for a later tool round), the
     * name used in JUnit XML and the HTML matrix.
     */
    String label() {
        return caseId + "/" + promptId + (turn < 0 ? "" : "/turn " + turn) + (round > 0 ? "/round " + round : "");
    }
}
