package dev.vernier.report;

/** XML 1.0 text helpers for the JUnit writer. */
final class Xml {

    private Xml() {}

    /**
     * Escapes {@code & < > " '} and replaces characters XML 1.0 cannot hold (control characters
     * other than tab, line feed and carriage return; unpaired surrogates; U+FFFE, U+FFFF) with
     * U+FFFD, so any model output or message gives a well-formed document. Safe in text and in
     * quoted attributes; in attributes line ends are written as character references.
     */
    static String escape(String text, boolean attribute) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                default ->
                    out.append(c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    static String attr(String text) {
        return escape(text, true);
    }

    static String text(String text) {
        return escape(text, false);
    }
}
