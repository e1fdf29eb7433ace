package dev.vernier.cli;

import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Sample;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a provider's progress as {@code id [#####.....] 12/24  2.1 req/s}. On a terminal the line is
 * redrawn in place with {@code \r}; otherwise one line is printed when each provider finishes, so CI
 * logs stay readable.
 */
final class ProgressBar implements RunListener {

    private static final int WIDTH = 20;

    private final PrintWriter out;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private String provider;
    private int total;
    private int done;
    private int failed;
    private long startNanos;

    /**
     * @param out         where to draw
     * @param interactive redraw in place (a terminal) rather than one line per provider
     * @param nanoTime    monotonic time source for the request rate
     */
    ProgressBar(PrintWriter out, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void providerStarted(String providerId, int requests) {
        provider = providerId;
        total = requests;
        done = 0;
        failed = 0;
        startNanos = nanoTime.getAsLong();
        if (interactive) {
            draw();
        }
    }

    @Override
    public synchronized void sampleCompleted(Sample sample) {
        done++;
        if (!sample.succeeded()) {
            failed++;
        }
        if (interactive) {
            draw();
        }
    }

    @Override
    public synchronized void providerFinished(String providerId) {
        if (interactive) {
            draw();
            out.println();
        } else {
            out.println(line());
        }
        out.flush();
    }

    private void draw() {
        out.print("\r" + line());
        out.flush();
    }

    String line() {
        // a time-bounded load step has no known total (-1): the bar shows the count only
        int filled = total < 0 ? 0 : total == 0 ? WIDTH : (int) Math.min(WIDTH, (long) done * WIDTH / total);
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        String rate = seconds > 0 ? String.format(Locale.ROOT, "%.1f req/s", done / seconds) : "- req/s";
        return provider + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done
                + (total >= 0 ? "/" + total : " sent") + "  " + rate + (failed > 0 ? "  " + failed + " failed" : "");
    }
}
