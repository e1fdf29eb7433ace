package dev.vernier.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.load.StopRule;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.StepRun;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON forms of a run's facts that both {@code run.json} (read back to rebuild or resume a run)
 * and {@code result.json} (the json report) write: a provider's part in the run, its model facts and
 * cost facts, a load step, a whole load profile, the SLO and an API price. One writer and one reader
 * per form, so the two files cannot drift apart.
 */
public final class RunJson {

    private RunJson() {}

    /**
     * A provider's run facts: {@code id}, {@code access_mode}, {@code facts}, {@code load_ms},
     * {@code skipped_reason}, {@code window_ns}, {@code concurrency}, and when known {@code hardware}
     * ({@code name}, {@code usd_per_hour}) and {@code api_usd_per_1m_tokens}; when it had reasoning settings
     * {@code reasoning} ({@code effort}, {@code budget_tokens}, {@code visible}, each when set) and, for
     * one level of an effort sweep, {@code sweep_of}.
     */
    public static void putProvider(ObjectNode o, ProviderRun p) {
        o.put("id", p.providerId());
        o.put("access_mode", p.accessMode() == null ? null : p.accessMode().name());
        putFacts(o, p.facts());
        if (p.loadMillis() >= 0) {
            o.put("load_ms", p.loadMillis());
        } else {
            o.putNull("load_ms");
        }
        o.put("skipped_reason", p.skippedReason());
        o.put("window_ns", p.windowNanos());
        o.put("concurrency", p.concurrency());
        if (p.hardware() != null) {
            ObjectNode hw = o.putObject("hardware");
            hw.put("name", p.hardware().name());
            hw.put("usd_per_hour", p.hardware().usdPerHour());
        }
        if (p.apiUsdPerMillionTokens() != null) {
            o.put("api_usd_per_1m_tokens", p.apiUsdPerMillionTokens());
        }
        Reasoning r = p.reasoning();
        if (r != null) {
            ObjectNode ro = o.putObject("reasoning");
            if (r.effort() != null) {
                ro.put("effort", r.effort().word());
            }
            if (r.budgetTokens() != null) {
                ro.put("budget_tokens", r.budgetTokens());
            }
            if (r.visible() != null) {
                ro.put("visible", r.visible());
            }
        }
        if (p.sweepOf() != null) {
            o.put("sweep_of", p.sweepOf());
        }
    }

    private static Reasoning reasoning(JsonNode r) {
        if (!r.isObject()) {
            return null;
        }
        return new Reasoning(
                r.path("effort").isTextual()
                        ? Reasoning.Effort.parse(r.path("effort").asText())
                        : null,
                r.path("budget_tokens").isNumber() ? r.path("budget_tokens").asInt() : null,
                r.path("visible").isBoolean() ? r.path("visible").asBoolean() : null);
    }

    /** Reads what {@link #putProvider} wrote. */
    public static ProviderRun provider(JsonNode o) {
        String mode = text(o.path("access_mode"));
        JsonNode hw = o.path("hardware");
        return new ProviderRun(
                o.path("id").asText(),
                mode == null ? null : AccessMode.valueOf(mode),
                facts(o.path("facts")),
                o.path("load_ms").isNumber() ? o.path("load_ms").asDouble() : -1,
                text(o.path("skipped_reason")),
                o.path("window_ns").asLong(),
                o.path("concurrency").asInt(1),
                hw.isObject() && hw.path("usd_per_hour").isNumber()
                        ? new HardwareSpec(
                                hw.path("name").asText(""),
                                hw.path("usd_per_hour").asDouble())
                        : null,
                o.path("api_usd_per_1m_tokens").isNumber()
                        ? o.path("api_usd_per_1m_tokens").asDouble()
                        : null,
                reasoning(o.path("reasoning")),
                text(o.path("sweep_of")));
    }

    private static void putFacts(ObjectNode o, ModelFacts f) {
        if (f == null) {
            o.putNull("facts");
            return;
        }
        ObjectNode fo = o.putObject("facts");
        fo.put("model", f.model());
        fo.put("open_weights", f.openWeights());
        fo.put("licence", f.licence());
        fo.put("parameter_count", f.parameterCount());
        fo.put("quantisation", f.quantisation());
        fo.put("data_goes", f.dataGoes().name());
        fo.put("notes", f.notes());
    }

    private static ModelFacts facts(JsonNode f) {
        if (!f.isObject()) {
            return null;
        }
        return new ModelFacts(
                f.path("model").asText(),
                f.path("open_weights").isBoolean() ? f.path("open_weights").asBoolean() : null,
                text(f.path("licence")),
                f.path("parameter_count").isNumber() ? f.path("parameter_count").asLong() : null,
                text(f.path("quantisation")),
                DataDestination.valueOf(f.path("data_goes").asText()),
                f.path("notes").asText(""));
    }

    /**
     * A load step: {@code kind} {@code closed} with {@code concurrency}, or {@code open} with
     * {@code rate_per_s}, {@code arrivals} and {@code max_in_flight}.
     */
    public static void putLoadStep(ObjectNode o, LoadStep step) {
        if (step instanceof LoadStep.Open open) {
            o.put("kind", "open");
            o.put("rate_per_s", open.rate());
            o.put("arrivals", open.arrivals().name().toLowerCase(Locale.ROOT));
            o.put("max_in_flight", open.maxInFlight());
        } else {
            o.put("kind", "closed");
            o.put("concurrency", ((LoadStep.Closed) step).concurrency());
        }
    }

