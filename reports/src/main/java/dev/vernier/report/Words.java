package dev.vernier.report;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text renderings shared by the writers (no markup; callers escape for their format). */
final class Words {

    private Words() {}

    static String accessMode(AccessMode mode) {
        if (mode == null) {
            return "unknown";
        }
        return switch (mode) {
            case IN_PROCESS -> "in-process";
            case SELF_HOSTED_SERVER -> "self-hosted server";
            case PROPRIETARY_API -> "proprietary API";
        };
    }

    /** {@code KIND (HTTP 503, retryable): message}. */
    static String failure(Failure f) {
        StringBuilder b = new StringBuilder(f.kind().name());
        List<String> detail = new ArrayList<>();
        if (f.httpStatus() != 0) {
            detail.add("HTTP " + f.httpStatus());
        }
        if (f.retryable()) {
            detail.add("retryable");
        }
        if (!detail.isEmpty()) {
            b.append(" (").append(String.join(", ", detail)).append(')');
        }
        if (!f.message().isEmpty()) {
            b.append(": ").append(f.message());
        }
        return b.toString();
    }

    /** A percentage with one decimal, e.g. {@code 50.0%}; empty when undefined. */
    static String percent(double share) {
        return Double.isNaN(share) ? "" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** {@code 1 (50.0%)}: failures and error rate. */
    static String errors(long failures, double rate) {
        return failures + " (" + percent(rate) + ")";
    }

    /** The text cut to at most {@code max} characters, "..." marking a cut (for a table cell). */
    static String abbreviate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 3;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end) + "...";
    }
}
