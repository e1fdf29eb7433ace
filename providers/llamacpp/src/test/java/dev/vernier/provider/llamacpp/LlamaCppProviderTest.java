package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.LlamaModel;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.journal.SampleJson;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the real stories260K model (no chat template, SentencePiece tokenizer) through the runner. */
class LlamaCppProviderTest {

    private static final String PROMPT = "Once upon a time";
    private static final int MAX_TOKENS = 24;

    private static LlamaCppProvider provider;

    @BeforeAll
    static void load() throws Exception {
        provider = Stories.load(null, "threads", 1, "context", 512);
    }

    /** The stories model with explicit threads and {@code parallel} slots. */
    private static LlamaCppProvider withSlots(int parallel) throws Exception {
        return Stories.load("slots-" + parallel, "threads", 1, "context", 256, "parallel", parallel);
    }

    private static List<long[]> streamingWindows(List<Sample> samples) {
        return samples.stream()
                .map(s -> new long[] {s.sendNanos() + s.ttftNanos(), s.sendNanos() + s.e2eNanos()})
                .sorted(Comparator.comparingLong(w -> w[0]))
                .toList();
    }

    @AfterAll
    static void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static GenerationRequest request(String id, double temperature, Long seed) {
        return new GenerationRequest(id, PROMPT, null, temperature, MAX_TOKENS, seed);
    }

    private static List<Sample> run(Provider p, int concurrency, GenerationRequest... requests) throws Exception {
        List<PlannedRequest> planned = new ArrayList<>();
        for (GenerationRequest r : requests) {
            planned.add(new PlannedRequest(planned.size(), p.id(), "story", "opening", planned.size(), false, r));
        }
        Runner runner = new Runner(SystemClock.instance(), concurrency, Duration.ofSeconds(60));
        List<Sample> samples = new ArrayList<>(
                runner.run(new RunPlan(planned), Map.of(p.id(), p), s -> {}).samples());
        samples.sort(Comparator.comparingInt(Sample::seq));
        return samples;
    }

    private static Sample one(GenerationRequest request) throws Exception {
        Sample sample = run(provider, 1, request).get(0);
        assertThat(sample.failure()).as("failure").isNull();
        return sample;
    }

    @Test
    void streams_pieces_with_monotonic_timestamps() throws Exception {
        Sample s = one(request("mono", 0.0, 42L));

        assertThat(s.chunkNanos()).hasSizeGreaterThan(1).isSorted();
        assertThat(s.chunkNanos().get(0)).isPositive();
        assertThat(s.endNanos())
                .isGreaterThanOrEqualTo(s.chunkNanos().get(s.chunkNanos().size() - 1));
        assertThat(s.text()).isNotBlank();
    }

    @Test
    void reports_ttft_before_e2e() throws Exception {
        Sample s = one(request("ttft", 0.0, 42L));

        assertThat(s.ttftNanos()).isPositive().isLessThan(s.e2eNanos());
        assertThat(s.decodeTokensPerSecond()).isPositive();
    }

    @Test
    void counts_generated_tokens_with_the_model_tokenizer() throws Exception {
        Sample s = one(request("count", 0.0, 42L));

        assertThat(s.tokens().outputSource()).isEqualTo(CountSource.LOCAL_TOKENIZER);
        assertThat(s.tokens().inputSource()).isEqualTo(CountSource.LOCAL_TOKENIZER);
        // Every piece of this ASCII-only model is one token, so the chunk count is the truth.
        assertThat(s.tokens().output()).isEqualTo(s.chunkNanos().size()).isEqualTo(MAX_TOKENS);
        LlamaModel model = provider.model();
        assertThat(s.tokens().output()).isEqualTo(model.encode(PROMPT + s.text()).length - model.encode(PROMPT).length);
        // "Once upon a time" is 4 SentencePiece tokens; llama.cpp puts a BOS token before them.
        assertThat(s.tokens().input())
                .isEqualTo(model.encode(PROMPT).length + 1)
                .isEqualTo(5);
    }

    @Test
    void encoding_the_output_alone_would_overcount_by_the_space_marker() throws Exception {
        Sample s = one(request("marker", 0.0, 42L));

        // Why the provider counts the output after its prompt: on its own, SentencePiece prefixes a
        // space marker that the model never generated (encode adds no BOS token).
        assertThat(provider.model().encode("")).isEmpty();
        assertThat(provider.model().encode(s.text()).length)
                .isEqualTo(s.tokens().output() + 1);
    }