    /** Reads what {@link #putLoadStep} wrote. */
    public static LoadStep loadStep(JsonNode o) {
        if ("open".equals(o.path("kind").asText())) {
            return new LoadStep.Open(
                    o.path("rate_per_s").asDouble(),
                    Arrivals.valueOf(o.path("arrivals").asText("constant").toUpperCase(Locale.ROOT)),
                    o.path("max_in_flight").asInt(0));
        }
        return new LoadStep.Closed(o.path("concurrency").asInt(1));
    }

    /** A step as it ran: {@code provider}, {@code step}, {@code load}, {@code window_ns}, {@code sent}, {@code stop_reason}. */
    public static void putStepRun(ObjectNode o, StepRun st) {
        o.put("provider", st.providerId());
        o.put("step", st.step());
        putLoadStep(o.putObject("load"), st.load());
        o.put("window_ns", st.windowNanos());
        o.put("sent", st.sent());
        o.put("stop_reason", st.stopReason());
    }

    /** Reads what {@link #putStepRun} wrote (and the flat form of format 1 run.json files). */
    public static StepRun stepRun(JsonNode o) {
        LoadStep load = o.path("load").isObject()
                ? loadStep(o.path("load"))
                : o.has("rate")
                        ? new LoadStep.Open(
                                o.path("rate").asDouble(),
                                Arrivals.valueOf(o.path("arrivals").asText("CONSTANT")),
                                o.path("max_in_flight").asInt(0))
                        : new LoadStep.Closed(o.path("concurrency").asInt(1));
        return new StepRun(
                o.path("provider").asText(),
                o.path("step").asInt(),
                load,
                o.path("window_ns").asLong(),
                o.path("sent").asLong(),
                text(o.path("stop_reason")));
    }

    /** A whole load profile, so a resumed run offers the same load. */
    public static void putLoadProfile(ObjectNode o, LoadProfile load) {
        ArrayNode steps = o.putArray("steps");
        load.steps().forEach(st -> putLoadStep(steps.addObject(), st));
        o.put("requests_per_step", load.requestsPerStep());
        if (load.durationPerStep() != null) {
            o.put("duration_ms", load.durationPerStep().toMillis());
        }
        o.put("warmup_ms", load.warmupPerStep().toMillis());
        o.put("cool_down_ms", load.coolDown().toMillis());
        ObjectNode stop = o.putObject("stop");
        putNumber(stop, "error_rate", load.stop().maxErrorRate());
        putNumber(stop, "p95_ttft_ms", load.stop().maxP95TtftMs());
        stop.put("min_requests", load.stop().minRequests());
        o.put("seed", load.seed());
    }

    /** Reads what {@link #putLoadProfile} wrote. */
    public static LoadProfile loadProfile(JsonNode o) {
        List<LoadStep> steps = new ArrayList<>();
        o.path("steps").forEach(n -> steps.add(loadStep(n)));
        JsonNode stop = o.path("stop");
        return new LoadProfile(
                steps,
                o.path("requests_per_step").asLong(0),
                o.path("duration_ms").isNumber()
                        ? Duration.ofMillis(o.path("duration_ms").asLong())
                        : null,
                Duration.ofMillis(o.path("warmup_ms").asLong(0)),
                Duration.ofMillis(o.path("cool_down_ms").asLong(0)),
                new StopRule(
                        number(stop, "error_rate"),
                        number(stop, "p95_ttft_ms"),
                        stop.path("min_requests").asInt(10)),
                o.path("seed").asLong(0));
    }

    /** The SLO's limits, each only when set. */
    public static void putSlo(ObjectNode o, Slo slo) {
        putNumber(o, "ttft_ms", slo.ttftMs());
        putNumber(o, "e2e_ms", slo.e2eMs());
        putNumber(o, "tpot_ms", slo.tpotMs());
    }

    /** Reads what {@link #putSlo} wrote; {@link Slo#NONE} for a missing node. */
    public static Slo slo(JsonNode o) {
        return o.isObject() ? new Slo(number(o, "ttft_ms"), number(o, "e2e_ms"), number(o, "tpot_ms")) : Slo.NONE;
    }

    /** An API price, so a run's token mix can be priced again when its reports are rebuilt. */
    public static void putPrice(ObjectNode o, ModelPrice p) {
        o.put("model", p.model());
        o.put("provider", p.provider());
        o.put("currency", p.currency());
        o.put("input_per_1m", p.inputPerMillion());
        if (p.cachedInputPerMillion() != null) {
            o.put("cached_input_per_1m", p.cachedInputPerMillion());
        }
        o.put("output_per_1m", p.outputPerMillion());
        o.put("source", p.source());
        o.put("read_on", p.readOn() == null ? null : p.readOn().toString());
        o.put("note", p.note());
    }

    /** Reads what {@link #putPrice} wrote; null for a missing node. */
    public static ModelPrice price(JsonNode o) {
        if (!o.isObject()) {
            return null;
        }
        return new ModelPrice(
                o.path("model").asText(),
                o.path("provider").asText(""),
                List.of(),
                o.path("currency").asText("USD"),
                o.path("input_per_1m").asDouble(),
                o.path("cached_input_per_1m").isNumber()
                        ? o.path("cached_input_per_1m").asDouble()
                        : null,
                o.path("output_per_1m").asDouble(),
                o.path("source").asText(""),
                text(o.path("read_on")) == null
                        ? null
                        : LocalDate.parse(o.path("read_on").asText()),
                o.path("note").asText(""));
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (!Double.isNaN(v)) {
            o.put(key, v);
        }
    }

    private static double number(JsonNode o, String key) {
        return o.path(key).isNumber() ? o.path(key).asDouble() : Double.NaN;
    }

    /** A text node's value; null for null, missing or absent nodes. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
