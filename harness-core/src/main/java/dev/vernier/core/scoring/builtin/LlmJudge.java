package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.scoring.Text;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llm-judge}: a provider of the same run grades the output against a rubric ({@code value}, or
 * the {@code rubric} option). Options: {@code provider} (required: a provider id or type of the suite),
 * {@code max_tokens} (judge reply limit, default 256), {@code timeout_ms} (default 120000). The judge is
 * asked for {@code {"score": 0..1, "reason": "..."}} or a line {@code SCORE: x}; the assertion passes
 * when the score reaches {@code threshold} (default 0.5). The judge's prompt, raw reply, parsed score
 * and token counts are kept in the score's details. A reply without a readable score fails with the
 * raw reply in the reason: it is never a pass.
 */
public final class LlmJudge implements Scorer {

    /** Default pass threshold for the judge's score. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final Pattern SCORE_LINE = Pattern.compile("(?im)^\\s*\\**\\s*score\\s*\\**\\s*[:=]\\s*\\**\\s*"
            + "([0-9]+(?:\\.[0-9]+)?)\\s*(?:/\\s*1(?:\\.0+)?)?\\s*\\**\\s*$");

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("llm-judge", "a model of the run grades the output against a rubric", true, true);
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of("provider", "rubric", "max_tokens", "timeout_ms");
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.unitThreshold(a);
        Object provider = a.options().get("provider");
        if (!(provider instanceof String s) || s.isBlank()) {
            throw new ConfigException(
                    "provider",
                    "'llm-judge' needs 'provider:' with the id (or type) of a "
                            + "provider of this suite that grades the output.");
        }
        boolean inValue = a.value() instanceof String v && !v.isBlank();
        boolean inOption = a.options().get("rubric") instanceof String r && !r.isBlank();
        if (inValue == inOption) {
            throw new ConfigException(
                    inValue ? "rubric" : "value",
                    inValue
                            ? "give the rubric once: in 'value' or in 'rubric', not both."
                            : "'llm-judge' needs a rubric: 'value: \"The answer names Paris as the capital.\"'.");
        }
        for (String key : new String[] {"max_tokens", "timeout_ms"}) {
            Object v = a.options().get(key);
            if (v != null && (!(v instanceof Long n) || n < 1)) {
                throw new ConfigException(
                        key, "'" + key + "' must be a whole number >= 1, found " + Support.describe(v) + ".");
            }
        }
    }

    /** The rubric of an assertion: its value or its {@code rubric} option. */
    static String rubric(Assertion a) {
        return a.value() instanceof String v && !v.isBlank()
                ? v
                : String.valueOf(a.options().get("rubric"));
    }

    /** The prompt sent to the judge. */
    static String judgePrompt(String rubric, String question, String output) {
        return "You are grading an answer written by an AI assistant. Judge it only against the rubric.\n\n"
                + "Rubric:\n" + rubric.strip() + "\n\n"
                + "The assistant was asked:\n<<<\n" + question + "\n>>>\n\n"
                + "The assistant answered:\n<<<\n" + output + "\n>>>\n\n"
                + "Reply with only a JSON object: {\"score\": <a number from 0 (fails the rubric) to 1 "
                + "(fully meets it)>, \"reason\": \"<one sentence>\"}. If you cannot write JSON, write one line "
                + "'SCORE: <number from 0 to 1>'.";
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String providerId = String.valueOf(a.options().get("provider"));
        double threshold = a.threshold() == null ? DEFAULT_THRESHOLD : a.threshold();
        String prompt = judgePrompt(rubric(a), subject.sample().prompt(), subject.output());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("judge_provider", providerId);
        details.put("judge_prompt", prompt);
        Optional<Provider> judge = context.provider(providerId);
        if (judge.isEmpty()) {
            return fail(a, "judge provider '" + providerId + "' is not available in this run", details);
        }
        long timeoutMs = a.options().get("timeout_ms") instanceof Number n ? n.longValue() : 120_000;
        int maxTokens = a.options().get("max_tokens") instanceof Number n ? n.intValue() : 256;
        Collector sink = new Collector();
        Completion completion;
        try {
            completion = judge.get()
                    .generate(
                            new GenerationRequest(
                                    "judge-" + subject.sample().seq() + "-" + a.name(),
                                    prompt,
                                    null,
                                    0.0,
                                    maxTokens,
                                    0L),
                            sink)
                    .toCompletableFuture()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sink.cancel();
            details.put("judge_reply", sink.text());
            return fail(a, "judge did not answer within " + timeoutMs + " ms", details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(a, "interrupted while waiting for the judge", details);
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return fail(a, "judge request failed: " + cause.getMessage(), details);
        }
        String reply = sink.text();
        details.put("judge_reply", reply);
        if (completion.tokens() != null) {
            details.put("judge_input_tokens", completion.tokens().input());
            details.put("judge_output_tokens", completion.tokens().output());
        }
        if (!completion.succeeded()) {
            return fail(a, "judge request failed: " + completion.failure().message(), details);
        }
        JudgeReply parsed = parse(reply);
        if (parsed == null) {
            return fail(a, "judge reply has no score between 0 and 1: '" + Text.abbreviate(reply, 300) + "'", details);
        }
        details.put("judge_score", parsed.score());
        boolean pass = parsed.score() >= threshold;
        String why = parsed.reason().isBlank() ? "" : ": " + parsed.reason();
        return new Score(
                a.name(),
                pass,
                parsed.score(),
                a.weight(),
                "judge score " + Support.plain(parsed.score()) + (pass ? " >= " : " < ") + Support.plain(threshold)
                        + why,
                details);
    }

    /**
     * Reads a judge's reply: a JSON object with a numeric {@code score} in [0, 1] (a ```json fence is
     * unwrapped), else a line {@code SCORE: x}. Null when neither is there.
     */
    static JudgeReply parse(String reply) {
        JsonOutput.Parsed json = JsonOutput.parse(reply);
        if (json.node() != null && json.node().isObject()) {
            JsonNode s = json.node().get("score");
            Double value = s == null
                    ? null
                    : s.isNumber() ? Double.valueOf(s.asDouble()) : s.isTextual() ? number(s.asText()) : null;
            if (value != null && value >= 0 && value <= 1) {
                JsonNode reason = json.node().get("reason");
                return new JudgeReply(value, reason == null || reason.isNull() ? "" : reason.asText());
            }
        }
        Matcher m = SCORE_LINE.matcher(reply.length() > 100_000 ? reply.substring(0, 100_000) : reply);
        if (m.find()) {
            Double value = number(m.group(1));
            if (value != null && value >= 0 && value <= 1) {
                return new JudgeReply(value, "");
            }
        }
        return null;
    }

    private static Double number(String s) {
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Score fail(Assertion a, String reason, Map<String, Object> details) {
        return new Score(a.name(), false, 0, a.weight(), reason, details);
    }

    /** A parsed judge reply. */
    record JudgeReply(double score, String reason) {}

    /** Collects the judge's streamed reply. */
    private static final class Collector implements TokenSink {
        private final StringBuilder text = new StringBuilder();
        private volatile boolean cancelled;

        @Override
        public synchronized void onChunk(String chunk, int tokens) {
            if (chunk != null) {
                text.append(chunk);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        void cancel() {
            cancelled = true;
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
