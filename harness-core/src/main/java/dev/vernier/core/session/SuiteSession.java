package dev.vernier.core.session;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.cost.ApiCost;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.cost.PriceCatalogue;
import dev.vernier.core.cost.SelfHostedCost;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.scoring.Verdict;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run of a loaded suite, shared by every front end (the command line, the Maven plugin): creates
 * the suite's providers in suite order under unique ids, sets aside those that report themselves
 * unavailable (with a clean one-line reason), runs the plan and returns the result tree.
 *
 * <p>Use in two steps so a front end can stop before it writes anything when the suite cannot run:
 * {@link #open} creates the providers (and fails with a {@link SessionException} on a configuration
 * problem); {@link #run} measures. {@link #close} closes every provider that was created; call it in
 * a {@code finally} or try-with-resources, whatever happened.
 *
 * <p>Every measured sample of a case with assertions is scored before listeners (the journal) see it,
 * so the journal holds the scores: as it completes, or, when a case's assertions call a model (an LLM
 * judge, which uses the providers of this session), once its provider's requests are all done, so
 * judging never delays a measured request. Failed requests get no scores (they never pass); warm-ups
 * are not scored.
 */
public final class SuiteSession implements AutoCloseable {

    private final Suite suite;
    private final List<String> order = new ArrayList<>();
    private final Map<String, Provider> available = new LinkedHashMap<>();
    private final Map<String, java.time.Duration> timeouts = new LinkedHashMap<>();
    private final Map<String, ProviderRun> skipped = new LinkedHashMap<>();
    /** Judge lookup: the id a provider runs under, its suite id and its type (first of a type wins). */
    private final Map<String, Provider> aliases = new LinkedHashMap<>();

    private final Consumer<String> warnings;
    private final ScorerRegistry scorers;
    private final Map<String, TestCase> casesById = new java.util.HashMap<>();
    /** How each available provider's requests are priced; absent when they cannot be. */
    private final Map<String, java.util.function.Function<Sample, java.util.OptionalDouble>> pricing =
            new LinkedHashMap<>();
    /** The declared hardware of each available provider that has one. */
    private final Map<String, HardwareSpec> hardware = new LinkedHashMap<>();
    /** The catalogue price of each available API provider that has one. */
    private final Map<String, ModelPrice> apiPrices = new LinkedHashMap<>();

    private boolean closed;

    private SuiteSession(Suite suite, Consumer<String> warnings, ScorerRegistry scorers) {
        this.suite = suite;
        this.warnings = warnings;
        this.scorers = scorers;
        suite.cases().forEach(c -> casesById.putIfAbsent(c.id(), c));
    }

    /**
     * Creates every provider of the suite, scoring with the scorers on the class path
     * ({@link ScorerRegistry#load()}); see {@link #open(Suite, ProviderRegistry, ScorerRegistry, Collection, Consumer)}.
     */
    public static SuiteSession open(
            Suite suite, ProviderRegistry registry, Collection<String> only, Consumer<String> warnings)
            throws SessionException {
        return open(suite, registry, ScorerRegistry.load(), only, warnings);
    }

