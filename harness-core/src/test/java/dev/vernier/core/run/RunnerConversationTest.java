package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.SampleJson;
import dev.vernier.core.metrics.ConversationSummary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.session.RunHistory;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.ScriptTurn;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.InProcessDouble;
import dev.vernier.core.testing.TestSuites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multi-turn cases: each turn one request and one sample, sent after the previous reply with the
 * history; a conversation holds its slot to the end; a failed turn ends it; resume re-runs it whole.
 */
@Timeout(20)
class RunnerConversationTest {

    private final FakeClock clock = new FakeClock();

    /** Answers "reply to <last user message>" after 5 ms, or fails when {@code fails} says so. */
    private final class Echo extends InProcessDouble {
        final List<GenerationRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final Predicate<GenerationRequest> fails;

        Echo(Predicate<GenerationRequest> fails) {
            super("echo", "echo");
            this.fails = fails;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            requests.add(request);
            clock.advance(Duration.ofMillis(5));
            if (fails.test(request)) {
                return CompletableFuture.completedFuture(
                        Completion.failed(new Failure(FailureKind.SERVER_ERROR, 500, true, "boom")));
            }
            sink.onChunk("reply to " + request.prompt(), 1);
            long input = request.messages().stream()
                    .mapToLong(m -> m.content().split(" ").length)
                    .sum();
            return CompletableFuture.completedFuture(
                    Completion.success(FinishReason.STOP, TokenCounts.of(input, 1, CountSource.SERVER_USAGE)));
        }
    }

    private static Suite suite(int concurrency) {
        PromptTemplate prompt =
                PromptTemplate.ofMessages("chat", List.of(Message.system("be brief"), Message.user("first {{x}}")));
        List<TestCase> cases = List.of(
                new TestCase(
                        "a",
                        "",
                        Map.of("x", "A"),
                        List.of(),
                        1.0,
                        List.of(new ScriptTurn("second {{x}}", List.of()), new ScriptTurn("third", List.of()))),
                new TestCase(
                        "b",
                        "",
                        Map.of("x", "B"),
                        List.of(),
                        1.0,
                        List.of(new ScriptTurn("second {{x}}", List.of()), new ScriptTurn("third", List.of()))));
        return TestSuites.of(List.of(prompt), cases, 8, 1, 0, concurrency, Duration.ofSeconds(5));
    }

    private List<Sample> run(Suite suite, Provider provider, Set<RequestKey> skip) throws InterruptedException {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        new Runner(clock, suite.load(), suite.timeout(), Map.of(), skip, 1)
                .run(RunPlan.expand(suite, List.of("echo")), Map.of("echo", provider), samples::add);
        return samples;
    }

    @Test
    void each_turn_is_sent_after_the_previous_reply_with_the_whole_history() throws Exception {
        Echo echo = new Echo(r -> false);
        List<Sample> samples = run(suite(1), echo, Set.of());

        assertThat(RunPlan.expand(suite(1), List.of("echo")).measuredCount()).isEqualTo(6);
        assertThat(samples).hasSize(6).allSatisfy(s -> assertThat(s.failure()).isNull());
        assertThat(echo.requests.get(2).messages())
                .containsExactly(
                        Message.system("be brief"),
                        Message.user("first A"),
                        Message.assistant("reply to first A"),
                        Message.user("second A"),
                        Message.assistant("reply to second A"),
                        Message.user("third"));
        List<Sample> a = samples.stream().filter(s -> s.caseId().equals("a")).toList();
        assertThat(a).extracting(s -> s.turn().index()).containsExactly(0, 1, 2);
        assertThat(a).extracting(s -> s.turn().conversationId()).containsOnly("a/chat/r0");
        assertThat(a).extracting(Sample::prompt).containsExactly("first A", "second A", "third");
        assertThat(a).extracting(s -> s.tokens().input()).containsExactly(4L, 10L, 15L);
        assertThat(samples).extracting(Sample::seq).doesNotHaveDuplicates();
    }

    @Test
    void under_a_closed_loop_a_conversation_holds_its_slot_until_its_last_turn() throws Exception {
        Echo echo = new Echo(r -> false);
        run(suite(1), echo, Set.of());

        assertThat(echo.requests)
                .extracting(GenerationRequest::prompt)
                .containsExactly("first A", "second A", "third", "first B", "second B", "third");
    }

