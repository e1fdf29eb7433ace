package dev.vernier.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link StreamingSimulator} behaves. Start from {@link #defaults()} and change what a test
 * needs with the {@code with...} methods.
 *
 * @param port             port to bind on 127.0.0.1; 0 picks a free one
 * @param model            model name the simulator reports
 * @param ttft             delay from request arrival to the first content token
 * @param interTokenDelay  delay between consecutive content tokens
 * @param tokens           tokens per response (fewer when the request's max tokens is smaller,
 *                         which then ends with finish reason {@code length})
 * @param errorRate        probability in [0, 1] that a request is answered with HTTP 500
 * @param seed             seed of the random source deciding errors, so runs are repeatable
 * @param tokenTexts       the token strings to stream, cycled; empty to generate words
 * @param jsonTokenTexts   the answer, token by token, to a request that asks for a JSON Schema (each
 *                         dialect's structured-output field): the whole list, one token event each, cut
 *                         short only by the request's max tokens; {@link #DEFAULT_JSON} unless changed
 */
public record SimulatorConfig(
        int port,
        String model,
        Duration ttft,
        Duration interTokenDelay,
        int tokens,
        double errorRate,
        long seed,
        List<String> tokenTexts,
        List<String> jsonTokenTexts) {

    /**
     * The default JSON answer, {@code {"name": "the quick fox"}} in 8 tokens: valid against
     * {@code {type: object, properties: {name: {type: string}}, required: [name]}}.
     */
    public static final List<String> DEFAULT_JSON =
            List.of("{\"", "name", "\":", " \"", "the", " quick", " fox", "\"}");

    public SimulatorConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ttft, "ttft");
        Objects.requireNonNull(interTokenDelay, "interTokenDelay");
        tokenTexts = tokenTexts == null ? List.of() : List.copyOf(tokenTexts);
        jsonTokenTexts = jsonTokenTexts == null ? DEFAULT_JSON : List.copyOf(jsonTokenTexts);
        if (jsonTokenTexts.isEmpty()) {
            throw new IllegalArgumentException("jsonTokenTexts must hold at least one token");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (ttft.isNegative() || interTokenDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
        }
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate must be in [0, 1], was " + errorRate);
        }
    }

    /** Ephemeral port, model {@code sim-model}, 50 ms TTFT, 10 ms between tokens, 16 tokens, no errors. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                0, "sim-model", Duration.ofMillis(50), Duration.ofMillis(10), 16, 0.0, 42L, List.of(), DEFAULT_JSON);
    }

    public SimulatorConfig withPort(int value) {
        return new SimulatorConfig(
                value, model, ttft, interTokenDelay, tokens, errorRate, seed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withModel(String value) {
        return new SimulatorConfig(
                port, value, ttft, interTokenDelay, tokens, errorRate, seed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withTtft(Duration value) {
        return new SimulatorConfig(
                port, model, value, interTokenDelay, tokens, errorRate, seed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withInterTokenDelay(Duration value) {
        return new SimulatorConfig(port, model, ttft, value, tokens, errorRate, seed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withTokens(int value) {
        return new SimulatorConfig(
                port, model, ttft, interTokenDelay, value, errorRate, seed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withErrorRate(double value, long randomSeed) {
        return new SimulatorConfig(
                port, model, ttft, interTokenDelay, tokens, value, randomSeed, tokenTexts, jsonTokenTexts);
    }

    public SimulatorConfig withTokenTexts(List<String> value) {
        return new SimulatorConfig(port, model, ttft, interTokenDelay, tokens, errorRate, seed, value, jsonTokenTexts);
    }

    /**
     * The answer to a request for a JSON Schema, token by token (e.g. a document that breaks the schema,
     * or is not JSON at all, to test what a client makes of it).
     */
    public SimulatorConfig withJsonTokenTexts(List<String> value) {
        return new SimulatorConfig(port, model, ttft, interTokenDelay, tokens, errorRate, seed, tokenTexts, value);
    }

    /**
     * JSON text cut into tokens the way a tokenizer roughly would: each structural character
     * ({@code { } [ ] : ,}) and each quote is a token, each run of other characters another, leading
     * whitespace joined to the token after it; the tokens joined give the text back.
     */
    public static List<String> jsonTokens(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = JSON_TOKEN.matcher(json);
        int end = 0;
        while (m.find()) {
            out.add(m.group());
            end = m.end();
        }
        if (end < json.length()) { // trailing whitespace
            out.add(json.substring(end));
        }
        return out;
    }

    private static final Pattern JSON_TOKEN = Pattern.compile("\\s*(?:[{}\\[\\]:,\"]|[^\\s{}\\[\\]:,\"]+)");

    /** The text of token {@code index} (from 0): the configured strings cycled, or a generated word. */
    public String tokenText(int index) {
        if (!tokenTexts.isEmpty()) {
            return tokenTexts.get(index % tokenTexts.size());
        }
        String word = WORDS[index % WORDS.length];
        return index == 0 ? word : " " + word;
    }

    private static final String[] WORDS = {
        "the",
        "quick",
        "brown",
        "fox",
        "jumps",
        "over",
        "a",
        "lazy",
        "dog",
        "while",
        "seven",
        "calm",
        "engineers",
        "measure",
        "every",
        "token",
    };
}
