package dev.vernier.cli;

import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vernier simulate}: serves the OpenAI and Ollama streaming protocols on 127.0.0.1 with
 * scheduled token times, so a suite can be dry-run (point an {@code openai} provider's
 * {@code base_url} at {@code http://127.0.0.1:<port>/v1}, or an {@code ollama} one at the root).
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Serve simulated OpenAI (/v1/chat/completions) and Ollama (/api/chat) streams on 127.0.0.1.")
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

    /** Counted down to stop serving; tests use it, the command line waits for Ctrl-C. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || ttftMs < 0 || itlMs < 0 || tokens < 1 || errorRate < 0 || errorRate > 1) {
            spec.commandLine()
                    .getErr()
                    .println("vernier simulate: --port, --ttft-ms and --itl-ms must be >= 0,"
                            + " --tokens >= 1 and --error-rate between 0 and 1.");
            return RunCommand.BAD_INPUT;
        }
        SimulatorConfig config = SimulatorConfig.defaults()
                .withPort(port)
                .withTtft(Duration.ofMillis(ttftMs))
                .withInterTokenDelay(Duration.ofMillis(itlMs))
                .withTokens(tokens)
                .withErrorRate(errorRate, SimulatorConfig.defaults().seed())
                .withModel(model);
        try (StreamingSimulator simulator = new StreamingSimulator(config)) {
            int bound = simulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("Simulating on http://127.0.0.1:" + bound + "  (OpenAI base_url http://127.0.0.1:" + bound
                    + "/v1, Ollama base_url http://127.0.0.1:" + bound + ")");
            out.println("ttft=" + ttftMs + " ms, between tokens=" + itlMs + " ms, tokens=" + tokens + ", error rate="
                    + errorRate + ". Ctrl-C stops.");
            out.flush();
            stop.await();
        }
        return RunCommand.OK;
    }
}
