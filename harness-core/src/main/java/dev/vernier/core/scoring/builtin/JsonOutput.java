package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Finds the JSON in a model's output: the content of a {@code ```json} (or bare {@code ```}) fence when
 * there is one, else the whole output, else the span from the first '{' or '[' to the last '}' or ']'.
 */
final class JsonOutput {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("```(?:json|JSON)?[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);
    /** Longest output prefix searched for a fenced block. */
    private static final int MAX_FENCE_SEARCH = 100_000;

    private JsonOutput() {}

    /**
     * The parsed JSON.
     *
     * @param node  the parsed value, null when none parses
     * @param error why nothing parsed, null on success
     */
    record Parsed(JsonNode node, String error) {}

    static Parsed parse(String output) {
        String guarded = output.length() > MAX_FENCE_SEARCH ? output.substring(0, MAX_FENCE_SEARCH) : output;
        Matcher fence = FENCE.matcher(guarded);
        String candidate = fence.find() ? fence.group(1) : output;
        String error;
        try {
            return new Parsed(read(candidate), null);
        } catch (JsonProcessingException e) {
            error = e.getOriginalMessage();
        }
        int start = firstOf(candidate, '{', '[');
        int end = Math.max(candidate.lastIndexOf('}'), candidate.lastIndexOf(']'));
        if (start >= 0 && end > start) {
            try {
                return new Parsed(read(candidate.substring(start, end + 1)), null);
            } catch (JsonProcessingException ignored) {
                // report the first error, about the candidate as a whole
            }
        }
        return new Parsed(null, error);
    }

    private static JsonNode read(String text) throws JsonProcessingException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new JsonProcessingException("the output is empty") {};
        }
        JsonNode node = MAPPER.readTree(trimmed);
        if (node == null || node.isMissingNode()) {
            throw new JsonProcessingException("no JSON value") {};
        }
        return node;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
