package dev.vernier.report;

import static dev.vernier.report.Xml.attr;
import static dev.vernier.report.Xml.text;

import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Format {@code junit}: {@code junit.xml} in the JUnit/Surefire XML shape CI systems read. One
 * {@code <testsuite>} per provider; one {@code <testcase>} per case x prompt x provider
 * ({@code classname} = provider id, {@code name} = {@code case/prompt}, {@code time} = the sum of the
 * E2E latencies of its measured requests in seconds). A case x prompt with a failed request gets one
 * {@code <failure>} whose {@code type} is the first failure kind and whose body lists every failed
 * repeat (kind, HTTP status, message). A skipped provider gets a {@code <skipped>} testcase with the
 * reason for every case x prompt of the run (or one testcase named after the provider when nothing
 * ran). An output that does not pass its case's assertions makes its testcase fail too: a
 * {@code <failure type="assertion">} whose message names the failed assertions with their reasons.
 */
public final class JunitReportWriter implements ReportWriter {

    public static final String FILE = "junit.xml";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public void write(RunResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), render(result), StandardCharsets.UTF_8);
    }

    /** The failed assertions of a sample with their reasons, e.g. {@code contains: output does not contain 'x'}. */
    private static String assertionFailures(Sample s) {
        return String.join(
                "; ",
                Verdict.failed(s).stream()
                        .map(x -> x.assertion() + ": " + x.reason())
                        .toList());
    }

    /** The document, {@code \n} line ends. */
    public String render(RunResult result) {
        ReportModel m = ReportModel.of(result);
        String timestamp = TIMESTAMP.format(result.startedAt().truncatedTo(ChronoUnit.SECONDS));
        StringBuilder suites = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        double totalSeconds = 0;
        for (ProviderRun p : result.providers()) {
            StringBuilder cases = new StringBuilder();
            int suiteTests = 0;
            int suiteFailures = 0;
            int suiteSkipped = 0;
            double suiteSeconds = 0;
            if (p.skipped()) {
                List<CaseKey> keys = m.cases().isEmpty() ? List.of(new CaseKey(p.providerId(), "")) : m.cases();
                for (CaseKey key : keys) {
                    suiteTests++;
                    suiteSkipped++;
                    String name = key.promptId().isEmpty() ? key.caseId() : key.label();
                    cases.append("    <testcase classname=\"")
                            .append(attr(p.providerId()))
                            .append("\" name=\"")
                            .append(attr(name))
                            .append("\" time=\"0.000\">\n      <skipped message=\"")
                            .append(attr(p.skippedReason()))
                            .append("\"/>\n    </testcase>\n");
                }
            } else {
                for (CaseKey key : m.cases()) {
                    List<Sample> samples = m.cell(key, p.providerId());
                    if (samples.isEmpty()) {
                        continue;
                    }
                    suiteTests++;
                    double seconds = samples.stream()
                                    .mapToLong(Sample::e2eNanos)
                                    .filter(n -> n >= 0)
                                    .sum()
                            / 1e9;
                    suiteSeconds += seconds;
                    List<Sample> failed =
                            samples.stream().filter(s -> !s.succeeded()).toList();
                    List<Sample> unmet = samples.stream()
                            .filter(s -> s.succeeded() && !s.scores().isEmpty() && !Verdict.passed(s))
                            .toList();
                    cases.append("    <testcase classname=\"")
                            .append(attr(p.providerId()))
                            .append("\" name=\"")
                            .append(attr(key.label()))
                            .append("\" time=\"")
                            .append(seconds(seconds))
                            .append('"');
                    if (failed.isEmpty() && unmet.isEmpty()) {
                        cases.append("/>\n");
                        continue;
                    }
                    suiteFailures++;
                    String type;
                    String message;
                    if (!failed.isEmpty()) {
                        Sample first = failed.get(0);
                        type = first.failure().kind().name();
                        message = failed.size() + " of " + samples.size() + " requests failed: "
                                + Words.failure(first.failure());
                    } else {
                        type = "assertion";
                        message = unmet.size() + " of " + samples.size() + " outputs failed their assertions: "
                                + assertionFailures(unmet.get(0));
                    }
                    cases.append(">\n      <failure type=\"")
                            .append(attr(type))
                            .append("\" message=\"")
                            .append(attr(message))
                            .append("\">");
                    for (Sample s : failed) {
                        cases.append(text("repeat " + s.repeat() + ", " + s.attempts() + " attempt"
                                        + (s.attempts() == 1 ? "" : "s") + ": " + Words.failure(s.failure())))
                                .append('\n');
                    }
                    for (Sample s : unmet) {
                        cases.append(text("repeat " + s.repeat() + ": " + assertionFailures(s)))
                                .append('\n');
                    }
                    cases.append("</failure>\n    </testcase>\n");
                }
            }
            tests += suiteTests;
            failures += suiteFailures;
            skipped += suiteSkipped;
            totalSeconds += suiteSeconds;
            suites.append("  <testsuite name=\"")
                    .append(attr(p.providerId()))
                    .append("\" tests=\"")
                    .append(suiteTests)
                    .append("\" failures=\"")
                    .append(suiteFailures)
                    .append("\" errors=\"0\" skipped=\"")
                    .append(suiteSkipped)
                    .append("\" time=\"")
                    .append(seconds(suiteSeconds))
                    .append("\" timestamp=\"")
                    .append(timestamp)
                    .append("\">\n");
            suites.append("    <properties>\n");
            property(
                    suites,
                    "access_mode",
                    p.accessMode() == null ? "" : p.accessMode().name());
            property(suites, "model", p.facts() == null ? "" : p.facts().model());
            property(
                    suites,
                    "open_weights",
                    p.facts() == null || p.facts().openWeights() == null
                            ? "unknown"
                            : p.facts().openWeights().toString());
            property(suites, "concurrency", Integer.toString(p.concurrency()));
            String banner = result.completeness().banner();
            if (banner != null) {
                property(suites, "vernier.run", banner);
            }
            suites.append("    </properties>\n").append(cases).append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\""
                + attr("vernier: " + result.suiteName())
                + "\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped
                + "\" time=\"" + seconds(totalSeconds) + "\" timestamp=\"" + timestamp + "\">\n" + suites
                + "</testsuites>\n";
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("      <property name=\"")
                .append(attr(name))
                .append("\" value=\"")
                .append(attr(value))
                .append("\"/>\n");
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
