package dev.vernier.cli;

import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.SimulatedToolCalls;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vernier simulate}: serves the OpenAI, Ollama, Anthropic and Gemini streaming protocols on
 * 127.0.0.1 with scheduled token times, so a suite can be dry-run (point an {@code openai} provider's
 * {@code base_url} at {@code http://127.0.0.1:<port>/v1}, an {@code ollama}, {@code anthropic} or
 * {@code gemini} one at the root). With {@code --reasoning-tokens} the simulated model reasons first,
 * streamed, summarized or hidden ({@link SimulatedReasoning}).
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Serve simulated OpenAI (/v1/chat/completions), Ollama (/api/chat), Anthropic (/v1/messages)"
                + " and Gemini (/v1beta/models/<m>:streamGenerateContent) streams on 127.0.0.1.")
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8089",
            description = "Port (0 picks a free one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ttft-ms", defaultValue = "200", description = "Time to first token (default ${DEFAULT-VALUE}).")
    long ttftMs;

    @Option(names = "--itl-ms", defaultValue = "20", description = "Time between tokens (default ${DEFAULT-VALUE}).")
    long itlMs;

    @Option(names = "--tokens", defaultValue = "32", description = "Tokens per response (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of requests answered with HTTP 500.")
    double errorRate;

    @Option(
            names = "--model",
            defaultValue = "sim-model",
            description = "Model name to report (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--reasoning-tokens",
            defaultValue = "0",
            description = "Reasoning tokens before each answer, one per --itl-ms (default ${DEFAULT-VALUE}: none).")
    int reasoningTokens;

    @Option(
            names = "--reasoning-mode",
            defaultValue = "streamed",
            description = "How the reasoning shows: streamed (every token), summary (--summary-events events) or"
                    + " hidden (billed only); default ${DEFAULT-VALUE}.")
    String reasoningMode;

    @Option(
            names = "--summary-events",
            defaultValue = "4",
            description = "Reasoning events of a summary (default ${DEFAULT-VALUE}).")
    int summaryEvents;

    @Option(
            names = "--json",
            description = "The answer to a request that asks for a JSON Schema (response_format), as JSON text cut"
                    + " into tokens; default {\"name\": \"the quick fox\"}. Give one that breaks the schema to see"
                    + " the schema-valid rate drop.")
    String json;

    @Option(
            names = "--tool-pieces",
            defaultValue = "4",
            description = "A request that declares tools gets one call of the first declared tool (or the one"
                    + " tool_choice names), its arguments made from the tool's schema and streamed in this many"
                    + " pieces, one per --itl-ms (default ${DEFAULT-VALUE}); once the history ends with the"
                    + " tool's result it gets the text (or JSON) answer.")
    int toolPieces;

    /** Counted down to stop serving; tests use it, the command line waits for Ctrl-C. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || ttftMs < 0 || itlMs < 0 || tokens < 1 || toolPieces < 1 || errorRate < 0 || errorRate > 1) {
            spec.commandLine()
                    .getErr()
                    .println("vernier simulate: --port, --ttft-ms and --itl-ms must be >= 0,"
                            + " --tokens and --tool-pieces >= 1 and --error-rate between 0 and 1.");
            return RunCommand.BAD_INPUT;
        }
        SimulatedReasoning reasoning;
        try {
            SimulatedReasoning.Mode mode = SimulatedReasoning.Mode.parse(reasoningMode);
            reasoning = new SimulatedReasoning(
                    reasoningTokens, mode, mode == SimulatedReasoning.Mode.SUMMARY ? summaryEvents : 0);
        } catch (IllegalArgumentException e) {
            spec.commandLine()
                    .getErr()
                    .println("vernier simulate: --reasoning-tokens must be >= 0, --reasoning-mode streamed, summary or"
                            + " hidden, and --summary-events between 1 and --reasoning-tokens.");
            return RunCommand.BAD_INPUT;
        }
        SimulatorConfig config = SimulatorConfig.defaults()
                .withPort(port)
                .withTtft(Duration.ofMillis(ttftMs))
                .withInterTokenDelay(Duration.ofMillis(itlMs))
                .withTokens(tokens)
                .withErrorRate(errorRate, SimulatorConfig.defaults().seed())
                .withModel(model);
        if (json != null) {
            if (json.isBlank()) {
                spec.commandLine().getErr().println("vernier simulate: --json must not be empty.");
                return RunCommand.BAD_INPUT;
            }
            config = config.withJsonTokenTexts(SimulatorConfig.jsonTokens(json));
        }
        SimulatedToolCalls toolCalls = SimulatedToolCalls.of(SimulatedToolCalls.call(null, null, toolPieces));
        try (StreamingSimulator simulator = new StreamingSimulator(config, null, reasoning, toolCalls)) {
            int bound = simulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("Simulating on http://127.0.0.1:" + bound + "  (OpenAI base_url http://127.0.0.1:" + bound
                    + "/v1; Ollama, Anthropic and Gemini base_url http://127.0.0.1:" + bound + ")");
            out.println("ttft=" + ttftMs + " ms, between tokens=" + itlMs + " ms, tokens=" + tokens + ", error rate="
                    + errorRate
                    + (reasoning.any()
                            ? ", reasoning=" + reasoning.tokens() + " tokens "
                                    + reasoning.mode().name().toLowerCase(Locale.ROOT)
                                    + (reasoning.mode() == SimulatedReasoning.Mode.SUMMARY
                                            ? " (" + reasoning.events() + " events)"
                                            : "")
                            : "")
                    + "; a request for a JSON Schema gets "
                    + String.join("", config.jsonTokenTexts()) + " ("
                    + config.jsonTokenTexts().size() + " tokens)"
                    + "; a request declaring tools gets one call in " + toolPieces + " pieces"
                    + ". Ctrl-C stops.");
            out.flush();
            stop.await();
        }
        return RunCommand.OK;
    }
}