    /**
     * Creates every provider of the suite, in suite order.
     *
     * @param suite    a loaded, validated suite
     * @param registry where provider types are looked up
     * @param scorers  where assertion types are looked up
     * @param only     provider types or ids to include; empty includes every provider. An entry is
     *                 matched against a provider's type, the id the suite gave it, or the id it chose
     *                 itself (which needs the provider created, so prefer types or suite ids)
     * @param warnings receives one-line warnings (a provider that failed to close)
     * @return the open session; close it
     * @throws SessionException when a provider refuses its configuration at creation, its type is not
     *                          on the class path, or an {@code only} entry matches no provider
     */
    public static SuiteSession open(
            Suite suite,
            ProviderRegistry registry,
            ScorerRegistry scorers,
            Collection<String> only,
            Consumer<String> warnings)
            throws SessionException {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scorers, "scorers");
        SuiteSession session = new SuiteSession(suite, warnings == null ? w -> {} : warnings, scorers);
        try {
            session.createProviders(registry, only == null ? Set.of() : new LinkedHashSet<>(only));
            return session;
        } catch (SessionException | RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    /** The suite this session runs. */
    public Suite suite() {
        return suite;
    }

    /** Ids of the providers that will be measured, in suite order. */
    public List<String> providerIds() {
        return List.copyOf(available.keySet());
    }

    /** Providers set aside, in suite order; {@link ProviderRun#skippedReason()} says why and how to fix it. */
    public List<ProviderRun> skipped() {
        return List.copyOf(skipped.values());
    }

    /**
     * Expands the plan over the available providers and runs it.
     *
     * @param clock       the run's only time source
     * @param environment machine and version facts to record in the result
     * @param listener    told of every sample as it completes (the journal, progress)
     * @return every provider of the suite (skipped ones included) in suite order, and every sample
     * @throws InterruptedException when the calling thread is interrupted while requests are in flight
     */
    public RunResult run(Clock clock, Map<String, String> environment, RunListener listener)
            throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        RunPlan plan = RunPlan.expand(suite, List.copyOf(available.keySet()));
        Instant startedAt = clock.now();
        Map<Integer, Sample> scoredBySeq = new java.util.concurrent.ConcurrentHashMap<>();
        RunListener scoring = new RunListener() {
            @Override
            public void providerStarted(String providerId, int requests) {
                listener.providerStarted(providerId, requests);
            }

            /** Samples whose scoring calls a model, held until their provider's requests are done. */
            private final List<Sample> held = new ArrayList<>();

            @Override
            public void sampleCompleted(Sample sample) {
                if (needsModel(sample)) {
                    synchronized (held) {
                        held.add(sample);
                    }
                    return;
                }
                deliver(sample);
            }

            private void deliver(Sample sample) {
                Sample scored = score(priced(sample));
                if (scored != sample) {
                    scoredBySeq.put(sample.seq(), scored);
                }
                listener.sampleCompleted(scored);
            }

            @Override
            public void providerFinished(String providerId) {
                List<Sample> mine;
                synchronized (held) {
                    mine = held.stream()
                            .filter(s -> s.providerId().equals(providerId))
                            .toList();
                    held.removeAll(mine);
                }
                mine.forEach(this::deliver);
                listener.providerFinished(providerId);
            }
        };
        Runner.Outcome outcome =
                new Runner(clock, suite.load(), suite.timeout(), timeouts).run(plan, available, scoring);
        List<Sample> samples = outcome.samples().stream()
                .map(s -> scoredBySeq.getOrDefault(s.seq(), s))
                .toList();
        Instant finishedAt = clock.now();
        List<ProviderRun> runs = new ArrayList<>();
        for (String id : order) {
            Provider p = available.get(id);
            runs.add(
                    p != null
                            ? new ProviderRun(
                                    id,
                                    p.accessMode(),
                                    facts(p),
                                    p.loadMillis(),
                                    null,
                                    outcome.windowNanos().getOrDefault(id, 0L),
                                    suite.concurrency(),
                                    hardware.get(id),
                                    apiPricePerMillion(id, samples))
                            : skipped.get(id));
        }
        return new RunResult(
                suite.name(),
                suite.file().toString(),
                startedAt,
                finishedAt,
                environment,
                runs,
                samples,
                suite.expectedMonthlyTokens(),
                outcome.steps(),
                suite.slo());
    }

    /**
     * An API provider's average price per 1M tokens over the token mix of its measured samples whose
     * input and output counts are known ({@link dev.vernier.core.cost.BreakEven#apiUsdPerMillionTokens});
     * null when it is not a priced API provider or no tokens were counted.
     */
    private Double apiPricePerMillion(String id, List<Sample> samples) {
        ModelPrice price = apiPrices.get(id);
        if (price == null) {
            return null;
        }
        long in = 0;
        long cached = 0;
        long out = 0;
        for (Sample s : samples) {
            if (s.providerId().equals(id)
                    && !s.warmup()
                    && s.tokens() != null
                    && s.tokens().input() >= 0
                    && s.tokens().output() >= 0) {
                in += s.tokens().input();
                cached += Math.min(
                        Math.max(0, s.tokens().cachedInput()), s.tokens().input());
                out += s.tokens().output();
            }
        }
        java.util.OptionalDouble a = dev.vernier.core.cost.BreakEven.apiUsdPerMillionTokens(price, in, cached, out);
        return a.isPresent() ? a.getAsDouble() : null;
    }