    @Test
    void a_failed_turn_ends_its_conversation_and_the_later_turns_are_recorded_as_not_run() throws Exception {
        Echo echo = new Echo(r -> r.prompt().equals("second A"));
        List<Sample> samples = run(suite(2), echo, Set.of());

        assertThat(echo.requests)
                .extracting(GenerationRequest::prompt)
                .as("a's third turn is not sent")
                .containsExactlyInAnyOrder("first A", "second A", "first B", "second B", "third");
        List<Sample> a = samples.stream()
                .filter(s -> s.caseId().equals("a"))
                .sorted((x, y) -> x.turn().index() - y.turn().index())
                .toList();
        assertThat(a.get(0).succeeded()).isTrue();
        assertThat(a.get(1).failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(a.get(2).failure().kind()).isEqualTo(FailureKind.NOT_RUN);
        assertThat(a.get(2).failure().message())
                .isEqualTo("not run: turn 1 of this conversation failed (SERVER_ERROR)");
        assertThat(a.get(2).prompt()).isEqualTo("third");
        assertThat(samples.stream().filter(s -> s.caseId().equals("b")))
                .allSatisfy(s -> assertThat(s.succeeded()).isTrue());
    }

    @Test
    void resume_runs_a_conversation_with_a_missing_turn_again_whole_and_keeps_only_the_new_turns() throws Exception {
        List<Sample> first = run(suite(1), new Echo(r -> false), Set.of());
        // the first attempt was stopped after conversation a's second turn: b never ran, a's last turn is cancelled
        List<Sample> journal = new ArrayList<>();
        for (Sample s : first) {
            if (s.caseId().equals("a") && s.turn().index() < 2) {
                journal.add(s);
            } else if (s.caseId().equals("a")) {
                journal.add(s.toBuilder()
                        .failure(new Failure(FailureKind.CANCELLED, 0, true, "not run: stopped"))
                        .build());
            }
        }
        RunHistory history = new RunHistory(new Journal.Contents(journal, List.of(), false));
        assertThat(history.completed()).isEmpty();

        Echo echo = new Echo(r -> false);
        List<Sample> second = new ArrayList<>();
        new Runner(clock, suite(1).load(), Duration.ofSeconds(5), Map.of(), history.completed(), 2)
                .run(RunPlan.expand(suite(1), List.of("echo")), Map.of("echo", echo), second::add);
        assertThat(echo.requests).hasSize(6);

        List<Sample> all = new ArrayList<>(journal);
        all.addAll(second);
        RunHistory after = new RunHistory(new Journal.Contents(all, List.of(), false));
        assertThat(after.samples())
                .hasSize(6)
                .allSatisfy(s -> assertThat(s.runAttempt()).isEqualTo(2));
        assertThat(after.completed()).hasSize(2);
    }

    @Test
    void a_turn_survives_the_journal_round_trip_and_an_old_sample_reads_as_a_single_request() throws Exception {
        Sample turn = run(suite(1), new Echo(r -> false), Set.of()).get(1);

        Sample back = SampleJson.read(SampleJson.write(turn));
        assertThat(back.turn()).isEqualTo(turn.turn());
        String old =
                SampleJson.write(turn).replaceAll(",\"conversation_id\":\"[^\"]*\",\"turn\":\\d+,\"turns\":\\d+", "");
        assertThat(old).doesNotContain("conversation_id");
        assertThat(SampleJson.read(old).turn()).isNull();
    }

    @Test
    void a_conversation_sums_its_turns_time_and_cost_and_shows_its_input_growing() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (Sample s : run(suite(1), new Echo(r -> r.prompt().equals("third")), Set.of())) {
            samples.add(s.caseId().equals("a") ? s.withProviderStat(Sample.COST_STAT, 0.25) : s);
        }

        List<ConversationSummary> conversations = ConversationSummary.of(samples);
        assertThat(conversations)
                .extracting(ConversationSummary::conversationId)
                .containsExactly("a/chat/r0", "b/chat/r0");
        ConversationSummary a = conversations.get(0);
        assertThat(a.turns()).isEqualTo(3);
        assertThat(a.sent()).isEqualTo(3);
        assertThat(a.succeeded()).isEqualTo(2);
        assertThat(a.totalNanos()).as("three 5 ms turns back to back").isEqualTo(15_000_000L);
        assertThat(a.e2eSumNanos()).isEqualTo(15_000_000L);
        assertThat(a.costUsd()).isEqualTo(0.75);
        assertThat(a.inputTokens()).as("the failed turn reports none").containsExactly(4L, 10L, -1L);
        assertThat(conversations.get(1).costUsd()).as("unknown cost").isNaN();
    }
}
