package dev.vernier.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A value-to-pixel scale for one chart axis: logarithmic when the values span more than a factor of
 * 20 (latencies of an in-process model and a remote API differ by orders of magnitude), else linear
 * from zero.
 */
final class Axis {

    private final boolean log;
    private final double lo;
    private final double hi;
    private final double from;
    private final double to;

    private Axis(boolean log, double lo, double hi, double from, double to) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.from = from;
        this.to = to;
    }

    /** A scale covering {@code min..max} (both > 0 for a log scale) onto pixels {@code from..to}. */
    static Axis of(double min, double max, double from, double to, boolean allowLog) {
        double safeMax = max > 0 ? max : 1;
        double safeMin = min > 0 ? Math.min(min, safeMax) : safeMax / 1000;
        if (allowLog && safeMax / safeMin > 20) {
            double lo = Math.pow(10, Math.floor(Math.log10(safeMin)));
            double hi = Math.pow(10, Math.ceil(Math.log10(safeMax)));
            return new Axis(true, lo, hi, from, to);
        }
        double step = niceStep(safeMax / 5);
        return new Axis(false, 0, Math.ceil(safeMax / step) * step, from, to);
    }

    boolean log() {
        return log;
    }

    double px(double value) {
        double f;
        if (log) {
            double v = Math.max(value, lo);
            f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        } else {
            f = hi == lo ? 0 : (value - lo) / (hi - lo);
        }
        return from + Math.max(0, Math.min(1, f)) * (to - from);
    }

    /** Tick values: 1, 2, 5 per decade on a log scale, five or so round steps on a linear one. */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double decade = lo; decade <= hi * 1.0001; decade *= 10) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = decade * m;
                    if (v <= hi * 1.0001) {
                        ticks.add(v);
                    }
                }
            }
        } else {
            double step = niceStep((hi - lo) / 5);
            for (double v = lo; v <= hi + step / 1000; v += step) {
                ticks.add(v);
            }
        }
        return ticks;
    }

    /** A tick label: no trailing zeros. */
    static String label(double v) {
        String s = Numbers.display(v);
        if (s.isEmpty()) {
            return "0";
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double m = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return m * magnitude;
    }
}
