package dev.vernier.provider.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads how long a server asks us to wait: {@code retry-after-ms} (OpenAI's, milliseconds), else
 * {@code Retry-After} as seconds or as an HTTP date. Values are capped at {@link #CAP}.
 */
public final class RetryAfter {

    /** The longest wait honoured, so a misbehaving server cannot stall a run: 60 s. */
    public static final Duration CAP = Duration.ofSeconds(60);

    private RetryAfter() {}

    /** The wait the headers ask for, in milliseconds, or -1 when they ask for none (or say it badly). */
    public static long millis(HttpHeaders headers) {
        return parse(
                headers.firstValue("retry-after-ms").orElse(null),
                headers.firstValue("retry-after").orElse(null),
                null);
    }

    /**
     * @param retryAfterMs the {@code retry-after-ms} value, or null
     * @param retryAfter   the {@code Retry-After} value (seconds or an RFC 1123 date), or null
     * @param now          the current time for a date value; null for the system clock
     * @return milliseconds in [0, {@link #CAP}], or -1 when absent or unreadable
     */
    public static long parse(String retryAfterMs, String retryAfter, ZonedDateTime now) {
        try {
            if (retryAfterMs != null) {
                return clamp((long) Double.parseDouble(retryAfterMs.trim()));
            }
            if (retryAfter == null) {
                return -1;
            }
            String text = retryAfter.trim();
            if (text.matches("\\d+(\\.\\d+)?")) {
                return clamp((long) (Double.parseDouble(text) * 1000));
            }
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            ZonedDateTime reference = now != null ? now : ZonedDateTime.now(at.getZone());
            return clamp(Duration.between(reference, at).toMillis());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long clamp(long millis) {
        return Math.max(0, Math.min(CAP.toMillis(), millis));
    }
}
