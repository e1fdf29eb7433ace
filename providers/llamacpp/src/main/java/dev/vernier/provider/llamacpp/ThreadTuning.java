package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * {@code threads: auto}: measures how fast the model decodes with each candidate thread count and
 * keeps the fastest.
 *
 * <p>java-llama.cpp fixes the thread count when it loads a model (there is no call to change it
 * afterwards), so each candidate is a model of its own, loaded with a small context. The candidates
 * then take turns for {@link #ROUNDS} rounds (so a burst of load on the machine hits them alike); in
 * a round each decodes the same prompt greedily, ignoring end-of-sequence, until it has
 * {@link #PROBE_TOKENS} pieces, or until {@link #ROUND_BUDGET_NANOS} have passed since its first
 * piece and it has at least {@link #MIN_PIECES}, or until {@link #ROUND_CAP_NANOS} have passed and it
 * has at least 2 (a candidate stalled by a busy machine, or a very slow model). A round's speed is the harness's decode speed,
 * (N - 1) / (t_N - t_1) over its N pieces; a candidate's speed is the median of its rounds. A
 * candidate whose first round is below {@link #DROP_BELOW} of the fastest first round cannot win and
 * is not measured again (its speed is that round's). The fastest median wins; an exact tie goes to
 * fewer threads.
 *
 * <p>Cost: one model load per candidate plus at most candidates x rounds x min(max(0.25 s, 8
 * pieces), max(2 s, 2 pieces)) of decoding, each round's prompt pass and first piece on top.
 */
final class ThreadTuning {

    /** Rounds per candidate; the median of three is robust to one disturbed round. */
    static final int ROUNDS = 3;

    /** Pieces a round asks for (the prompt plus these fit the probe's context). */
    static final int PROBE_TOKENS = 256;

    /** Pieces a round decodes at least, however slow the candidate. */
    static final int MIN_PIECES = 8;

    /** Decoding time after which a round stops (once it has {@link #MIN_PIECES}). */
    static final long ROUND_BUDGET_NANOS = 250_000_000L;

    /**
     * A candidate whose first round is slower than this fraction of the fastest first round is
     * dropped: a disturbed round rarely costs a factor of 4.
     */
    static final double DROP_BELOW = 0.25;

    /** Decoding time after which a round stops once it has 2 pieces, however few that is. */
    static final long ROUND_CAP_NANOS = 2_000_000_000L;

    /** The fixed prompt every round continues. */
    static final String PROBE_PROMPT = "Once upon a time";

    private ThreadTuning() {}

    /** One candidate: the model loaded with that many threads. */
    interface Probe extends AutoCloseable {

        /**
         * Continues {@link #PROBE_PROMPT} greedily, ignoring end-of-sequence, for at most
         * {@code maxPieces} pieces, calling {@code onPiece} after each non-empty one; stops early when
         * it returns false.
         */
        void decode(int maxPieces, BooleanSupplier onPiece);

        @Override
        void close();
    }

    /** Loads a candidate. */
    interface ProbeLoader {
        Probe load(int threads) throws ConfigException;
    }

    /**
     * Measures every candidate and picks the fastest.
     *
     * @param candidates thread counts, ascending (see {@link CpuTopology#threadCandidates})
     * @param loader     loads the model with a given thread count
     * @param nanoTime   the clock the pieces are timed with
     * @throws ConfigException when a candidate cannot be loaded or fails to decode
     */
    static ThreadChoice choose(List<Integer> candidates, ProbeLoader loader, LongSupplier nanoTime)
            throws ConfigException {
        long start = nanoTime.getAsLong();
        if (candidates.size() == 1) {
            return ThreadChoice.auto(candidates.get(0), List.of(), 0);
        }
        List<Probe> probes = new ArrayList<>();
        try {
            for (int threads : candidates) {
                probes.add(loader.load(threads));
            }
            int n = candidates.size();
            double[][] speeds = new double[n][];
            double[] firsts = new double[n];
            for (int i = 0; i < n; i++) {
                firsts[i] = round(probes.get(i), nanoTime);
            }
            double fastestFirst = Arrays.stream(firsts).max().orElse(0);
            for (int i = 0; i < n; i++) {
                speeds[i] = new double[firsts[i] < DROP_BELOW * fastestFirst ? 1 : ROUNDS];
                speeds[i][0] = firsts[i];
            }
            for (int round = 1; round < ROUNDS; round++) {
                // Each round starts with another candidate, so none always runs first.
                for (int k = 0; k < n; k++) {
                    int i = (k + round) % n;
                    if (speeds[i].length > round) {
                        speeds[i][round] = round(probes.get(i), nanoTime);
                    }
                }
            }
            List<ThreadChoice.Candidate> measured = new ArrayList<>();
            int best = 0;
            for (int i = 0; i < n; i++) {
                measured.add(new ThreadChoice.Candidate(candidates.get(i), median(speeds[i]), speeds[i].length));
                if (measured.get(i).tokensPerSecond() > measured.get(best).tokensPerSecond()) {
                    best = i;
                }
            }
            return ThreadChoice.auto(candidates.get(best), measured, (nanoTime.getAsLong() - start) / 1e6);
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "threads",
                    "threads: auto could not measure the candidates " + candidates + ": " + e.getMessage()
                            + ". Fix: set 'threads' to a number");
        } finally {
            probes.forEach(Probe::close);
        }
    }

    /** One round of one candidate: its decode speed in pieces per second, 0 with fewer than 2 pieces. */
    private static double round(Probe probe, LongSupplier nanoTime) {
        long[] first = {0};
        long[] last = {0};
        int[] pieces = {0};
        probe.decode(PROBE_TOKENS, () -> {
            long now = nanoTime.getAsLong();
            if (pieces[0] == 0) {
                first[0] = now;
            }
            last[0] = now;
            pieces[0]++;
            long elapsed = now - first[0];
            boolean enough = (pieces[0] >= MIN_PIECES && elapsed >= ROUND_BUDGET_NANOS)
                    || (pieces[0] >= 2 && elapsed >= ROUND_CAP_NANOS);
            return !enough;
        });
        if (pieces[0] < 2 || last[0] <= first[0]) {
            return 0;
        }
        return (pieces[0] - 1) * 1e9 / (last[0] - first[0]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
