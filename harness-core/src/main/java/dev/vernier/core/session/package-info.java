/**
 * Running a loaded suite the same way from every front end: {@link dev.vernier.core.session.SuiteSession}
 * (providers created, skipped, planned, run), {@link dev.vernier.core.session.RunFiles} (run directory,
 * {@code run.json}, rebuilding a result), {@link dev.vernier.core.session.EnvironmentFacts} and
 * {@link dev.vernier.core.session.SummaryTable}. Knows no vendor and no report format.
 */
package dev.vernier.core.session;
