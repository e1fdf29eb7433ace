package dev.vernier.benchmarks.load;

import dev.vernier.core.run.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's moments of each request as the runner recorded them, for the benchmarks' accuracy
 * checks: t_send (the request's first byte written to an established connection, DESIGN.md), the first
 * answer chunk and the last chunk (t_n, as E2E takes it), on the runner's clock ({@link System#nanoTime()} with the runner's
 * {@code SystemClock}), and the connection set-up time. Read from the samples, so that the checks
 * measure the code a run has, with nothing of their own in the path of a chunk (a sink wrapped around the
 * runner's would also be code the harness warm-up never ran, compiled and recompiled during the
 * measured requests).
 */
final class ClientMoments {

    private ClientMoments() {}

    /**
     * Per prompt, {@code [t_send, t_1, t_n, connection set-up nanos, t_written]} ({@code t_1} and {@code t_n}
     * 0 when no answer chunk came; {@code t_written} when the request's write returned, -1 when the
     * transport did not say); {@code origin} is the runner's {@code Outcome.originNanos()}.
     */
    static Map<String, long[]> byPrompt(List<Sample> samples, long origin) {
        Map<String, long[]> moments = new HashMap<>();
        for (Sample s : samples) {
            long send = origin + s.sendNanos();
            long first = s.firstAnswerNanos();
            long last = s.chunkNanos().isEmpty() ? -1 : s.e2eNanos();
            long written = s.writeNanos() < 0 ? -1 : send + s.writeNanos();
            moments.put(s.prompt(), new long[] {
                send,
                first < 0 ? 0 : send + first,
                last < 0 ? 0 : send + last,
                s.connection().totalNanos(),
                written
            });
        }
        return moments;
    }

    /**
     * When a request had left the client, as closely as the two processes can tell: the earlier of the
     * client's write returning ({@code written}) and the server reading it ({@code serverRead}); both come
     * at or after the moment the kernel took the bytes. The server's stamp alone would count the server's
     * wait to be scheduled (a thread per connection woken with 255 others, a vCPU taken by the host) as the
     * harness's error: that wait is the server's latency, part of the true TTFT, which the harness
     * measures. Since the true moment lies between {@code t_send} and this one, charging the harness from
     * {@code t_send} to it overstates its error, never understates it. Without {@code written} (-1: the
     * transport did not say) the server's read is the only bound.
     */
    static long requestLeft(long written, long serverRead) {
        return written < 0 ? serverRead : Math.min(written, serverRead);
    }
}
