package dev.vernier.cli;

import dev.vernier.testkit.FaultDialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Suites against {@code FaultServer}s, and in-process {@code vernier} runs of them with a key in the environment. */
final class FaultSuites {

    private FaultSuites() {}

    /**
     * The head of a suite: its name, one prompt and {@code cases} cases {@code c0, c1, ...}, each a distinct
     * request body (so a server tells a retry from the next request), and 16 max tokens.
     */
    static StringBuilder head(String name, String prompt, int cases) {
        StringBuilder yaml = new StringBuilder("name: ")
                .append(name)
                .append("\nprompts: [\"")
                .append(prompt)
                .append(" {{n}}\"]\ncases:\n");
        for (int i = 0; i < cases; i++) {
            yaml.append("  - {id: c")
                    .append(i)
                    .append(", vars: {n: \"")
                    .append(i)
                    .append("\"}}\n");
        }
        return yaml.append("defaults: {max_tokens: 16}\n");
    }

    /** One provider entry (under {@code providers:}) for a fault server of this dialect. */
    static String provider(FaultDialect dialect, String id, String baseUrl, String keyEnv, int maxRetries) {
        return "  - type: " + dialect.providerType() + "\n    id: " + id + "\n    model: " + FaultDialect.MODEL
                + "\n    base_url: " + baseUrl + "\n    api_key_env: " + keyEnv + "\n    max_retries: " + maxRetries
                + "\n    retry_backoff_ms: 50\n";
    }

    static Path write(Path file, CharSequence yaml) throws IOException {
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** {@code vernier run SUITE --out RUNS --no-progress} in this JVM with only {@code env} as the environment. */
    static int run(StringWriter out, StringWriter err, Map<String, String> env, Path suite, Path runs) {
        return vernier(out, err, env, "run", suite.toString(), "--out", runs.toString(), "--no-progress");
    }

    /** {@code vernier <args>} in this JVM with only {@code env} as the environment. */
    static int vernier(StringWriter out, StringWriter err, Map<String, String> env, String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), env::get, args);
    }
}
