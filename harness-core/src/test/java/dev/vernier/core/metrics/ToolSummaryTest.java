package dev.vernier.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool figures: selection accuracy, argument validity, time to the first call, latency by tools declared. */
class ToolSummaryTest {

    private static Sample sample(int tools, long e2eMs, List<TimedToolCall> calls, List<Score> scores) {
        return Sample.builder()
                .providerId("p")
                .caseId("c")
                .promptId("q")
                .startedAt(Instant.EPOCH)
                .chunkNanos(calls.isEmpty() ? List.of(1_000_000L, e2eMs * 1_000_000L) : List.of())
                .endNanos(e2eMs * 1_000_000L)
                .toolCalls(calls)
                .toolsDeclared(tools)
                .scores(scores)
                .build();
    }

    private static TimedToolCall call(long ms, boolean valid) {
        return new TimedToolCall(
                new ToolCall("1", "f", "{}"), ms * 1_000_000L, valid ? SchemaCheck.VALID : SchemaCheck.invalid("bad"));
    }

    private static Score toolCall(String name, boolean pass, Object selected) {
        return new Score(name, pass, pass ? 1 : 0, 1, "", Map.of("expected_tool", "f", "tool_selected", selected));
    }

    @Test
    void counts_selection_validity_first_call_and_groups_latency_by_tools_declared() {
        List<Sample> samples = List.of(
                sample(2, 10, List.of(call(6, true), call(9, false)), List.of(toolCall("tool-call", false, true))),
                sample(2, 20, List.of(call(8, true)), List.of(toolCall("tool-call", true, "true"))),
                sample(4, 30, List.of(), List.of(toolCall("tool-call", false, false))),
                sample(0, 5, List.of(), List.of(toolCall("not-tool-call", true, false))),
                sample(4, 99, List.of(call(1, true)), List.of()).toBuilder()
                        .failure(Failure.of(FailureKind.TIMEOUT, "t"))
                        .build(),
                sample(4, 99, List.of(call(1, true)), List.of()).toBuilder()
                        .warmup(true)
                        .build());

        ToolSummary t = ToolSummary.of(samples);

        assertThat(t.any()).isTrue();
        assertThat(t.declaring()).isEqualTo(3);
        assertThat(t.assessed())
                .as("negated assertions, failed and warm-up requests left out")
                .isEqualTo(3);
        assertThat(t.selected())
                .as("true read back from a journal as text counts too")
                .isEqualTo(2);
        assertThat(t.selectionAccuracy()).isEqualTo(2.0 / 3);
        assertThat(t.checkedCalls()).isEqualTo(3);
        assertThat(t.argumentValidityRate()).isEqualTo(2.0 / 3);
        assertThat(t.withCalls()).isEqualTo(2);
        assertThat(t.firstCallMs().count()).isEqualTo(2);
        assertThat(t.firstCallMs().max()).as("3 significant digits").isCloseTo(8.0, within(0.01));
        assertThat(t.byToolCount()).extracting(ToolSummary.ByToolCount::tools).containsExactly(0, 2, 4);
        assertThat(t.byToolCount())
                .extracting(ToolSummary.ByToolCount::requests)
                .containsExactly(1L, 2L, 1L);
        assertThat(t.byToolCount().get(1).e2eMs().max())
                .as("a call-only answer ends at its last call: 9 ms and 8 ms")
                .isCloseTo(9.0, within(0.01));
        assertThat(t.byToolCount().get(2).e2eMs().p50()).isCloseTo(30.0, within(0.03));
    }

    @Test
    void without_tools_every_figure_is_empty_not_zero() {
        ToolSummary t = ToolSummary.of(List.of(sample(0, 5, List.of(), List.of())));
        assertThat(t.any()).isFalse();
        assertThat(t.byToolCount()).isEmpty();
        assertThat(t.selectionAccuracy()).isNaN();
        assertThat(t.argumentValidityRate()).isNaN();
        assertThat(t.firstCallMs().count()).isZero();
    }
}
