package dev.vernier.core.metrics;

import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.builtin.ToolCallIs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Tool calling of one provider's measured, successful requests (docs/metrics.md, "Tool calling"):
 *
 * <ul>
 *   <li>tool-selection accuracy = {@code selected / assessed}: over every (not negated) {@code tool-call}
 *       assertion scored, the share where the model chose as expected (called the expected tool, under the
 *       assertion's {@code call} option, or called none for {@code value: none}), arguments aside;</li>
 *   <li>argument validity rate = {@code validCalls / checkedCalls}: calls that name a declared tool with
 *       arguments valid against its schema, over every call of a request that declared tools;</li>
 *   <li>time to the first complete tool call, t_call(first) - t_send, over requests that called a tool;</li>
 *   <li>TTFT and E2E of every request (each turn of a conversation, each round of a tool loop) grouped by
 *       the number of tools its request declared.</li>
 * </ul>
 *
 * @param declaring      requests that declared at least one tool
 * @param withCalls      requests whose answer called at least one tool
 * @param checkedCalls   calls checked against the declared tools
 * @param validCalls     of those, valid ones
 * @param assessed       {@code tool-call} assertions scored (not negated)
 * @param selected       of those, where the model chose as expected
 * @param firstCallMs    time to the first complete tool call, in ms
 * @param byToolCount    per number of tools declared (ascending, 0 included), TTFT and E2E; empty when no
 *                       request declared tools
 */
public record ToolSummary(
        long declaring,
        long withCalls,
        long checkedCalls,
        long validCalls,
        long assessed,
        long selected,
        Distribution firstCallMs,
        List<ByToolCount> byToolCount) {

    /**
     * Latency of the requests that declared {@code tools} tools.
     *
     * @param tools    tools declared
     * @param requests successful measured requests
     * @param ttftMs   their TTFT
     * @param e2eMs    their E2E latency
     */
    public record ByToolCount(int tools, long requests, Distribution ttftMs, Distribution e2eMs) {}

    public ToolSummary {
        byToolCount = List.copyOf(byToolCount);
    }

    /** The tool figures of the measured, successful samples among {@code samples}. */
    public static ToolSummary of(Iterable<Sample> samples) {
        long declaring = 0;
        long withCalls = 0;
        long checked = 0;
        long valid = 0;
        long assessed = 0;
        long selected = 0;
        Histogram first = Summary.histogram();
        Map<Integer, Histogram[]> byCount = new TreeMap<>();
        for (Sample s : samples) {
            if (s.warmup() || !s.succeeded()) {
                continue;
            }
            declaring += s.toolsDeclared() > 0 ? 1 : 0;
            if (s.calledTools()) {
                withCalls++;
                Summary.record(first, s.firstToolCallNanos());
            }
            for (TimedToolCall c : s.toolCalls()) {
                if (c.check() != null) {
                    checked++;
                    valid += c.valid() ? 1 : 0;
                }
            }
            for (Score score : s.scores()) {
                Object choice = score.details().get(ToolCallIs.SELECTED_DETAIL);
                if (score.assertion().equals("tool-call") && choice != null) {
                    assessed++;
                    selected += String.valueOf(choice).equals("true") ? 1 : 0;
                }
            }
            Histogram[] h = byCount.computeIfAbsent(
                    s.toolsDeclared(), k -> new Histogram[] {Summary.histogram(), Summary.histogram()});
            if (s.ttftNanos() >= 0) {
                Summary.record(h[0], s.ttftNanos());
            }
            Summary.record(h[1], s.e2eNanos());
        }
        List<ByToolCount> groups = new ArrayList<>();
        if (declaring > 0) {
            byCount.forEach((n, h) -> groups.add(new ByToolCount(
                    n, h[1].getTotalCount(), Distribution.of(h[0], 1000), Distribution.of(h[1], 1000))));
        }
        return new ToolSummary(
                declaring, withCalls, checked, valid, assessed, selected, Distribution.of(first, 1000), groups);
    }

    /** Whether any request declared tools (else every figure here is empty). */
    public boolean any() {
        return declaring > 0;
    }

    /** Tool-selection accuracy = selected / assessed; NaN (no value) when no tool-call assertion was scored. */
    public double selectionAccuracy() {
        return assessed == 0 ? Double.NaN : (double) selected / assessed;
    }

    /** Argument validity rate = valid calls / checked calls; NaN (no value) when no call was checked. */
    public double argumentValidityRate() {
        return checkedCalls == 0 ? Double.NaN : (double) validCalls / checkedCalls;
    }
}
