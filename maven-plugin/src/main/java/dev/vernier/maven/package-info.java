/**
 * The Vernier Maven plugin: {@link dev.vernier.maven.RunMojo} ({@code vernier:run}) runs suites through
 * {@link dev.vernier.core.session.SuiteSession} and checks {@link dev.vernier.maven.Gates};
 * {@link dev.vernier.maven.ReportMojo} ({@code vernier:report}) re-renders a run directory.
 */
package dev.vernier.maven;