    /**
     * A sample with the scores of its case's assertions; the sample itself when it is a warm-up, failed,
     * or its case has no assertions.
     */
    Sample score(Sample sample) {
        if (sample.warmup() || !sample.succeeded()) {
            return sample;
        }
        TestCase testCase = caseOf(sample.caseId());
        if (testCase == null || testCase.assertions().isEmpty()) {
            return sample;
        }
        ScoringContext context =
                id -> java.util.Optional.ofNullable(available.containsKey(id) ? available.get(id) : aliases.get(id));
        Double cost = sample.providerStats().get(COST_STAT);
        Scored subject = new Scored(sample, testCase.vars(), cost);
        List<dev.vernier.core.scoring.Score> scores =
                Verdict.score(testCase.assertions(), testCase.threshold(), subject, context, scorers).stream()
                        .map(this::withJudgeCost)
                        .toList();
        return sample.withScores(scores);
    }

    /** The provider stat holding a sample's cost in USD; absent when the cost is unknown (never 0 for unknown). */
    public static final String COST_STAT = "cost_usd";

    /**
     * The sample with its cost as the provider stat {@value #COST_STAT} when it can be priced: an API
     * provider ({@link AccessMode#PROPRIETARY_API}) from its token counts and the price catalogue, a
     * provider with declared {@code hardware} from its E2E busy time at the suite's concurrency.
     */
    Sample priced(Sample sample) {
        var pricer = pricing.get(sample.providerId());
        if (pricer == null || sample.providerStats().containsKey(COST_STAT)) {
            return sample;
        }
        java.util.OptionalDouble cost = pricer.apply(sample);
        return cost.isPresent() ? sample.withProviderStat(COST_STAT, cost.getAsDouble()) : sample;
    }

    /** An LLM judge's score with the judge request's own cost ({@code judge_cost_usd}) when it can be priced. */
    private dev.vernier.core.scoring.Score withJudgeCost(dev.vernier.core.scoring.Score score) {
        Map<String, Object> d = score.details();
        if (d == null
                || !(d.get("judge_provider") instanceof String judgeId)
                || !(d.get("judge_input_tokens") instanceof Number in)
                || !(d.get("judge_output_tokens") instanceof Number out)) {
            return score;
        }
        Provider judge = available.containsKey(judgeId) ? available.get(judgeId) : aliases.get(judgeId);
        if (judge == null || judge.accessMode() != AccessMode.PROPRIETARY_API) {
            return score;
        }
        java.util.Optional<ModelPrice> price = priceOf(judge, null);
        java.util.OptionalDouble cost = ApiCost.of(
                dev.vernier.core.api.TokenCounts.of(
                        in.longValue(), out.longValue(), dev.vernier.core.api.CountSource.SERVER_USAGE),
                price);
        if (cost.isEmpty()) {
            return score;
        }
        Map<String, Object> details = new LinkedHashMap<>(d);
        details.put("judge_cost_usd", cost.getAsDouble());
        return new dev.vernier.core.scoring.Score(
                score.assertion(), score.pass(), score.score(), score.weight(), score.reason(), details);
    }

    /** The price of an API provider: by its id, then by its model (with and without its type as vendor). */
    private java.util.Optional<ModelPrice> priceOf(Provider provider, ProviderConfig config) {
        PriceCatalogue prices = suite.prices();
        java.util.Optional<ModelPrice> hit = prices.find(provider.id());
        List<String> models = new ArrayList<>();
        ModelFacts f = facts(provider);
        if (f != null && f.model() != null) {
            models.add(f.model());
        }
        if (config != null && config.options().get("model") instanceof String m) {
            models.add(m);
        }
        for (String m : models) {
            if (hit.isEmpty() && config != null) {
                hit = prices.find(config.type(), m);
            }
            if (hit.isEmpty()) {
                hit = prices.find(m);
            }
        }
        return hit;
    }

    private void registerPricing(String id, Provider provider, ProviderConfig config) {
        if (provider.accessMode() == AccessMode.PROPRIETARY_API) {
            java.util.Optional<ModelPrice> price = priceOf(provider, config);
            price.ifPresent(p -> pricing.put(id, s -> ApiCost.of(s.tokens(), p)));
            price.ifPresent(p -> apiPrices.put(id, p));
            return;
        }
        HardwareSpec hw = suite.hardwareOf(config);
        if (hw != null) {
            hardware.put(id, hw);
            List<dev.vernier.core.load.LoadStep> steps = suite.load().steps();
            pricing.put(
                    id,
                    s -> s.e2eNanos() >= 0
                            ? java.util.OptionalDouble.of(SelfHostedCost.perRequest(
                                    hw,
                                    s,
                                    steps.get(Math.min(s.step(), steps.size() - 1))
                                            .nominalConcurrency()))
                            : java.util.OptionalDouble.empty());
        }
    }