    @Test
    void finishes_with_length_when_max_tokens_is_reached() throws Exception {
        Sample s = one(request("length", 0.0, 42L));

        assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void finish_reason_is_stop_below_the_budget_and_length_at_it() {
        assertThat(LlamaCppProvider.finishReason(10, 10, 24)).isEqualTo(FinishReason.STOP);
        assertThat(LlamaCppProvider.finishReason(24, 24, 24)).isEqualTo(FinishReason.LENGTH);
        // A multi-byte character can merge two tokens into one piece: the tokenizer count decides.
        assertThat(LlamaCppProvider.finishReason(23, 24, 24)).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void same_seed_gives_the_same_text() throws Exception {
        List<Sample> greedy = run(provider, 1, request("g1", 0.0, 7L), request("g2", 0.0, 7L));
        List<Sample> sampled = run(provider, 1, request("s1", 1.0, 7L), request("s2", 1.0, 7L), request("s3", 1.0, 8L));

        assertThat(greedy.get(0).text()).isEqualTo(greedy.get(1).text());
        assertThat(sampled.get(0).text()).isEqualTo(sampled.get(1).text());
        assertThat(sampled.get(2).text())
                .as("another seed")
                .isNotEqualTo(sampled.get(0).text());
    }

    @Test
    void sample_survives_the_journal_round_trip() throws Exception {
        Sample s = one(request("journal", 0.0, 42L));

        assertThat(SampleJson.read(SampleJson.write(s))).isEqualTo(s);
    }

    @Test
    void with_one_slot_concurrent_requests_take_turns() throws Exception {
        try (LlamaCppProvider single = withSlots(1)) {
            List<Sample> samples =
                    run(single, 3, request("c1", 0.0, 1L), request("c2", 0.0, 2L), request("c3", 0.0, 3L));

            assertThat(single.slots()).isEqualTo(1);
            assertThat(single.describe().notes()).contains("1 slot (requests decoded one at a time)");
            assertThat(samples).allSatisfy(s -> {
                assertThat(s.failure()).isNull();
                assertThat(s.tokens().output()).isEqualTo(MAX_TOKENS);
            });
            // One at a time: the streaming windows [t_1, t_n] never overlap.
            List<long[]> windows = streamingWindows(samples);
            for (int i = 1; i < windows.size(); i++) {
                assertThat(windows.get(i)[0]).isGreaterThanOrEqualTo(windows.get(i - 1)[1]);
            }
        }
    }

    @Test
    void with_four_slots_concurrent_requests_stream_together_and_each_gets_its_own_text() throws Exception {
        GenerationRequest[] requests = {
            new GenerationRequest("p1", "Once upon a time", null, 0.0, MAX_TOKENS, 1L),
            new GenerationRequest("p2", "The little dog", null, 0.0, MAX_TOKENS, 2L),
            new GenerationRequest("p3", "Lily and Ben went", null, 0.0, MAX_TOKENS, 3L),
            new GenerationRequest("p4", "One day, a bird", null, 0.0, MAX_TOKENS, 4L)
        };
        try (LlamaCppProvider four = withSlots(4)) {
            List<Sample> alone = run(four, 1, requests);
            List<Sample> together = run(four, 4, requests);

            assertThat(four.slots()).isEqualTo(4);
            assertThat(together).allSatisfy(s -> {
                assertThat(s.failure()).isNull();
                assertThat(s.tokens().output()).isEqualTo(MAX_TOKENS);
                assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
            });
            // Pieces reach the request they belong to: the same greedy text as when run alone.
            assertThat(together)
                    .extracting(Sample::text)
                    .containsExactlyElementsOf(alone.stream().map(Sample::text).toList());
            assertThat(alone).extracting(Sample::text).doesNotHaveDuplicates();
            // Decoded together: every later request starts streaming before the first one ends.
            List<long[]> windows = streamingWindows(together);
            for (int i = 1; i < windows.size(); i++) {
                assertThat(windows.get(i)[0]).isLessThan(windows.get(0)[1]);
            }
        }
    }

    @Test
    void close_stops_a_running_request_at_its_next_piece_and_returns_promptly() throws Exception {
        LlamaCppProvider closing = withSlots(2);
        AtomicLong closeNanos = new AtomicLong(-1);
        List<Thread> closer = new CopyOnWriteArrayList<>();
        List<String> chunks = new CopyOnWriteArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public void onChunk(String text, int tokens) {
                chunks.add(text);
                if (chunks.size() == 1) {
                    // Close from another thread while this request is streaming, and hold the
                    // dispatcher long enough for close() to have begun.
                    Thread thread = new Thread(() -> {
                        long start = System.nanoTime();
                        closing.close();
                        closeNanos.set(System.nanoTime() - start);
                    });
                    closer.add(thread);
                    thread.start();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };

        Completion completion = closing.generate(new GenerationRequest("long", PROMPT, null, 0.0, 200, 5L), sink)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        closer.get(0).join(10_000);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(chunks).hasSizeLessThan(200);
        assertThat(closeNanos.get()).isPositive().isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void streams_on_the_provider_thread_without_blocking_the_caller() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public void onChunk(String text, int tokens) {
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };

        Completion completion = provider.generate(request("thread", 0.0, 1L), sink)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(completion.succeeded()).isTrue();
        assertThat(threads)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name)
                        .startsWith("vernier-llamacpp-")
                        .isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void stops_early_when_the_sink_is_cancelled() throws Exception {
        List<String> chunks = new CopyOnWriteArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public void onChunk(String text, int tokens) {
                chunks.add(text);
            }

            @Override
            public boolean cancelled() {
                return chunks.size() >= 3;
            }
        };

        Completion completion = provider.generate(request("cancel", 0.0, 1L), sink)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(chunks).hasSize(3);
        assertThat(completion.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(one(request("after-cancel", 0.0, 1L)).tokens().output())
                .as("model still usable")
                .isEqualTo(MAX_TOKENS);
    }

    @Test
    void describes_an_open_local_model_sent_raw_prompts() {
        ModelFacts facts = provider.describe();

        assertThat(provider.id()).isEqualTo("llamacpp:stories260K");
        assertThat(provider.accessMode()).isEqualTo(AccessMode.IN_PROCESS);
        assertThat(provider.loadMillis()).isPositive();
        assertThat(facts.model()).isEqualTo("stories260K");
        assertThat(facts.openWeights()).isTrue();
        assertThat(facts.licence()).as("the file carries no general.license").isNull();
        assertThat(facts.parameterCount()).isBetween(250_000L, 300_000L);
        assertThat(facts.quantisation()).isEqualTo("F32");
        assertThat(facts.dataGoes()).isEqualTo(DataDestination.THIS_MACHINE);
        assertThat(facts.notes())
                .contains("no chat template in the model: raw prompt sent")
                .contains("threads 1 (explicit)")
                .contains("1 slot (requests decoded one at a time)")
                .contains("context 512 per slot, flash attention off");
        assertThat(provider.threadChoice()).isEqualTo(ThreadChoice.explicit(1));
    }

    @Test
    void forced_chat_template_wraps_the_prompt_and_a_closed_provider_fails_as_data() throws Exception {
        Provider chat =
                Stories.load("tiny-chat", "threads", 1, "context", 256, "chat_template", true, "flash_attention", true);
        try {
            assertThat(chat.id()).isEqualTo("tiny-chat");
            assertThat(chat.describe().notes()).contains("ChatML").contains("flash attention on");
            Sample s = run(chat, 1, new GenerationRequest("chat", PROMPT, "Be brief.", 0.0, 8, 1L))
                    .get(0);
            assertThat(s.failure()).isNull();
            assertThat(s.tokens().output()).isEqualTo(8);
            // The template's role markers and the system text are counted as sent.
            assertThat(s.tokens().input()).isGreaterThan(5 + 10);
        } finally {
            chat.close();
        }

        Completion after = Stories.complete(chat, request("closed", 0.0, 1L));
        assertThat(after.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void folds_any_seed_into_llama_cpp_range_without_the_random_marker() {
        assertThat(LlamaCppProvider.seed(42)).isEqualTo(42);
        assertThat(LlamaCppProvider.seed(-1)).isNotNegative();
        assertThat(LlamaCppProvider.seed(Long.MAX_VALUE)).isNotNegative();
        assertThat(LlamaCppProvider.seed(Integer.MAX_VALUE)).isNotEqualTo(-1);
    }

    @Test
    void output_opening_with_the_reasoning_tag_is_timed_and_counted_as_reasoning_then_answer() throws Exception {
        // stories260K never writes <think>, so the tags are two words of its own deterministic story.
        String plain = one(request("plain", 0.0, 42L)).text();
        String[] words = plain.strip().split(" ");
        String open = words[0];
        String close = " " + words[3] + " ";
        int from = plain.indexOf(open) + open.length();
        int to = plain.indexOf(close, from);
        String expectedReasoning = plain.substring(from, to);
        String expectedAnswer = plain.substring(to + close.length()).stripLeading();

        try (LlamaCppProvider thinking =
                Stories.load("thinking", "threads", 1, "context", 512, "reasoning_tags", List.of(open, close))) {
            Sample s = run(thinking, 1, request("split", 0.0, 42L)).get(0);

            assertThat(s.failure()).isNull();
            assertThat(s.reasoningText()).isEqualTo(expectedReasoning);
            assertThat(s.text()).isEqualTo(expectedAnswer);
            assertThat(s.reasoningStreamed()).isTrue();
            assertThat(s.reasoningNanos().get(s.reasoningNanos().size() - 1))
                    .isLessThanOrEqualTo(s.chunkNanos().get(0));
            assertThat(s.ttftNanos()).isEqualTo(s.reasoningNanos().get(0)).isLessThan(s.firstAnswerNanos());
            LlamaModel model = thinking.model();
            long reasoning =
                    model.encode(PROMPT + open + expectedReasoning + close).length - model.encode(PROMPT).length;
            assertThat(s.tokens().output()).isEqualTo(MAX_TOKENS);
            assertThat(s.tokens().reasoning()).isEqualTo(reasoning).isPositive();
            assertThat(s.visibleReasoningTokens()).isEqualTo(reasoning);
            assertThat(s.hiddenReasoningTokens()).isZero();
            assertThat(s.answerTokens()).isEqualTo(MAX_TOKENS - reasoning);
        }
    }
}
