package dev.vernier.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's JSON form of a {@link Sample}: one object, stable snake_case field names. Derived
 * metrics (ttft_ms, e2e_ms, tpot_ms, decode_tps) are written for readers' convenience and ignored
 * when reading, since they follow from the recorded times.
 */
public final class SampleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleJson() {}

    public static String write(Sample s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("seq", s.seq());
        o.put("provider", s.providerId());
        o.put("case", s.caseId());
        o.put("prompt_id", s.promptId());
        o.put("repeat", s.repeat());
        o.put("warmup", s.warmup());
        if (s.step() > 0) {
            o.put("step", s.step());
        }
        o.put("started_at", s.startedAt().toString());
        o.put("intended_ns", s.intendedNanos());
        o.put("send_ns", s.sendNanos());
        o.put("end_ns", s.endNanos());
        ArrayNode chunks = o.putArray("chunk_ns");
        s.chunkNanos().forEach(chunks::add);
        o.put("ttft_ms", s.ttftNanos() < 0 ? null : s.ttftNanos() / 1e6);
        o.put("e2e_ms", s.e2eNanos() / 1e6);
        o.put("tpot_ms", s.tpotNanos() < 0 ? null : s.tpotNanos() / 1e6);
        o.put("decode_tps", s.decodeTokensPerSecond() < 0 ? null : s.decodeTokensPerSecond());
        ObjectNode tokens = o.putObject("tokens");
        TokenCounts t = s.tokens();
        tokens.put("input", t.input());
        tokens.put("output", t.output());
        tokens.put("cached_input", t.cachedInput());
        tokens.put("reasoning", t.reasoning());
        tokens.put("input_source", t.inputSource().name());
        tokens.put("output_source", t.outputSource().name());
        o.put("finish_reason", s.finishReason().name());
        if (s.failure() == null) {
            o.putNull("failure");
        } else {
            ObjectNode f = o.putObject("failure");
            f.put("kind", s.failure().kind().name());
            f.put("http_status", s.failure().httpStatus());
            f.put("retryable", s.failure().retryable());
            f.put("message", s.failure().message());
        }
        o.put("attempts", s.attempts());
        ObjectNode stats = o.putObject("provider_stats");
        s.providerStats().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> stats.put(e.getKey(), e.getValue()));
        ArrayNode scores = o.putArray("scores");
        for (Score score : s.scores()) {
            ObjectNode n = scores.addObject();
            n.put("assertion", score.assertion());
            n.put("pass", score.pass());
            n.put("score", score.score());
            n.put("weight", score.weight());
            n.put("reason", score.reason());
            n.set("details", MAPPER.valueToTree(score.details()));
        }
        o.put("prompt", s.prompt());
        o.put("text", s.text());
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise sample " + s.seq(), e);
        }
    }

    /** @throws IllegalArgumentException when the line is not a sample object */
    public static Sample read(String line) {
        JsonNode o;
        try {
            o = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject() || !o.has("seq") || !o.has("provider")) {
            throw new IllegalArgumentException("not a sample object");
        }
        List<Long> chunks = new ArrayList<>();
        o.path("chunk_ns").forEach(n -> chunks.add(n.asLong()));
        JsonNode t = o.path("tokens");
        TokenCounts tokens = new TokenCounts(
                t.path("input").asLong(-1),
                t.path("output").asLong(-1),
                t.path("cached_input").asLong(-1),
                t.path("reasoning").asLong(-1),
                CountSource.valueOf(t.path("input_source").asText("UNKNOWN")),
                CountSource.valueOf(t.path("output_source").asText("UNKNOWN")));
        JsonNode f = o.path("failure");
        Failure failure = f.isObject()
                ? new Failure(
                        FailureKind.valueOf(f.path("kind").asText()),
                        f.path("http_status").asInt(),
                        f.path("retryable").asBoolean(),
                        f.path("message").asText())
                : null;
        Map<String, Double> stats = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("provider_stats").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            stats.put(e.getKey(), e.getValue().asDouble());
        }
        List<Score> scores = new ArrayList<>();
        for (JsonNode n : o.path("scores")) {
            Map<String, Object> details = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("details").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                details.put(
                        e.getKey(),
                        e.getValue().isNumber()
                                ? (Object) e.getValue().numberValue()
                                : e.getValue().isTextual()
                                        ? e.getValue().asText()
                                        : e.getValue().toString());
            }
            scores.add(new Score(
                    n.path("assertion").asText(),
                    n.path("pass").asBoolean(),
                    n.path("score").asDouble(),
                    n.path("weight").asDouble(1),
                    n.path("reason").asText(),
                    details));
        }
        return new Sample(
                o.path("seq").asInt(),
                o.path("provider").asText(),
                o.path("case").asText(),
                o.path("prompt_id").asText(),
                o.path("repeat").asInt(),
                o.path("warmup").asBoolean(),
                Instant.parse(o.path("started_at").asText()),
                o.path("intended_ns").asLong(),
                o.path("send_ns").asLong(),
                chunks,
                o.path("end_ns").asLong(),
                o.path("prompt").asText(),
                o.path("text").asText(),
                FinishReason.valueOf(o.path("finish_reason").asText("UNKNOWN")),
                tokens,
                failure,
                o.path("attempts").asInt(1),
                stats,
                scores,
                o.path("step").asInt(0));
    }
}
