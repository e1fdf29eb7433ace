package dev.vernier.report;

import dev.vernier.core.run.Sample;

/**
 * One row of the per-case views: a case sent with one prompt, and for a multi-turn case one turn of it.
 *
 * @param caseId   case id
 * @param promptId prompt id
 * @param turn     the turn (from 0) of a multi-turn case, -1 for a single request
 */
record CaseKey(String caseId, String promptId, int turn) {

    /** A single-request row. */
    CaseKey(String caseId, String promptId) {
        this(caseId, promptId, -1);
    }

    /** The row a sample belongs to. */
    static CaseKey of(Sample s) {
        return new CaseKey(
                s.caseId(), s.promptId(), s.turn() == null ? -1 : s.turn().index());
    }

    /** {@code case/prompt} (and {@code /turn N} for a turn), the name used in JUnit XML and the HTML matrix. */
    String label() {
        return caseId + "/" + promptId + (turn < 0 ? "" : "/turn " + turn);
    }
}
