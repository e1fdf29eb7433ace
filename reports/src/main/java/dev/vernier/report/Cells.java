package dev.vernier.report;

import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.io.Writer;

/**
 * What a CSV cell of untrusted text needs before a spreadsheet opens it. A cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is read as a formula by
 * Excel, LibreOffice and Google Sheets ({@code =HYPERLINK(...)} in a model's answer becomes a live
 * link); OWASP's advice is to put a single quote in front, which those programs show as text. NULs,
 * which some readers take as the end of the file, become U+FFFD.
 */
final class Cells {

    private Cells() {}

    /** The text, safe to put in a CSV cell; null becomes empty. */
    static String text(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String clean = raw.indexOf('\u0000') >= 0 ? raw.replace('\u0000', '\uFFFD') : raw;
        char first = clean.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + clean
                : clean;
    }

    /**
     * For a run that did not finish, writes one comment line first ({@code # incomplete: ...}), so a
     * reader of any CSV file sees it; writes nothing for a run that did.
     */
    static void banner(Writer writer, RunResult result) throws IOException {
        if (!result.completeness().complete()) {
            writer.write("# " + result.completeness().banner().replace('\n', ' ') + "\r\n");
        }
    }
}
