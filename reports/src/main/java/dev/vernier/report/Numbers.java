package dev.vernier.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting shared by the writers: {@link Locale#ROOT}, fixed decimals, empty when undefined. */
final class Numbers {

    private Numbers() {}

    /** Milliseconds with 3 decimals; empty for NaN, infinities and negative values (the "unknown" marker). */
    static String ms(double value) {
        return fixed(value, 3);
    }

    /** Nanoseconds shown as milliseconds with 3 decimals; empty when negative. */
    static String nanosAsMs(double nanos) {
        return nanos < 0 ? "" : fixed(nanos / 1e6, 3);
    }

    /** A rate (tokens or requests per second) with 2 decimals; empty when undefined. */
    static String rate(double value) {
        return fixed(value, 2);
    }

    /** A value with the given decimals; empty for NaN, infinities and negative values. */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * A value for people to read: 3 decimals below 1, 2 below 100, else 1; empty when undefined.
     * Used by the HTML and Markdown reports (the CSV keeps fixed decimals).
     */
    static String display(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            return "";
        }
        int decimals = value < 1 ? 3 : value < 100 ? 2 : 1;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A machine-readable value (for sorting): {@link Double#toString}, empty when undefined. */
    static String raw(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : Double.toString(value);
    }

    /** A US dollar amount in plain decimal notation (no exponent), rounded to 10 significant digits; empty when undefined. */
    static String usd(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return new BigDecimal(value)
                .round(new MathContext(10))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A count; empty when negative (unknown). */
    static String count(long value) {
        return value < 0 ? "" : Long.toString(value);
    }
}
