package dev.vernier.report;

/**
 * One row of the per-case views: a case sent with one prompt.
 *
 * @param caseId   case id
 * @param promptId prompt id
 */
record CaseKey(String caseId, String promptId) {

    /** {@code case/prompt}, the name used in JUnit XML and the HTML matrix. */
    String label() {
        return caseId + "/" + promptId;
    }
}