    /**
     * Whether scoring this sample calls a model (an LLM judge). Such samples are scored once their
     * provider's requests are all done, so a judge's time never holds up the measured requests.
     */
    private boolean needsModel(Sample sample) {
        if (sample.warmup() || !sample.succeeded()) {
            return false;
        }
        TestCase testCase = caseOf(sample.caseId());
        return testCase != null
                && testCase.assertions().stream()
                        .anyMatch(a -> scorers.find(a.type())
                                .map(x -> x.info().needsModel())
                                .orElse(false));
    }

    private TestCase caseOf(String caseId) {
        return casesById.get(caseId);
    }

    /** Closes every provider still open; a provider that fails to close is reported as a warning. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Provider provider : available.values()) {
            try {
                provider.close();
            } catch (Exception e) {
                warnings.accept("closing " + provider.id() + " failed: " + e.getMessage());
            }
        }
    }

    private void createProviders(ProviderRegistry registry, Set<String> only) throws SessionException {
        Set<String> ids = new HashSet<>();
        Set<String> unmatched = new LinkedHashSet<>(only);
        for (ProviderConfig config : suite.providers()) {
            String label = config.id() != null ? config.id() : config.type();
            boolean chosenByConfig = only.isEmpty()
                    || only.contains(config.type())
                    || (config.id() != null && only.contains(config.id()));
            if (!chosenByConfig && config.id() != null) {
                continue; // its id is known and not asked for: not even created
            }
            ProviderFactory factory = registry.find(config.type()).orElse(null);
            if (factory == null) { // the loader checked types, so only a changed class path gets here
                throw new SessionException(suite.file() + ": provider '" + label + "': unknown type '" + config.type()
                        + "'. Known types: " + String.join(", ", registry.types()) + ".");
            }
            Provider provider;
            try {
                provider = factory.create(config);
            } catch (ConfigException e) {
                throw new SessionException(suite.file() + ": provider '" + label + "'"
                        + (e.key() != null ? " option '" + e.key() + "'" : "") + ": " + e.getMessage());
            } catch (RuntimeException e) {
                if (chosenByConfig) {
                    unmatched.remove(config.type());
                    unmatched.remove(label);
                    String id = unique(label, ids);
                    record(new ProviderRun(
                            id, null, null, -1, "could not be created: " + e.getMessage(), 0, suite.concurrency()));
                }
                continue;
            }
            if (!chosenByConfig && !only.contains(provider.id())) {
                closeQuietly(provider);
                continue;
            }
            unmatched.remove(config.type());
            unmatched.remove(label);
            unmatched.remove(provider.id());
            String id = unique(provider.id(), ids);
            String reason;
            try {
                reason = provider.unavailableReason();
            } catch (RuntimeException e) {
                reason = "availability check failed: " + e.getMessage();
            }
            if (reason != null) {
                record(new ProviderRun(
                        id,
                        provider.accessMode(),
                        facts(provider),
                        provider.loadMillis(),
                        cleanReason(reason, config.type(), provider.id()),
                        0,
                        suite.concurrency()));
                closeQuietly(provider);
            } else {
                order.add(id);
                available.put(id, provider);
                if (config.id() != null) {
                    aliases.putIfAbsent(config.id(), provider);
                }
                aliases.putIfAbsent(config.type(), provider);
                timeouts.put(id, suite.timeoutOf(config));
                registerPricing(id, provider, config);
            }
        }
        if (!unmatched.isEmpty()) {
            throw new SessionException(suite.file() + ": the providers filter " + unmatched
                    + " matches no provider of this suite. Give provider types or ids the suite declares.");
        }
    }

    private void record(ProviderRun skippedRun) {
        order.add(skippedRun.providerId());
        skipped.put(skippedRun.providerId(), skippedRun);
    }

    /**
     * A provider's reason without a leading {@code "<id>: "} or {@code "<type>: "}: front ends name the
     * provider themselves, so the prefix would say it twice.
     */
    static String cleanReason(String reason, String type, String id) {
        String clean = reason.strip();
        for (String prefix : List.of(id + ": ", type + ": ")) {
            if (clean.startsWith(prefix) && clean.length() > prefix.length()) {
                clean = clean.substring(prefix.length()).strip();
            }
        }
        return clean;
    }

    private static String unique(String id, Set<String> taken) {
        String candidate = id;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = id + "#" + n;
        }
        return candidate;
    }

    private static ModelFacts facts(Provider provider) {
        try {
            return provider.describe();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (Exception ignored) {
            // a provider that takes no part has nothing worth reporting on close
        }
    }
}
