package dev.vernier.report;

/** HTML helpers. Every piece of text that comes from a run result goes through {@link #escape}. */
public final class Html {

    private Html() {}

    /**
     * Escapes {@code & < > " '} so the text is inert both in element content and in quoted attribute
     * values, and replaces NUL (not allowed in HTML) with U+FFFD. {@code null} becomes the empty string.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\u0000' -> out.append('\uFFFD'); // a NUL is not allowed in HTML text
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
