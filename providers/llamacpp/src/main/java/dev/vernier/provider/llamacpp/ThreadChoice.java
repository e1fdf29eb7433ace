package dev.vernier.provider.llamacpp;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The thread count a model runs with and how it was chosen.
 *
 * @param threads     threads llama.cpp decodes with
 * @param auto        true when measured ({@code threads: auto}), false when the suite set it
 * @param candidates  each measured candidate with its decode speed (empty when explicit, or when
 *                    the machine has a single candidate)
 * @param probeMillis time spent measuring, loads included (0 when nothing was measured)
 */
public record ThreadChoice(int threads, boolean auto, List<Candidate> candidates, double probeMillis) {

    /**
     * One measured candidate.
     *
     * @param threads         its thread count
     * @param tokensPerSecond its decode speed: the median over its rounds of (N - 1) / (t_N - t_1)
     * @param rounds          rounds measured: {@link ThreadTuning#ROUNDS}, or 1 when the first round
     *                        showed it could not win
     */
    public record Candidate(int threads, double tokensPerSecond, int rounds) {}

    public ThreadChoice {
        candidates = List.copyOf(candidates);
    }

    static ThreadChoice explicit(int threads) {
        return new ThreadChoice(threads, false, List.of(), 0);
    }

    static ThreadChoice auto(int threads, List<Candidate> candidates, double probeMillis) {
        return new ThreadChoice(threads, true, candidates, probeMillis);
    }

    /**
     * For the report: {@code threads 1 (auto: 1 -> 6,912 tok/s, 2 -> 268 tok/s after 1 round; measured
     * in 0.61 s)},
     * {@code threads 1 (auto: the only candidate on 1 core)} or {@code threads 2 (explicit)}.
     */
    String describe() {
        if (!auto) {
            return "threads " + threads + " (explicit)";
        }
        if (candidates.isEmpty()) {
            return "threads " + threads + " (auto: the only candidate on 1 core)";
        }
        String speeds = candidates.stream()
                .map(c -> String.format(
                        Locale.ROOT,
                        "%d -> %,.0f tok/s%s",
                        c.threads(),
                        c.tokensPerSecond(),
                        c.rounds() < ThreadTuning.ROUNDS ? " after " + c.rounds() + " round" : ""))
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT, "threads %d (auto: %s; measured in %.2f s)", threads, speeds, probeMillis / 1000);
    }
}
