package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.testing.TestModels;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.SimulatedToolCalls;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped suite {@code benchmarks/suites/tools-and-json.yaml} run as its header says, against the
 * simulator (every dialect on one server; the suite's port swapped for a free one), through the real
 * command line: tool calls with mocked results, the JSON answer paired with free text, and the three-turn
 * trip, on the four HTTP dialects, while the real APIs are skipped for want of keys.
 */
class ToolsAndJsonSuiteTest {

    private static final Path SUITE = TestModels.dir().getParent().resolve("benchmarks/suites/tools-and-json.yaml");
    private static final List<String> SIMULATED = List.of("sim-openai", "sim-ollama", "sim-anthropic", "sim-gemini");

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void the_shipped_suite_measures_tool_calls_json_answers_and_the_trip_on_every_dialect() throws IOException {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(20))
                .withInterTokenDelay(Duration.ofMillis(2))
                .withTokens(8)
                .withJsonTokenTexts(SimulatorConfig.jsonTokens("{\"city\": \"Paris\", \"answer\": \"Take a coat.\"}"));
        Path dir;
        try (StreamingSimulator simulator =
                new StreamingSimulator(config, null, SimulatedReasoning.NONE, SimulatedToolCalls.DEFAULT)) {
            int port = simulator.start();
            Path suite = tmp.resolve("tools-and-json.yaml");
            Files.writeString(
                    suite,
                    Files.readString(SUITE, StandardCharsets.UTF_8).replace("127.0.0.1:18096", "127.0.0.1:" + port),
                    StandardCharsets.UTF_8);

            int code = Main.execute(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    Map.of("SIM_KEY", "sim")::get,
                    "run",
                    suite.toString(),
                    "--repeats",
                    "1",
                    "--out",
                    tmp.resolve("runs").toString(),
                    "--no-progress");

            assertThat(code).as(err.toString()).isZero();
            dir = RunDirChecks.onlyRunDir(tmp.resolve("runs"));
        }
        assertThat(err.toString())
                .contains("skipped openai:gpt-4.1-mini — no API key — set OPENAI_API_KEY")
                .contains("skipped anthropic:claude-haiku-4-5 — no API key — set ANTHROPIC_API_KEY")
                .contains("skipped gemini:gemini-2.5-flash — no API key — set GEMINI_API_KEY");

        Map<String, Map<String, String>> summary = byProvider(dir.resolve("summary.csv"));
        assertThat(summary.keySet())
                .as("the simulated providers measured, the real ones listed as skipped")
                .containsExactlyInAnyOrder(
                        "sim-openai",
                        "sim-ollama",
                        "sim-anthropic",
                        "sim-gemini",
                        "openai:gpt-4.1-mini",
                        "anthropic:claude-haiku-4-5",
                        "gemini:gemini-2.5-flash");
        for (String provider : SIMULATED) {
            Map<String, String> row = summary.get(provider);
            // 2 prompts x (paris 2 rounds + tokyo 2 rounds + rome 3 turns x 2 rounds) = 20 requests
            assertThat(row.get("requests")).as(provider).isEqualTo("20");
            assertThat(row.get("failures")).as(provider).isEqualTo("0");
            // the simulator calls the first declared tool: right for paris, wrong for tokyo (2 prompts each)
            assertThat(row.get("tool_selection_accuracy")).as(provider).isEqualTo("0.5000");
            assertThat(row.get("tool_argument_validity_rate")).as(provider).isEqualTo("1.0000");
            // plan-json: its 5 final answers, not the 5 rounds that called a tool
            assertThat(row.get("schema_checked")).as(provider).isEqualTo("5");
            assertThat(row.get("schema_valid_rate")).as(provider).isEqualTo("1.0000");
        }

        List<Map<String, String>> samples = rows(dir.resolve("samples.csv"));
        List<Map<String, String>> trip = samples.stream()
                .filter(r -> r.get("provider").equals("sim-anthropic")
                        && r.get("case").equals("rome-trip")
                        && r.get("prompt_id").equals("plan"))
                .toList();
        assertThat(trip)
                .extracting(r -> r.get("turn") + "/" + r.get("tool_round"))
                .containsExactly("0/0", "0/1", "1/0", "1/1", "2/0", "2/1");
        assertThat(trip.get(0).get("tool_calls")).contains("get_weather").contains("Paris");
        assertThat(trip.get(1).get("tool_calls")).isIn("", "[]");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Tool calling");
    }

    private static Map<String, Map<String, String>> byProvider(Path csv) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> row : rows(csv)) {
            out.put(row.get("provider"), row);
        }
        return out;
    }

    /** A CSV file's rows by column name (values here hold no quoted commas except the last JSON columns). */
    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = parse(lines.get(0));
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = parse(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            out.add(row);
        }
        return out;
    }

    /** One RFC 4180 line: fields split on commas outside quotes, doubled quotes unescaped. */
    private static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
