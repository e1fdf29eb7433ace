package dev.vernier.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.run.SafeText;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TextRepairs;
import dev.vernier.core.run.TimedToolCall;
import dev.vernier.core.run.Turn;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's JSON form of a {@link Sample}: one object, stable snake_case field names. Derived
 * metrics (ttft_ms, first_answer_ms, reasoning_ms, e2e_ms, tpot_ms, decode_tps, and the token counts
 * answer_derived and hidden_reasoning_derived) are written for readers' convenience and ignored when
 * reading, since they follow from the recorded times and counts.
 */
public final class SampleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleJson() {}

    /**
     * The sample as one line of JSON. Any text the sample carries beyond its made-safe fields (a
     * judge's reply in a score, a failure message) is made safe here too, so the line is always valid
     * UTF-8 (see {@link SafeText}).
     */
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
        if (s.runAttempt() > 1) {
            o.put("run_attempt", s.runAttempt());
        }
        if (s.turn() != null) {
            o.put("conversation_id", s.turn().conversationId());
            o.put("turn", s.turn().index());
            o.put("turns", s.turn().count());
            if (s.turn().round() > 0) {
                o.put("tool_round", s.turn().round());
            }
            if (!s.turn().lastRound()) {
                o.put("last_round", false);
            }
        }
        o.put("started_at", s.startedAt().toString());
        o.put("intended_ns", s.intendedNanos());
        o.put("send_ns", s.sendNanos());
        o.put("end_ns", s.endNanos());
        ArrayNode chunks = o.putArray("chunk_ns");
        s.chunkNanos().forEach(chunks::add);
        if (!s.reasoningNanos().isEmpty()) {
            ArrayNode reasoning = o.putArray("reasoning_ns");
            s.reasoningNanos().forEach(reasoning::add);
        }
        if (!s.toolChunkNanos().isEmpty()) {
            ArrayNode pieces = o.putArray("tool_chunk_ns");
            s.toolChunkNanos().forEach(pieces::add);
        }
        if (s.toolsDeclared() > 0) {
            o.put("tools_declared", s.toolsDeclared());
        }
        ConnectionPhases c = s.connection();
        if (!c.equals(ConnectionPhases.UNKNOWN)) {
            ObjectNode co = o.putObject("connection");
            co.put("reused", c.reused());
            putKnown(co, "wait_ns", c.waitNanos());
            putKnown(co, "dns_ns", c.dnsNanos());
            putKnown(co, "connect_ns", c.connectNanos());
            putKnown(co, "tls_ns", c.tlsNanos());
        }
        putKnown(o, "write_ns", s.writeNanos());
        o.put("ttft_ms", s.ttftNanos() < 0 ? null : s.ttftNanos() / 1e6);
        if (s.reasoningStreamed()) {
            o.put("first_answer_ms", s.firstAnswerNanos() < 0 ? null : s.firstAnswerNanos() / 1e6);
            o.put("reasoning_ms", s.reasoningTimeNanos() < 0 ? null : s.reasoningTimeNanos() / 1e6);
        }
        if (s.calledTools()) {
            o.put("first_tool_call_ms", s.firstToolCallNanos() / 1e6);
        }
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
        if (t.visibleReasoning() >= 0) {
            tokens.put("visible_reasoning", t.visibleReasoning());
            tokens.put("visible_reasoning_source", t.visibleReasoningSource().name());
        }
        if (reasons(s)) { // derived, for readers: see Sample
            putCount(tokens, "answer_derived", s.answerTokens());
            putCount(tokens, "hidden_reasoning_derived", s.hiddenReasoningTokens());
        }
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
        if (s.schemaCheck() != null) {
            ObjectNode check = o.putObject("schema_check");
            check.put("valid", s.schemaCheck().valid());
            if (!s.schemaCheck().valid()) {
                check.put("problem", s.schemaCheck().problem());
            }
        }
        if (s.repairs().any()) {
            ObjectNode repairs = o.putObject("repairs");
            s.repairs().byField().forEach((field, r) -> {
                ObjectNode ro = repairs.putObject(field);
                ro.put("replaced", r.replaced());
                ro.put("raw_sha256", r.rawSha256());
            });
        }
        if (s.note() != null) {
            o.put("note", s.note());
        }
        o.put("prompt", s.prompt());
        o.put("text", s.text());
        if (s.calledTools()) {
            ArrayNode calls = o.putArray("tool_calls");
            for (TimedToolCall call : s.toolCalls()) {
                ObjectNode n = calls.addObject();
                n.put("id", call.call().id());
                n.put("name", call.call().name());
                n.put("arguments", call.call().arguments());
                n.put("ns", call.nanos());
                if (call.check() != null) {
                    n.put("valid", call.check().valid());
                    if (!call.check().valid()) {
                        n.put("problem", call.check().problem());
                    }
                }
            }
        }
        if (!s.reasoningText().isEmpty()) {
            o.put("reasoning_text", s.reasoningText());
        }
        try {
            return SafeText.of(MAPPER.writeValueAsString(o)).text();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise sample " + s.seq(), e);
        }
    }

    /** Whether the sample involves reasoning: streamed, billed or reported as unseen. */
    private static boolean reasons(Sample s) {
        return s.reasoningStreamed() || s.tokens().reasoning() > 0 || s.tokens().visibleReasoning() >= 0;
    }

    private static void putCount(ObjectNode o, String key, long count) {
        if (count >= 0) {
            o.put(key, count);
        } else {
            o.putNull(key);
        }
    }

    private static void putKnown(ObjectNode o, String key, long nanos) {
        if (nanos >= 0) {
            o.put(key, nanos);
        }
    }

    private static List<Long> nanos(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static long known(JsonNode o, String key) {
        return o.path(key).isNumber() ? o.path(key).asLong() : -1;
    }

    /** @throws IllegalArgumentException when the line is not a sample object */
    public static Sample read(String line) {
        JsonNode o;
        try {
            o = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject() || !o.has("seq") || !o.has("provider")) {
            throw new IllegalArgumentException("not a sample object");
        }
        JsonNode t = o.path("tokens");
        TokenCounts tokens = new TokenCounts(
                t.path("input").asLong(-1),
                t.path("output").asLong(-1),
                t.path("cached_input").asLong(-1),
                t.path("reasoning").asLong(-1),
                CountSource.valueOf(t.path("input_source").asText("UNKNOWN")),
                CountSource.valueOf(t.path("output_source").asText("UNKNOWN")),
                t.path("visible_reasoning").asLong(-1),
                CountSource.valueOf(t.path("visible_reasoning_source").asText("UNKNOWN")));
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
        JsonNode c = o.path("connection");
        Map<String, TextRepairs.Repair> repairs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("repairs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            repairs.put(
                    e.getKey(),
                    new TextRepairs.Repair(
                            e.getValue().path("replaced").asInt(),
                            e.getValue().path("raw_sha256").asText()));
        }
        return Sample.builder()
                .seq(o.path("seq").asInt())
                .providerId(o.path("provider").asText())
                .caseId(o.path("case").asText())
                .promptId(o.path("prompt_id").asText())
                .repeat(o.path("repeat").asInt())
                .warmup(o.path("warmup").asBoolean())
                .step(o.path("step").asInt(0))
                .runAttempt(o.path("run_attempt").asInt(1))
                .turn(
                        o.hasNonNull("conversation_id")
                                ? new Turn(
                                        o.path("conversation_id").asText(),
                                        o.path("turn").asInt(),
                                        o.path("turns").asInt(),
                                        o.path("tool_round").asInt(0),
                                        o.path("last_round").asBoolean(true))
                                : null)
                .startedAt(Instant.parse(o.path("started_at").asText()))
                .intendedNanos(o.path("intended_ns").asLong())
                .sendNanos(o.path("send_ns").asLong())
                .chunkNanos(nanos(o.path("chunk_ns")))
                .reasoningNanos(nanos(o.path("reasoning_ns")))
                .endNanos(o.path("end_ns").asLong())
                .connection(
                        c.isObject()
                                ? new ConnectionPhases(
                                        known(c, "wait_ns"),
                                        known(c, "dns_ns"),
                                        known(c, "connect_ns"),
                                        known(c, "tls_ns"),
                                        c.path("reused").asBoolean())
                                : ConnectionPhases.UNKNOWN)
                .writeNanos(known(o, "write_ns"))
                .prompt(o.path("prompt").asText())
                .text(o.path("text").asText())
                .reasoningText(o.path("reasoning_text").asText(""))
                .repairs(new TextRepairs(repairs))
                .finishReason(FinishReason.valueOf(o.path("finish_reason").asText("UNKNOWN")))
                .tokens(tokens)
                .failure(failure)
                .attempts(o.path("attempts").asInt(1))
                .providerStats(stats)
                .scores(scores)
                .schemaCheck(schemaCheck(o.path("schema_check")))
                .toolCalls(toolCalls(o.path("tool_calls")))
                .toolChunkNanos(nanos(o.path("tool_chunk_ns")))
                .toolsDeclared(o.path("tools_declared").asInt(0))
                .note(o.hasNonNull("note") ? o.path("note").asText() : null)
                .build();
    }

    /** A sample's tool calls with their times and checks, in the answer's order. */
    private static List<TimedToolCall> toolCalls(JsonNode array) {
        List<TimedToolCall> out = new ArrayList<>();
        for (JsonNode n : array) {
            SchemaCheck check = !n.has("valid")
                    ? null
                    : n.path("valid").asBoolean()
                            ? SchemaCheck.VALID
                            : SchemaCheck.invalid(n.path("problem").asText("invalid"));
            out.add(new TimedToolCall(
                    new ToolCall(
                            n.path("id").asText(),
                            n.path("name").asText(),
                            n.path("arguments").asText()),
                    n.path("ns").asLong(),
                    check));
        }
        return out;
    }

    /** A sample's schema check, null when it had none (no response schema, or failed). */
    private static SchemaCheck schemaCheck(JsonNode c) {
        if (!c.isObject()) {
            return null;
        }
        return c.path("valid").asBoolean()
                ? SchemaCheck.VALID
                : SchemaCheck.invalid(c.path("problem").asText("invalid"));
    }
}
