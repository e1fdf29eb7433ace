package dev.vernier.core.session;

import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.JournalEvent;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.run.Completeness;
import dev.vernier.core.run.RequestKey;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run as its journal tells it, over every attempt: which samples count, which requests are done (a
 * resumed run skips them), how many attempts there were and how the last one ended, and each
 * provider's measurement windows and load steps. The windows follow the runner's formula: per load
 * step and attempt, first measured t_send to last measured completion, summed.
 */
public final class RunHistory {

    /** Why a run's last attempt has no end in its journal. */
    public static final String NO_END = "its process ended without recording an end (killed, or the machine stopped)";

    private final List<Sample> samples;
    private final List<JournalEvent> events;

    public RunHistory(Journal.Contents contents) {
        this.events = contents.events();
        this.samples = current(contents.samples());
    }

    /**
     * The samples that count, in journal order: a request the harness cancelled, or left unjudged, is
     * dropped when a later attempt sent it again.
     */
    public List<Sample> samples() {
        return samples;
    }

    /** The journal's events. */
    public List<JournalEvent> events() {
        return events;
    }

    /** Whether the journal records attempts (runs written before resume existed do not). */
    public boolean recordsAttempts() {
        return events.stream().anyMatch(e -> e.type() == JournalEvent.Type.RUN_STARTED);
    }

    private static List<Sample> current(List<Sample> all) {
        Map<RequestKey, Integer> lastDone = new LinkedHashMap<>();
        Map<RequestKey, Integer> lastConversationAttempt = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            if (!s.warmup()) {
                lastDone.merge(s.key(), i, Math::max);
                if (s.turn() != null) {
                    lastConversationAttempt.merge(s.key(), s.runAttempt(), Math::max);
                }
            }
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            boolean superseded = !s.warmup()
                    && (s.turn() != null
                            // a conversation sent again is replaced whole: its turns depend on each other
                            ? lastConversationAttempt.get(s.key()) > s.runAttempt()
                            : lastDone.get(s.key()) > i && (s.cancelled() || SuiteSession.unjudged(s)));
            if (!superseded) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Measured requests that are done: a resumed run does not send them again. A conversation is done
     * when every one of its turns is, a tool loop's turn by its last round (a turn not run because an
     * earlier one failed counts as done);
     * one with a turn missing, cancelled or unjudged is sent again whole.
     */
    public Set<RequestKey> completed() {
        Set<RequestKey> done = new HashSet<>();
        Map<RequestKey, Set<Integer>> turnsDone = new HashMap<>();
        Set<RequestKey> conversationsOpen = new HashSet<>();
        for (Sample s : samples) {
            boolean finished = !s.warmup() && !s.cancelled() && !SuiteSession.unjudged(s);
            if (s.turn() == null) {
                if (finished) {
                    done.add(s.key());
                }
            } else if (!s.warmup()) {
                if (!finished) {
                    conversationsOpen.add(s.key());
                } else if (s.turn().lastRound()) { // a tool round the loop went on from does not end its turn
                    turnsDone
                            .computeIfAbsent(s.key(), k -> new HashSet<>())
                            .add(s.turn().index());
                }
            }
        }
        for (Sample s : samples) {
            if (s.turn() != null
                    && !conversationsOpen.contains(s.key())
                    && turnsDone.getOrDefault(s.key(), Set.of()).size()
                            == s.turn().count()) {
                done.add(s.key());
            }
        }
        return done;
    }

    /** Attempts the journal records (at least 1). */
    public int attempts() {
        return (int) Math.max(
                1,
                events.stream()
                        .filter(e -> e.type() == JournalEvent.Type.RUN_STARTED)
                        .count());
    }

    /**
     * Why the last attempt stopped early: null when it ended complete, its recorded reason when it
     * was stopped, {@link #NO_END} when nothing records its end.
     */
    public String stoppedBecause() {
        JournalEvent last = null;
        for (JournalEvent e : events) {
            if (e.type() == JournalEvent.Type.RUN_STARTED || e.type() == JournalEvent.Type.RUN_ENDED) {
                last = e;
            }
        }
        if (last == null || last.type() == JournalEvent.Type.RUN_STARTED) {
            return NO_END;
        }
        return JournalEvent.COMPLETE.equals(last.reason()) ? null : last.reason();
    }

    /** How far the run got, against the plan's request count (-1 when unknown). */
    public Completeness completeness(long planned) {
        long completed = samples.stream()
                .filter(s -> !s.warmup() && !s.cancelled() && !SuiteSession.unjudged(s))
                .count();
        return new Completeness(planned, completed, attempts(), stoppedBecause());
    }

    /** A provider's measurement window: per load step and attempt, first measured t_send to last measured completion, summed. */
    public long windowNanos(String providerId) {
        return windows(providerId, -1);
    }

    private long windows(String providerId, int onlyStep) {
        Map<List<Integer>, long[]> spans = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (!s.providerId().equals(providerId)
                    || s.warmup()
                    || s.cancelled()
                    || (onlyStep >= 0 && s.step() != onlyStep)) {
                continue;
            }
            long[] span = spans.computeIfAbsent(
                    List.of(s.runAttempt(), s.step()), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], s.sendNanos());
            span[1] = Math.max(span[1], s.sendNanos() + s.endNanos());
        }
        long total = 0;
        for (long[] span : spans.values()) {
            total += span[1] - span[0];
        }
        return total;
    }

    /**
     * Every load step of the providers as it ran over all attempts: those with a sample, in provider
     * then step order; {@code sent} counts its samples (warm-ups included), the stop reason is the one
     * recorded when the step finished.
     */
    public List<StepRun> steps(List<String> providerIds, LoadProfile load) {
        List<StepRun> out = new ArrayList<>();
        for (String id : providerIds) {
            Set<Integer> stepIndexes = new LinkedHashSet<>();
            samples.stream()
                    .filter(s -> s.providerId().equals(id))
                    .map(Sample::step)
                    .sorted()
                    .forEach(stepIndexes::add);
            for (int step : stepIndexes) {
                if (step >= load.steps().size()) {
                    continue;
                }
                long sent = samples.stream()
                        .filter(s -> s.providerId().equals(id) && s.step() == step)
                        .count();
                String stopReason = null;
                for (JournalEvent e : events) {
                    if (e.type() == JournalEvent.Type.STEP_FINISHED && id.equals(e.providerId()) && e.step() == step) {
                        stopReason = e.reason();
                    }
                }
                out.add(new StepRun(id, step, load.steps().get(step), windows(id, step), sent, stopReason));
            }
        }
        return out;
    }
}
