package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** threads: auto on a scripted clock: each fake candidate advances the clock by its own time per piece. */
class ThreadTuningTest {

    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** The clock the tuner reads; only the fake probes move it. */
    private long now = 1_000 * MS;

    private final List<Integer> decodes = new ArrayList<>();
    private final List<Integer> piecesPerRound = new ArrayList<>();
    private final List<Integer> closed = new CopyOnWriteArrayList<>();

    /** A candidate whose k-th round takes nanosPerPiece[k] per piece (the last value repeats). */
    private ThreadTuning.Probe probe(int threads, long... nanosPerPiece) {
        return new ThreadTuning.Probe() {
            int round;

            @Override
            public void decode(int maxPieces, BooleanSupplier onPiece) {
                decodes.add(threads);
                long step = nanosPerPiece[Math.min(round++, nanosPerPiece.length - 1)];
                int pieces = 0;
                now += 5 * MS; // the prompt pass, before the first piece
                for (int i = 0; i < maxPieces; i++) {
                    now += step;
                    pieces++;
                    if (!onPiece.getAsBoolean()) {
                        break;
                    }
                }
                piecesPerRound.add(pieces);
            }

            @Override
            public void close() {
                closed.add(threads);
            }
        };
    }

    private ThreadChoice choose(Map<Integer, long[]> script) throws ConfigException {
        List<Integer> candidates = script.keySet().stream().sorted().toList();
        return ThreadTuning.choose(candidates, t -> probe(t, script.get(t)), () -> now);
    }

