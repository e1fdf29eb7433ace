package dev.vernier.core.session;

import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.Tools;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.scoring.Verdict;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.TestCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Prices and scores every sample before the next listener (the journal) sees it, so the journal holds
 * costs and scores. A sample whose case calls a model to judge it (an LLM judge, using a provider of
 * the session) is held until its provider's requests are all done, so judging never delays a measured
 * request. Failed requests and warm-ups get no scores (a failed request never passes).
 *
 * <p>When the run is stopped, held samples are passed on without calling their judge: each judge
 * assertion gets a failing score marked {@value #UNJUDGED_DETAIL}, and a resumed run sends such a
 * request again.
 */
final class Scoring implements RunListener {

    /** Score detail marking an assertion that was not judged because the run stopped. */
    static final String UNJUDGED_DETAIL = "unjudged";

    private final RunListener next;
    private final Map<String, TestCase> cases = new HashMap<>();
    private final ScorerRegistry scorers;
    private final Function<String, ProviderSlot> slots;
    private final Pricing pricing;
    private final Pricing.ProviderLookup judges;
    private final BooleanSupplier stopped;
    private final List<Sample> held = new ArrayList<>();
    /** Every sample as passed on, by sequence number (unique within a run attempt). */
    private final Map<Integer, Sample> passedOn = new ConcurrentHashMap<>();
    /** The tools each prompt declares, by prompt id (absent: none). */
    private final Map<String, Tools> toolsByPrompt = new HashMap<>();
    /**
     * The tool calls of a tool loop's earlier rounds, by user turn, until its last round is scored: the
     * assertions of a user turn see every call made to reach its answer.
     */
    private final Map<List<Object>, List<ToolCall>> loopCalls = new ConcurrentHashMap<>();

    /**
     * @param cases    the suite's cases
     * @param prompts  the suite's prompts (for the tools each declares)
     * @param slots    the slot of each provider id that runs
     * @param judges   providers an LLM judge may name
     * @param stopped  whether the run has been stopped
     * @param next     the listener that gets the priced, scored samples
     */
    Scoring(
            List<TestCase> cases,
            List<PromptTemplate> prompts,
            ScorerRegistry scorers,
            Function<String, ProviderSlot> slots,
            Pricing pricing,
            Pricing.ProviderLookup judges,
            BooleanSupplier stopped,
            RunListener next) {
        cases.forEach(c -> this.cases.putIfAbsent(c.id(), c));
        prompts.stream().filter(p -> p.tools() != null).forEach(p -> toolsByPrompt.put(p.id(), p.tools()));
        this.scorers = scorers;
        this.slots = slots;
        this.pricing = pricing;
        this.judges = judges;
        this.stopped = stopped;
        this.next = next;
    }

    @Override
    public void providerStarted(String providerId, int requests) {
        next.providerStarted(providerId, requests);
    }

    @Override
    public void sampleCompleted(Sample sample) {
        collectLoopCalls(sample);
        if (needsModel(sample)) {
            synchronized (held) {
                held.add(sample);
            }
            return;
        }
        passOn(score(priced(sample)));
    }

    private void passOn(Sample sample) {
        passedOn.put(sample.seq(), sample);
        next.sampleCompleted(sample);
    }

    /** The sample as it was passed on (priced and scored), or the given one when it has not been. */
    Sample asPassedOn(Sample sample) {
        return passedOn.getOrDefault(sample.seq(), sample);
    }

    @Override
    public void stepFinished(StepRun step) {
        next.stepFinished(step);
    }

    @Override
    public void providerFinished(String providerId) {
        List<Sample> mine;
        synchronized (held) {
            mine = held.stream().filter(s -> s.providerId().equals(providerId)).toList();
            held.removeAll(mine);
        }
        for (Sample s : mine) {
            passOn(stopped.getAsBoolean() ? unjudged(priced(s)) : score(priced(s)));
        }
        next.providerFinished(providerId);
    }

    /**
     * Keeps the calls of a tool loop's round that does not end its user turn (for the assertions of the
     * round that does); forgets them when the loop failed.
     */
    private void collectLoopCalls(Sample sample) {
        if (sample.turn() == null || sample.warmup()) {
            return;
        }
        if (!sample.succeeded()) {
            loopCalls.remove(loopKey(sample));
        } else if (!sample.turn().lastRound()) {
            loopCalls.computeIfAbsent(loopKey(sample), k -> new ArrayList<>()).addAll(Scored.calls(sample));
        }
    }

    private static List<Object> loopKey(Sample s) {
        return List.of(
                s.providerId(),
                s.turn().conversationId(),
                s.step(),
                s.runAttempt(),
                s.turn().index());
    }

    /** The sample with its cost when its provider can price it. */
    Sample priced(Sample sample) {
        ProviderSlot slot = slots.apply(sample.providerId());
        return slot == null ? sample : pricing.priced(sample, slot);
    }

    /**
     * A sample with the scores of its case's assertions; the sample itself when it is a warm-up,
     * failed, or its case has no assertions.
     */
    Sample score(Sample sample) {
        TestCase testCase = scoredCase(sample);
        if (testCase == null) {
            return sample;
        }
        List<Score> scores = Verdict.score(
                        assertionsOf(sample, testCase),
                        testCase.threshold(),
                        subject(sample, testCase),
                        context(),
                        scorers)
                .stream()
                .map(s -> pricing.withJudgeCost(s, judges))
                .toList();
        return sample.withScores(scores);
    }

    /** A held sample scored without calling a model: its model-judged assertions fail as not judged. */
    private Sample unjudged(Sample sample) {
        TestCase testCase = scoredCase(sample);
        List<Assertion> all = assertionsOf(sample, testCase);
        List<Assertion> plain = all.stream().filter(a -> !needsModel(a)).toList();
        Iterator<Score> judged = Verdict.score(
                        plain, testCase.threshold(), subject(sample, testCase), context(), scorers)
                .iterator();
        List<Score> scores = new ArrayList<>();
        for (Assertion assertion : all) {
            scores.add(
                    needsModel(assertion)
                            ? new Score(
                                    assertion.name(),
                                    false,
                                    0,
                                    assertion.weight(),
                                    "not judged: the run was stopped before its judge ran; a resumed run sends the"
                                            + " request again",
                                    Map.of(UNJUDGED_DETAIL, true, Verdict.THRESHOLD_DETAIL, testCase.threshold()))
                            : judged.next());
        }
        return sample.withScores(scores);
    }

    /** Whether a sample was passed on unjudged because the run stopped. */
    static boolean unjudged(List<Score> scores) {
        return scores.stream().anyMatch(s -> Boolean.TRUE.equals(s.details().get(UNJUDGED_DETAIL)));
    }

    private ScoringContext context() {
        return id -> Optional.ofNullable(judges.find(id));
    }

    /** What the assertions see: the sample, and every tool call made to reach its answer. */
    private Scored subject(Sample sample, TestCase testCase) {
        List<ToolCall> calls = new ArrayList<>();
        if (sample.turn() != null) {
            List<ToolCall> earlier = loopCalls.remove(loopKey(sample));
            if (earlier != null) {
                calls.addAll(earlier);
            }
        }
        calls.addAll(Scored.calls(sample));
        return new Scored(
                sample,
                testCase.vars(),
                sample.costUsd().isPresent() ? sample.costUsd().getAsDouble() : null,
                calls,
                toolsByPrompt.get(sample.promptId()));
    }

    private TestCase scoredCase(Sample sample) {
        if (sample.warmup() || !sample.succeeded()) {
            return null;
        }
        TestCase testCase = cases.get(sample.caseId());
        return testCase == null || assertionsOf(sample, testCase).isEmpty() ? null : testCase;
    }

    /**
     * The assertions scoring a sample: its case's, or for a turn of a conversation the ones given for
     * that turn (none when the case has no such turn).
     */
    private static List<Assertion> assertionsOf(Sample sample, TestCase testCase) {
        if (sample.turn() == null) {
            return testCase.assertions();
        }
        if (!sample.turn().lastRound()) {
            return List.of(); // a tool round the loop went on from: the user turn's last round is scored
        }
        int index = sample.turn().index();
        return index < testCase.turnCount() ? testCase.assertionsFor(index) : List.of();
    }

    /**
     * Whether scoring this sample calls a model (an LLM judge). Such samples are scored once their
     * provider's requests are all done, so a judge's time never holds up the measured requests.
     */
    private boolean needsModel(Sample sample) {
        TestCase testCase = scoredCase(sample);
        return testCase != null && assertionsOf(sample, testCase).stream().anyMatch(this::needsModel);
    }

    private boolean needsModel(Assertion assertion) {
        return scorers.find(assertion.type()).map(x -> x.info().needsModel()).orElse(false);
    }
}
