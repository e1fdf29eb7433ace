package dev.vernier.core.session;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RequestKey;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.time.Clock;
import java.time.Duration;
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
 * One run of a loaded suite, shared by every front end (the command line, the Maven plugin, the code
 * API): creates the suite's providers in suite order under unique ids (one {@link ProviderSlot} each),
 * sets aside those that report themselves unavailable (with a clean one-line reason), runs the plan
 * and returns the result tree. Pricing and scoring are done by {@link Pricing} and {@link Scoring}
 * before the caller's listener (the journal) sees a sample.
 *
 * <p>Use in two steps so a front end can stop before it writes anything when the suite cannot run:
 * {@link #open} creates the providers (and fails with a {@link SessionException} on a configuration
 * problem); {@link #run} measures. {@link #stop} stops a run in progress from any thread.
 * {@link #close} closes every provider that was created; call it in a {@code finally} or
 * try-with-resources, whatever happened.
 */
public final class SuiteSession implements AutoCloseable {

    private final Suite suite;
    private final Consumer<String> warnings;
    private final ScorerRegistry scorers;
    private final Pricing pricing;
    private final Map<String, ProviderSlot> slots = new LinkedHashMap<>();
    /** Judge lookup: the id a provider runs under, its suite id and its type (first of a type wins). */
    private final Map<String, Provider> aliases = new LinkedHashMap<>();

    private volatile Runner running;
    private volatile String stopRequested;
    private boolean closed;

    private SuiteSession(Suite suite, Consumer<String> warnings, ScorerRegistry scorers) {
        this.suite = suite;
        this.warnings = warnings;
        this.scorers = scorers;
        this.pricing = new Pricing(suite.prices(), suite.load().steps());
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

    /** Creates every provider of the suite, in suite order; see {@link #open(Suite, ProviderRegistry, ScorerRegistry, Collection, Map, Consumer)}. */
    public static SuiteSession open(
            Suite suite,
            ProviderRegistry registry,
            ScorerRegistry scorers,
            Collection<String> only,
            Consumer<String> warnings)
            throws SessionException {
        return open(suite, registry, scorers, only, Map.of(), warnings);
    }

    /**
     * Creates every provider of the suite, in suite order, then adds the providers given in code.
     *
     * @param suite    a loaded, validated suite
     * @param registry where provider types are looked up
     * @param scorers  where assertion types are looked up
     * @param only     provider types or ids to include; empty includes every provider. An entry is
     *                 matched against a provider's type, the id the suite gave it, or the id it chose
     *                 itself (which needs the provider created, so prefer types or suite ids)
     * @param extra    providers built in code (the code API), by the id they run under; they run after
     *                 the suite's, and the session closes them with the others
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
            Map<String, Provider> extra,
            Consumer<String> warnings)
            throws SessionException {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scorers, "scorers");
        SuiteSession session = new SuiteSession(suite, warnings == null ? w -> {} : warnings, scorers);
        try {
            session.createProviders(registry, only == null ? Set.of() : new LinkedHashSet<>(only));
            for (Map.Entry<String, Provider> e : extra.entrySet()) {
                session.add(e.getKey(), null, e.getValue());
            }
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

    /** Every provider of the session, in suite order, available or not. */
    public List<ProviderSlot> slots() {
        return List.copyOf(slots.values());
    }

    /** Ids of the providers that will be measured, in suite order. */
    public List<String> providerIds() {
        return slots.values().stream()
                .filter(ProviderSlot::available)
                .map(ProviderSlot::id)
                .toList();
    }

    /** Providers set aside, in suite order; {@link ProviderRun#skippedReason()} says why and how to fix it. */
    public List<ProviderRun> skipped() {
        return slots.values().stream()
                .filter(s -> !s.available())
                .map(s -> s.toRun(0, suite.concurrency(), null))
                .toList();
    }

    /** The plan this session runs: every case x prompt x repeat for every available provider. */
    public RunPlan plan() {
        return RunPlan.expand(
                suite,
                providerIds(),
                id -> {
                    ProviderSlot slot = slots.get(id);
                    return slot == null
                            || slot.config() == null
                            || slot.config().sendsResponseSchema();
                },
                id -> {
                    ProviderSlot slot = slots.get(id);
                    return slot == null
                            || slot.config() == null
                            || slot.config().sendsTools();
                });
    }

    /**
     * Expands the plan over the available providers and runs it.
     *
     * @param clock       the run's only time source
     * @param environment machine and version facts to record in the result
     * @param listener    told of every sample as it completes, priced and scored (the journal, progress)
     * @return every provider of the suite (skipped ones included) in suite order, and every sample
     * @throws InterruptedException when the calling thread is interrupted while requests are in flight
     */
    public RunResult run(Clock clock, Map<String, String> environment, RunListener listener)
            throws InterruptedException {
        return run(clock, environment, listener, Set.of(), 1).result();
    }

    /**
     * Runs the plan, leaving out requests an earlier attempt of the run completed.
     *
     * @param skip       measured requests not to send again
     * @param runAttempt this attempt's number (1 for a fresh run), stamped on every sample
     * @return the result of this attempt and how it ended
     */
    public Attempt run(
            Clock clock, Map<String, String> environment, RunListener listener, Set<RequestKey> skip, int runAttempt)
            throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        Map<String, Provider> available = new LinkedHashMap<>();
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (ProviderSlot slot : slots.values()) {
            if (slot.available()) {
                available.put(slot.id(), slot.provider());
                timeouts.put(slot.id(), slot.timeout());
            }
        }
        Runner runner = new Runner(clock, suite.load(), suite.timeout(), timeouts, skip, runAttempt);
        running = runner;
        if (stopRequested != null) {
            runner.stop(stopRequested);
        }
        Scoring scoring = new Scoring(
                suite.cases(),
                suite.prompts(),
                scorers,
                slots::get,
                pricing,
                this::judge,
                () -> runner.stopReason() != null,
                listener);
        Instant startedAt = clock.now();
        Runner.Outcome outcome;
        try {
            outcome = runner.run(plan(), available, scoring);
        } finally {
            running = null;
        }
        List<Sample> samples =
                outcome.samples().stream().map(scoring::asPassedOn).toList();
        List<ProviderRun> runs = new ArrayList<>();
        for (ProviderSlot slot : slots.values()) {
            runs.add(slot.toRun(
                    outcome.windowNanos().getOrDefault(slot.id(), 0L),
                    suite.concurrency(),
                    Pricing.apiUsdPerMillionTokens(slot.apiPrice(), slot.id(), samples)));
        }
        RunResult result = new RunResult(
                suite.name(),
                suite.file().toString(),
                startedAt,
                clock.now(),
                environment,
                runs,
                samples,
                suite.expectedMonthlyTokens(),
                outcome.steps(),
                suite.slo());
        return new Attempt(result, outcome);
    }

    /**
     * What one run attempt produced.
     *
     * @param result  the result of this attempt alone (the scored samples are in the journal)
     * @param outcome how the runner ended: stopped or not, listener errors, a journal failure
     */
    public record Attempt(RunResult result, Runner.Outcome outcome) {}

    /**
     * Stops a run in progress (or the next one, when none runs yet): nothing more is sent, requests
     * in flight end as cancelled samples with {@code reason}, and {@link #run} returns.
     */
    public void stop(String reason) {
        stopRequested = reason;
        Runner r = running;
        if (r != null) {
            r.stop(reason);
        }
    }

    /** Whether a sample was passed on unjudged because its run stopped before its judge ran. */
    public static boolean unjudged(Sample sample) {
        return Scoring.unjudged(sample.scores());
    }

    private Provider judge(String name) {
        ProviderSlot slot = slots.get(name);
        return slot != null && slot.available() ? slot.provider() : aliases.get(name);
    }

    /** Closes every provider still open; a provider that fails to close is reported as a warning. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ProviderSlot slot : slots.values()) {
            if (slot.available()) {
                try {
                    slot.provider().close();
                } catch (Exception e) {
                    warnings.accept("closing " + slot.id() + " failed: " + e.getMessage());
                }
            }
        }
    }

    private void createProviders(ProviderRegistry registry, Set<String> only) throws SessionException {
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
                    String id = unique(runId(label, config));
                    slots.put(
                            id,
                            new ProviderSlot(
                                    id,
                                    config,
                                    null,
                                    null,
                                    null,
                                    -1,
                                    suite.timeoutOf(config),
                                    null,
                                    null,
                                    "could not be created: " + e.getMessage(),
                                    null));
                }
                continue;
            }
            String runId = runId(provider.id(), config);
            if (!chosenByConfig && !only.contains(provider.id()) && !only.contains(runId)) {
                closeQuietly(provider);
                continue;
            }
            unmatched.remove(config.type());
            unmatched.remove(label);
            unmatched.remove(provider.id());
            unmatched.remove(runId);
            ProviderSlot slot = add(runId, config, provider);
            if (slot.available()) {
                if (config.id() != null) {
                    aliases.putIfAbsent(config.id(), provider);
                }
                aliases.putIfAbsent(config.type(), provider);
            }
        }
        if (!unmatched.isEmpty()) {
            throw new SessionException(suite.file() + ": the providers filter " + unmatched
                    + " matches no provider of this suite. Give provider types or ids the suite declares.");
        }
    }

    /**
     * The id a provider runs under: its own, with {@code @<level>} appended when its config is one level
     * of a {@code reasoning.effort} sweep (so the levels of one entry are told apart, e.g.
     * {@code openai:gpt-5-mini@low}).
     */
    static String runId(String providerId, ProviderConfig config) {
        return config == null || config.sweepLevel() == null ? providerId : providerId + "@" + config.sweepLevel();
    }

    /** Adds a created provider under a unique id: available, or set aside with its own reason. */
    private ProviderSlot add(String wantedId, ProviderConfig config, Provider provider) {
        String id = unique(wantedId);
        ModelFacts facts = Pricing.describe(provider);
        String reason;
        try {
            reason = provider.unavailableReason();
        } catch (RuntimeException e) {
            reason = "availability check failed: " + e.getMessage();
        }
        ProviderSlot slot = new ProviderSlot(
                id,
                config,
                provider,
                provider.accessMode(),
                facts,
                provider.loadMillis(),
                config != null ? suite.timeoutOf(config) : suite.timeout(),
                config != null ? config.hardware() : null,
                pricing.apiPrice(provider, facts, config).orElse(null),
                reason == null
                        ? null
                        : cleanReason(reason, config != null ? config.type() : provider.id(), provider.id()),
                config != null && config.sweepLevel() != null ? provider.id() : null);
        if (!slot.available()) {
            closeQuietly(provider);
        }
        slots.put(id, slot);
        return slot;
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

    private String unique(String id) {
        Set<String> taken = new HashSet<>(slots.keySet());
        String candidate = id;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = id + "#" + n;
        }
        return candidate;
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (Exception ignored) {
            // a provider that takes no part has nothing worth reporting on close
        }
    }
}