    @Test
    void picks_the_fastest_candidate_and_records_every_candidates_speed() throws Exception {
        // 1 thread: 150 us a piece; 2 threads: 3.7 ms (the 2-core cliff); 3 threads: 100 us.
        ThreadChoice choice =
                choose(Map.of(1, new long[] {150 * US}, 2, new long[] {3_700 * US}, 3, new long[] {100 * US}));

        assertThat(choice.auto()).isTrue();
        assertThat(choice.threads()).isEqualTo(3);
        assertThat(choice.candidates())
                .extracting(ThreadChoice.Candidate::threads)
                .containsExactly(1, 2, 3);
        assertThat(choice.candidates().get(0).tokensPerSecond()).isCloseTo(1e9 / (150 * US), within(1e-6));
        assertThat(choice.candidates().get(1).tokensPerSecond()).isCloseTo(1e9 / (3_700 * US), within(1e-6));
        assertThat(choice.candidates().get(2).tokensPerSecond()).isCloseTo(10_000, within(1e-6));
        assertThat(choice.candidates())
                .as("2 threads is under a quarter of the fastest: measured once")
                .extracting(ThreadChoice.Candidate::rounds)
                .containsExactly(3, 1, 3);
        assertThat(closed).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void picks_one_thread_when_it_is_the_fastest() throws Exception {
        ThreadChoice choice = choose(Map.of(1, new long[] {145 * US}, 2, new long[] {3_700 * US}));

        assertThat(choice.threads()).isEqualTo(1);
        assertThat(choice.describe())
                .isEqualTo("threads 1 (auto: 1 -> 6,897 tok/s, 2 -> 270 tok/s after 1 round; measured in "
                        + String.format(java.util.Locale.ROOT, "%.2f", choice.probeMillis() / 1000) + " s)");
    }

    @Test
    void the_median_of_three_rounds_ignores_one_disturbed_round() throws Exception {
        // Candidate 1 is faster but its second round is slowed tenfold (another process took the core):
        // the mean would prefer candidate 2 (7,000 < 8,333 tok/s), the median does not.
        ThreadChoice choice = choose(Map.of(1, new long[] {100 * US, 1_000 * US, 100 * US}, 2, new long[] {120 * US}));

        assertThat(choice.threads()).isEqualTo(1);
        assertThat(choice.candidates().get(0).tokensPerSecond()).isCloseTo(10_000, within(1e-6));
    }

    @Test
    void candidates_take_turns_starting_with_another_one_each_round() throws Exception {
        choose(Map.of(1, new long[] {100 * US}, 2, new long[] {100 * US}, 4, new long[] {100 * US}));

        assertThat(decodes).containsExactly(1, 2, 4, 2, 4, 1, 4, 1, 2);
    }

    @Test
    void a_round_stops_at_256_pieces_at_the_budget_once_it_has_eight_or_at_the_cap_once_it_has_two() throws Exception {
        // 100 us: 256 pieces take 25.5 ms, within the 250 ms budget. 2 ms: the budget ends the round
        // at the piece 250 ms after the first (126 pieces). 100 ms: 8 pieces, although 700 ms pass.
        // 500 ms (a stalled candidate): the 2 s cap ends the round at 5 pieces.
        choose(Map.of(
                1, new long[] {100 * US}, 2, new long[] {2 * MS}, 3, new long[] {100 * MS}, 4, new long[] {500 * MS}));

        assertThat(piecesPerRound.subList(0, 4)).containsExactly(ThreadTuning.PROBE_TOKENS, 126, 8, 5);
    }

    @Test
    void a_candidate_under_a_quarter_of_the_fastest_first_round_is_not_measured_again() throws Exception {
        // 1 thread: 10,000 tok/s; 2 threads: 3,000 (30%, kept); 4 threads: 2,000 (20%, dropped).
        ThreadChoice choice =
                choose(Map.of(1, new long[] {100 * US}, 2, new long[] {333_333}, 4, new long[] {500 * US}));

        assertThat(decodes).containsExactly(1, 2, 4, 2, 1, 1, 2);
        assertThat(choice.candidates())
                .extracting(ThreadChoice.Candidate::rounds)
                .containsExactly(3, 3, 1);
        assertThat(choice.candidates().get(2).tokensPerSecond()).isCloseTo(2_000, within(1e-6));
    }

    @Test
    void an_exact_tie_goes_to_fewer_threads() throws Exception {
        assertThat(choose(Map.of(1, new long[] {200 * US}, 2, new long[] {200 * US}))
                        .threads())
                .isEqualTo(1);
    }

    @Test
    void a_machine_with_one_candidate_measures_nothing() throws Exception {
        ThreadChoice choice = choose(Map.of(1, new long[] {100 * US}));

        assertThat(choice.threads()).isEqualTo(1);
        assertThat(choice.candidates()).isEmpty();
        assertThat(decodes).isEmpty();
        assertThat(choice.describe()).isEqualTo("threads 1 (auto: the only candidate on 1 core)");
    }

    @Test
    void a_candidate_that_fails_to_load_closes_the_loaded_ones() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> ThreadTuning.choose(
                        List.of(1, 2, 4),
                        t -> {
                            if (t == 4) {
                                throw new ConfigException("model", "out of memory");
                            }
                            return probe(t, 100 * US);
                        },
                        () -> now));

        assertThat(e.getMessage()).isEqualTo("out of memory");
        assertThat(closed).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void a_candidate_that_fails_to_decode_is_a_config_error_naming_threads_and_the_fix() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> ThreadTuning.choose(
                        List.of(1, 2),
                        t -> new ThreadTuning.Probe() {
                            @Override
                            public void decode(int maxPieces, BooleanSupplier onPiece) {
                                throw new IllegalStateException("decode failed");
                            }

                            @Override
                            public void close() {
                                closed.add(t);
                            }
                        },
                        () -> now));

        assertThat(e.key()).isEqualTo("threads");
        assertThat(e.getMessage()).contains("decode failed").contains("[1, 2]").contains("Fix: set 'threads'");
        assertThat(closed).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void an_explicit_count_is_reported_as_explicit() {
        assertThat(ThreadChoice.explicit(2).describe()).isEqualTo("threads 2 (explicit)");
        assertThat(ThreadChoice.explicit(2).auto()).isFalse();
    }
}
