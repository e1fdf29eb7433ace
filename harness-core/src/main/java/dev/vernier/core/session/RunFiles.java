package dev.vernier.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a run directory besides the reports: {@code samples.jsonl} (the journal) and
 * {@code run.json} (what the journal lacks: suite, times, environment, provider runs). Together they
 * rebuild the {@link RunResult}, so reports can be rendered again without sending a request. Also
 * names and creates run directories, so every front end lays them out the same way.
 */
public final class RunFiles {

    /** The journal: one JSON object per completed request. */
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

    /** Writes {@code run.json}: suite, times, environment and every provider's part in the run. */
    public static void writeRunJson(RunResult result, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("suite_name", result.suiteName());
        root.put("suite_file", result.suiteFile());
        root.put("started_at", result.startedAt().toString());
        root.put("finished_at", result.finishedAt().toString());
        if (result.expectedMonthlyTokens() != null) {
            root.put("expected_monthly_tokens", result.expectedMonthlyTokens());
        }
        ObjectNode env = root.putObject("environment");
        result.environment().forEach(env::put);
        ArrayNode providers = root.putArray("providers");
        for (ProviderRun p : result.providers()) {
            ObjectNode o = providers.addObject();
            o.put("id", p.providerId());
            o.put("access_mode", p.accessMode() == null ? null : p.accessMode().name());
            if (p.facts() == null) {
                o.putNull("facts");
            } else {
                ModelFacts f = p.facts();
                ObjectNode fo = o.putObject("facts");
                fo.put("model", f.model());
                fo.put("open_weights", f.openWeights());
                fo.put("licence", f.licence());
                fo.put("parameter_count", f.parameterCount());
                fo.put("quantisation", f.quantisation());
                fo.put("data_goes", f.dataGoes().name());
                fo.put("notes", f.notes());
            }
            o.put("load_ms", p.loadMillis());
            o.put("skipped_reason", p.skippedReason());
            o.put("window_ns", p.windowNanos());
            o.put("concurrency", p.concurrency());
            putCostFacts(o, p);
        }
        if (!result.steps().isEmpty()) {
            ArrayNode steps = root.putArray("steps");
            for (StepRun st : result.steps()) {
                ObjectNode o = steps.addObject();
                o.put("provider", st.providerId());
                o.put("step", st.step());
                if (st.load() instanceof LoadStep.Closed c) {
                    o.put("concurrency", c.concurrency());
                } else if (st.load() instanceof LoadStep.Open op) {
                    o.put("rate", op.rate());
                    o.put("arrivals", op.arrivals().name());
                    o.put("max_in_flight", op.maxInFlight());
                }
                o.put("window_ns", st.windowNanos());
                o.put("sent", st.sent());
                o.put("stop_reason", st.stopReason());
            }
        }
        if (result.slo().any()) {
            ObjectNode slo = root.putObject("slo");
            putLimit(slo, "ttft_ms", result.slo().ttftMs());
            putLimit(slo, "e2e_ms", result.slo().e2eMs());
            putLimit(slo, "tpot_ms", result.slo().tpotMs());
        }
        Files.writeString(file, MAPPER.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * A provider's cost facts as {@code run.json} and {@code result.json} write them: {@code hardware}
     * ({@code name}, {@code usd_per_hour}) and {@code api_usd_per_1m_tokens}, each only when known.
     */
    public static void putCostFacts(ObjectNode o, ProviderRun p) {
        if (p.hardware() != null) {
            ObjectNode hw = o.putObject("hardware");
            hw.put("name", p.hardware().name());
            hw.put("usd_per_hour", p.hardware().usdPerHour());
        }
        if (p.apiUsdPerMillionTokens() != null) {
            o.put("api_usd_per_1m_tokens", p.apiUsdPerMillionTokens());
        }
    }

    private static void putLimit(ObjectNode o, String key, double v) {
        if (!Double.isNaN(v)) {
            o.put(key, v);
        }
    }

    private static double limit(JsonNode o, String key) {
        return o.path(key).isNumber() ? o.path(key).asDouble() : Double.NaN;
    }

    /** The steps written by {@link #writeRunJson}. */
    private static List<StepRun> steps(JsonNode array) {
        List<StepRun> out = new ArrayList<>();
        for (JsonNode o : array) {
            LoadStep load = o.has("rate")
                    ? new LoadStep.Open(
                            o.path("rate").asDouble(),
                            Arrivals.valueOf(o.path("arrivals").asText("CONSTANT")),
                            o.path("max_in_flight").asInt(0))
                    : new LoadStep.Closed(o.path("concurrency").asInt(1));
            out.add(new StepRun(
                    o.path("provider").asText(),
                    o.path("step").asInt(),
                    load,
                    o.path("window_ns").asLong(),
                    o.path("sent").asLong(),
                    text(o.path("stop_reason"))));
        }
        return out;
    }

    /**
     * Rebuilds a run from its directory. Without {@code run.json} (a run that crashed before the end)
     * the providers are taken from the samples, with unknown facts and the window recomputed.
     */
    public static RunResult read(Path dir) throws IOException {
        List<Sample> samples = Journal.read(dir.resolve(JOURNAL));
        Path runJson = dir.resolve(RUN_JSON);
        if (Files.exists(runJson)) {
            return fromRunJson(MAPPER.readTree(Files.readString(runJson, StandardCharsets.UTF_8)), samples);
        }
        return fromSamples(dir, samples);
    }

    private static RunResult fromRunJson(JsonNode root, List<Sample> samples) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("environment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText());
        }
        List<ProviderRun> providers = new ArrayList<>();
        for (JsonNode o : root.path("providers")) {
            JsonNode f = o.path("facts");
            ModelFacts facts = f.isObject()
                    ? new ModelFacts(
                            f.path("model").asText(),
                            f.path("open_weights").isBoolean()
                                    ? f.path("open_weights").asBoolean()
                                    : null,
                            text(f.path("licence")),
                            f.path("parameter_count").isNumber()
                                    ? f.path("parameter_count").asLong()
                                    : null,
                            text(f.path("quantisation")),
                            DataDestination.valueOf(f.path("data_goes").asText()),
                            f.path("notes").asText(""))
                    : null;
            String mode = text(o.path("access_mode"));
            providers.add(new ProviderRun(
                    o.path("id").asText(),
                    mode == null ? null : AccessMode.valueOf(mode),
                    facts,
                    o.path("load_ms").asDouble(-1),
                    text(o.path("skipped_reason")),
                    o.path("window_ns").asLong(),
                    o.path("concurrency").asInt(1),
                    hardware(o.path("hardware")),
                    o.path("api_usd_per_1m_tokens").isNumber()
                            ? o.path("api_usd_per_1m_tokens").asDouble()
                            : null));
        }
        JsonNode expected = root.path("expected_monthly_tokens");
        return new RunResult(
                root.path("suite_name").asText(),
                root.path("suite_file").asText(),
                Instant.parse(root.path("started_at").asText()),
                Instant.parse(root.path("finished_at").asText()),
                env,
                providers,
                samples,
                expected.isNumber() ? expected.asDouble() : null,
                steps(root.path("steps")),
                root.path("slo").isObject()
                        ? new Slo(
                                limit(root.path("slo"), "ttft_ms"),
                                limit(root.path("slo"), "e2e_ms"),
                                limit(root.path("slo"), "tpot_ms"))
                        : Slo.NONE);
    }

    /** The hardware written by {@link #writeRunJson}, null when absent. */
    private static dev.vernier.core.cost.HardwareSpec hardware(JsonNode hw) {
        if (!hw.isObject() || !hw.path("usd_per_hour").isNumber()) {
            return null;
        }
        return new dev.vernier.core.cost.HardwareSpec(
                hw.path("name").asText(""), hw.path("usd_per_hour").asDouble());
    }

    private static RunResult fromSamples(Path dir, List<Sample> samples) {
        Map<String, long[]> windows = new LinkedHashMap<>();
        Instant start =
                samples.stream().map(Sample::startedAt).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant end = start;
        for (Sample s : samples) {
            long[] w = windows.computeIfAbsent(s.providerId(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            if (!s.warmup()) {
                w[0] = Math.min(w[0], s.sendNanos());
                w[1] = Math.max(w[1], s.sendNanos() + s.endNanos());
            }
            Instant done = s.startedAt().plusNanos(s.endNanos());
            end = done.isAfter(end) ? done : end;
        }
        List<ProviderRun> providers = new ArrayList<>();
        windows.forEach((id, w) ->
                providers.add(new ProviderRun(id, null, null, -1, null, w[0] == Long.MAX_VALUE ? 0 : w[1] - w[0], 1)));
        String name = dir.getFileName().toString().replaceFirst("-\\d{8}-\\d{6}(-\\d+)?$", "");
        return new RunResult(
                name,
                "",
                start,
                end,
                Map.of("note", "rebuilt from samples.jsonl without run.json"),
                providers,
                samples);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
