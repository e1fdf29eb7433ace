package dev.vernier.maven;

import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Sample;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress for a build log: one line when each provider finishes,
 * {@code <id>: 24/24 requests in 3.2 s (7.5 req/s), 1 failed}. No redrawn bar: logs are read later.
 */
final class LogProgress implements RunListener {

    private final Consumer<String> log;
    private final LongSupplier nanoTime;
    private int total;
    private int done;
    private int failed;
    private long startNanos;

    LogProgress(Consumer<String> log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void providerStarted(String providerId, int requests) {
        total = requests;
        done = 0;
        failed = 0;
        startNanos = nanoTime.getAsLong();
    }

    @Override
    public synchronized void sampleCompleted(Sample sample) {
        done++;
        if (!sample.succeeded()) {
            failed++;
        }
    }

    @Override
    public synchronized void providerFinished(String providerId) {
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        String rate = seconds > 0 ? String.format(Locale.ROOT, " (%.1f req/s)", done / seconds) : "";
        log.accept(providerId + ": " + done + (total >= 0 ? "/" + total : "") + " requests in "
                + String.format(Locale.ROOT, "%.1f s", seconds) + rate + (failed > 0 ? ", " + failed + " failed" : ""));
    }
}
