package dev.vernier.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.RunJson;
import dev.vernier.core.run.Completeness;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a run directory besides the reports: {@code samples.jsonl} (the journal, the source of
 * truth) and {@code run.json} (what the journal lacks: suite, times, environment, providers, the plan;
 * see {@link RunHeader}). Together they rebuild the {@link RunResult}, so reports can be rendered again
 * without sending a request, and a stopped or killed run can be resumed. Also names and creates run
 * directories, so every front end lays them out the same way.
 */
public final class RunFiles {

    /** The journal: one JSON object per completed request, and the run's events. */
    public static final String JOURNAL = "samples.jsonl";
    /** Run facts the journal lacks. */
    public static final String RUN_JSON = "run.json";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {}

    /**
     * Creates a new, empty run directory {@code <parent>/<suite>-<yyyyMMdd-HHmmss>} (with {@code -2},
     * {@code -3}, ... appended when that name is taken), creating {@code parent} as needed.
     *
     * @param parent    where run directories live
     * @param suiteName the suite's name; characters unsafe in file names become {@code -}
     * @param now       the local time stamped into the name
     */
    public static Path createRunDirectory(Path parent, String suiteName, LocalDateTime now) throws IOException {
        String base = suiteName.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + now.format(STAMP);
        Files.createDirectories(parent);
        Path dir = parent.resolve(base);
        for (int n = 2; ; n++) {
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                dir = parent.resolve(base + "-" + n);
            }
        }
    }

    /** Whether {@code dir} looks like a run directory: it holds a journal. */
    public static boolean isRunDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(JOURNAL));
    }

    /** Writes {@code run.json} from a finished result (the header of a run written in one go). */
    public static void writeRunJson(RunResult result, Path file) throws IOException {
        writeRunJson(
                new RunHeader(
                        result.suiteName(),
                        result.suiteFile(),
                        result.startedAt(),
                        result.finishedAt(),
                        RunHeader.COMPLETE,
                        null,
                        result.environment(),
                        result.providers(),
                        Map.of(),
                        result.expectedMonthlyTokens(),
                        result.steps(),
                        result.slo(),
                        null),
                file);
    }

    /** Writes {@code run.json}, replacing the file whole (a crash leaves the old or the new one). */
    public static void writeRunJson(RunHeader h, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", 2);
        root.put("suite_name", h.suiteName());
        root.put("suite_file", h.suiteFile());
        root.put("started_at", h.startedAt().toString());
        root.put("finished_at", h.finishedAt() == null ? null : h.finishedAt().toString());
        root.put("status", h.status());
        if (h.stopReason() != null) {
            root.put("stop_reason", h.stopReason());
        }
        if (h.expectedMonthlyTokens() != null) {
            root.put("expected_monthly_tokens", h.expectedMonthlyTokens());
        }
        ObjectNode env = root.putObject("environment");
        h.environment().forEach(env::put);
        ArrayNode providers = root.putArray("providers");
        for (ProviderRun p : h.providers()) {
            ObjectNode o = providers.addObject();
            RunJson.putProvider(o, p);
            ModelPrice price = h.apiPrices().get(p.providerId());
            if (price != null) {
                RunJson.putPrice(o.putObject("api_price"), price);
            }
        }
        if (!h.steps().isEmpty()) {
            ArrayNode steps = root.putArray("steps");
            h.steps().forEach(st -> RunJson.putStepRun(steps.addObject(), st));
        }
        if (h.slo().any()) {
            RunJson.putSlo(root.putObject("slo"), h.slo());
        }
        if (h.plan() != null) {
            ObjectNode plan = root.putObject("plan");
            plan.put("suite_path", h.plan().suitePath());
            plan.put("suite_sha256", h.plan().suiteSha256());
            plan.put("repeats", h.plan().repeats());
            RunJson.putLoadProfile(plan.putObject("load"), h.plan().load());
            ArrayNode only = plan.putArray("only");
            h.plan().only().forEach(only::add);
            plan.put("planned_requests", h.plan().planned());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, MAPPER.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code run.json}; empty when the directory has none. */
    public static Optional<RunHeader> readHeader(Path dir) throws IOException {
        Path file = dir.resolve(RUN_JSON);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("environment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText());
        }
        List<ProviderRun> providers = new ArrayList<>();
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (JsonNode o : root.path("providers")) {
            ProviderRun p = RunJson.provider(o);
            providers.add(p);
            ModelPrice price = RunJson.price(o.path("api_price"));
            if (price != null) {
                prices.put(p.providerId(), price);
            }
        }
        List<StepRun> steps = new ArrayList<>();
        root.path("steps").forEach(o -> steps.add(RunJson.stepRun(o)));
        JsonNode plan = root.path("plan");
        JsonNode expected = root.path("expected_monthly_tokens");
        String finished = RunJson.text(root.path("finished_at"));
        List<String> only = new ArrayList<>();
        plan.path("only").forEach(n -> only.add(n.asText()));
        return Optional.of(new RunHeader(
                root.path("suite_name").asText(),
                root.path("suite_file").asText(),
                Instant.parse(root.path("started_at").asText()),
                finished == null ? null : Instant.parse(finished),
                root.path("status").asText(RunHeader.COMPLETE),
                RunJson.text(root.path("stop_reason")),
                env,
                providers,
                prices,
                expected.isNumber() ? expected.asDouble() : null,
                steps,
                RunJson.slo(root.path("slo")),
                plan.isObject()
                        ? new RunHeader.Plan(
                                plan.path("suite_path").asText(),
                                plan.path("suite_sha256").asText(),
                                plan.path("repeats").asInt(1),
                                RunJson.loadProfile(plan.path("load")),
                                only,
                                plan.path("planned_requests").asLong(-1))
                        : null));
    }

    /**
     * Rebuilds a run from its directory. A journal that records attempts is the source of truth for
     * samples, windows, steps and completeness (over every attempt of a resumed run); older run
     * directories take windows and steps from {@code run.json}. Without {@code run.json} (a run that
     * crashed before it was written) the providers are taken from the samples, with unknown facts.
     */
    public static RunResult read(Path dir) throws IOException {
        Journal.Contents contents = Journal.readAll(dir.resolve(JOURNAL));
        Optional<RunHeader> header = readHeader(dir);
        if (header.isEmpty()) {
            return fromSamples(dir, contents.samples());
        }
        RunHeader h = header.get();
        RunHistory history = new RunHistory(contents);
        if (!history.recordsAttempts() || h.plan() == null) {
            return result(h, contents.samples(), h.providers(), h.steps(), Completeness.FINISHED);
        }
        List<Sample> samples = history.samples();
        List<ProviderRun> providers = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        for (ProviderRun p : h.providers()) {
            if (p.skipped()) {
                providers.add(p);
                continue;
            }
            ran.add(p.providerId());
            providers.add(p.withWindow(
                    history.windowNanos(p.providerId()),
                    Pricing.apiUsdPerMillionTokens(h.apiPrices().get(p.providerId()), p.providerId(), samples)));
        }
        return result(
                h,
                samples,
                providers,
                history.steps(ran, h.plan().load()),
                history.completeness(h.plan().planned()));
    }

    private static RunResult result(
            RunHeader h, List<Sample> samples, List<ProviderRun> providers, List<StepRun> steps, Completeness c) {
        Instant finished = h.finishedAt() != null ? h.finishedAt() : lastCompletion(samples, h.startedAt());
        return new RunResult(
                h.suiteName(),
                h.suiteFile(),
                h.startedAt(),
                finished,
                h.environment(),
                providers,
                samples,
                h.expectedMonthlyTokens(),
                steps,
                h.slo(),
                c);
    }

    private static Instant lastCompletion(List<Sample> samples, Instant fallback) {
        Instant end = fallback;
        for (Sample s : samples) {
            Instant done = s.startedAt().plusNanos(s.endNanos());
            end = done.isAfter(end) ? done : end;
        }
        return end;
    }

    private static RunResult fromSamples(Path dir, List<Sample> samples) {
        Map<String, long[]> windows = new LinkedHashMap<>();
        Instant start =
                samples.stream().map(Sample::startedAt).min(Instant::compareTo).orElse(Instant.EPOCH);
        for (Sample s : samples) {
            long[] w = windows.computeIfAbsent(s.providerId(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            if (!s.warmup()) {
                w[0] = Math.min(w[0], s.sendNanos());
                w[1] = Math.max(w[1], s.sendNanos() + s.endNanos());
            }
        }
        List<ProviderRun> providers = new ArrayList<>();
        windows.forEach((id, w) -> providers.add(new ProviderRun(
                id, null, null, -1, null, w[0] == Long.MAX_VALUE ? 0 : w[1] - w[0], 1, null, null, null, null)));
        String name = dir.getFileName().toString().replaceFirst("-\\d{8}-\\d{6}(-\\d+)?$", "");
        return new RunResult(
                name,
                "",
                start,
                lastCompletion(samples, start),
                Map.of("note", "rebuilt from samples.jsonl without run.json"),
                providers,
                samples);
    }
}
