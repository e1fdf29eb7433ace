package dev.vernier.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.run.SafeText;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What happened to a run besides its samples, one line of {@code events.jsonl} each, written as
 * {@code {"event": "<type>", ...}}.
 *
 * @param type       what happened
 * @param runAttempt the run attempt it belongs to (1 for the first run, 2 for the first resume, ...)
 * @param at         wall-clock time it was written
 * @param providerId the provider, for {@link Type#STEP_FINISHED}; else null
 * @param step       the load step index, for {@link Type#STEP_FINISHED}; else -1
 * @param planned    requests the plan holds, for {@link Type#RUN_STARTED} (-1 when the run is bounded by time)
 * @param reason     why a step stopped early, or how a run attempt ended; null when not applicable
 */
public record JournalEvent(
        Type type, int runAttempt, Instant at, String providerId, int step, long planned, String reason) {

    /** Event types. */
    public enum Type {
        /** A run attempt started (the first run, or a resume). */
        RUN_STARTED,
        /** One provider's load step ran to its end (or to its stop rule, with the reason). */
        STEP_FINISHED,
        /** A run attempt ended: {@code reason} is {@code complete}, or why it stopped. */
        RUN_ENDED
    }

    /** {@link Type#RUN_ENDED}'s reason when every planned request was sent and completed. */
    public static final String COMPLETE = "complete";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public JournalEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    public static JournalEvent runStarted(int runAttempt, Instant at, long planned) {
        return new JournalEvent(Type.RUN_STARTED, runAttempt, at, null, -1, planned, null);
    }

    public static JournalEvent stepFinished(
            int runAttempt, Instant at, String providerId, int step, String stopReason) {
        return new JournalEvent(Type.STEP_FINISHED, runAttempt, at, providerId, step, -1, stopReason);
    }

    public static JournalEvent runEnded(int runAttempt, Instant at, String reason) {
        return new JournalEvent(Type.RUN_ENDED, runAttempt, at, null, -1, -1, reason);
    }

    static String write(JournalEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("event", e.type.name().toLowerCase(Locale.ROOT));
        o.put("run_attempt", e.runAttempt);
        o.put("at", e.at.toString());
        if (e.providerId != null) {
            o.put("provider", e.providerId);
            o.put("step", e.step);
        }
        if (e.planned >= 0) {
            o.put("planned", e.planned);
        }
        if (e.reason != null) {
            o.put("reason", e.reason);
        }
        try {
            return SafeText.of(MAPPER.writeValueAsString(o)).text();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise journal event " + e.type, ex);
        }
    }

    /** @throws IllegalArgumentException when the line is not an event */
    static JournalEvent read(String line) {
        JsonNode o;
        try {
            o = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        Type type;
        try {
            type = Type.valueOf(o.path("event").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown journal event '" + o.path("event").asText() + "'", e);
        }
        return new JournalEvent(
                type,
                o.path("run_attempt").asInt(1),
                Instant.parse(o.path("at").asText()),
                o.hasNonNull("provider") ? o.path("provider").asText() : null,
                o.path("step").asInt(-1),
                o.path("planned").asLong(-1),
                o.hasNonNull("reason") ? o.path("reason").asText() : null);
    }
}
