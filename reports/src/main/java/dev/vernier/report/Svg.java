package dev.vernier.report;

import static dev.vernier.report.Html.escape;

/**
 * A small SVG writer for the charts of the HTML report: shapes with numeric coordinates and
 * escaped text. Coordinates are rounded to one decimal, written with a dot whatever the locale.
 */
final class Svg {

    /** Provider colours, cycled; distinguishable in print and for common colour-vision deficiencies. */
    static final String[] PALETTE = {
        "#2f6fab", "#d55e00", "#009e73", "#cc79a7", "#8c6d00", "#56b4e9", "#555555", "#e69f00"
    };

    private final StringBuilder out = new StringBuilder(4096);

    Svg(int width, int height, String label) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\">\n");
    }

    static String colour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    Svg rect(double x, double y, double w, double h, String fill, String cssClass) {
        out.append("<rect x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(y))
                .append("\" width=\"")
                .append(n(Math.max(0, w)))
                .append("\" height=\"")
                .append(n(Math.max(0, h)))
                .append("\" fill=\"")
                .append(fill)
                .append('"');
        cls(cssClass);
        out.append("/>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String cssClass) {
        out.append("<line x1=\"")
                .append(n(x1))
                .append("\" y1=\"")
                .append(n(y1))
                .append("\" x2=\"")
                .append(n(x2))
                .append("\" y2=\"")
                .append(n(y2))
                .append("\" stroke=\"")
                .append(stroke)
                .append("\" stroke-width=\"")
                .append(n(width))
                .append('"');
        cls(cssClass);
        out.append("/>\n");
        return this;
    }

    /** A circle, with an optional tooltip (escaped). */
    Svg circle(double cx, double cy, double r, String fill, String cssClass, String tooltip) {
        out.append("<circle cx=\"")
                .append(n(cx))
                .append("\" cy=\"")
                .append(n(cy))
                .append("\" r=\"")
                .append(n(r))
                .append("\" fill=\"")
                .append(fill)
                .append('"');
        cls(cssClass);
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></circle>\n");
        }
        return this;
    }

    /** A path from raw path data built by the caller from numbers only. */
    Svg path(String d, String stroke, String fill, String cssClass) {
        out.append("<path d=\"")
                .append(d)
                .append("\" stroke=\"")
                .append(stroke)
                .append("\" fill=\"")
                .append(fill)
                .append('"');
        cls(cssClass);
        out.append("/>\n");
        return this;
    }

    /** Text (escaped); {@code anchor} is start, middle or end. A longer text is cut, the whole kept as tooltip. */
    Svg text(double x, double y, String anchor, String text, int maxChars, String cssClass) {
        String shown = text.length() <= maxChars ? text : text.substring(0, Math.max(1, maxChars - 1)) + "\u2026";
        out.append("<text x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append('"');
        cls(cssClass);
        out.append('>').append(escape(shown));
        if (!shown.equals(text)) {
            out.append("<title>").append(escape(text)).append("</title>");
        }
        out.append("</text>\n");
        return this;
    }

    private void cls(String cssClass) {
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
    }

    String close() {
        return out.append("</svg>\n").toString();
    }
}
