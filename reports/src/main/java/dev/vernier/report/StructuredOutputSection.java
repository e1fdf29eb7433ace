package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import dev.vernier.core.run.Sample;

/**
 * The HTML report's "Structured output" section, shown when any request asked for a response schema:
 * per provider the schema-valid rate (valid answers / successful requests that asked for a schema) and
 * the first answer that broke the schema, its raw text and why (model output, escaped like all of it).
 */
final class StructuredOutputSection {

    /** Longest stretch of a raw answer shown in the table (the whole text is in the samples). */
    private static final int SHOWN_CHARS = 400;

    private StructuredOutputSection() {}

    /** Whether the section has anything to show. */
    static boolean shown(ReportModel m) {
        return m.figures().stream().anyMatch(ProviderFigures::schemaChecked);
    }

    static void render(StringBuilder h, ReportModel m) {
        if (!shown(m)) {
            return;
        }
        h.append("<section id=\"structured\">\n<h2>Structured output</h2>\n<p class=\"note\">Every answer to a"
                + " request with a JSON Schema (<code>response_format</code>) is checked: valid when the whole"
                + " answer is one JSON document that matches the schema. Schema-valid = valid answers / successful"
                + " requests that asked for a schema; empty for a provider that got none. The latency cost of"
                + " constrained decoding is the paired comparison of the same model with and without the schema"
                + " (a provider with <code>response_format: none</code>).</p>\n"
                + "<div class=\"wide\"><table class=\"structured\">\n<thead><tr><th>Provider</th>"
                + "<th class=\"num\">Schema-valid</th><th>First invalid answer (raw)</th><th>Why</th></tr></thead>\n"
                + "<tbody>\n");
        for (ProviderFigures f : m.figures()) {
            Sample bad = f.firstSchemaFailure();
            h.append("<tr><th scope=\"row\">")
                    .append(escape(f.id()))
                    .append("</th><td class=\"num\">")
                    .append(escape(f.schemaValidWords()))
                    .append("</td><td>");
            if (bad != null) {
                h.append("<pre class=\"out\">")
                        .append(escape(Words.abbreviate(bad.text(), SHOWN_CHARS)))
                        .append("</pre>");
            }
            h.append("</td><td>")
                    .append(bad == null ? "" : escape(bad.schemaCheck().problem()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n</section>\n");
    }
}
