package dev.vernier.provider.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A GGUF model loaded once into this process by llama.cpp (through java-llama.cpp) and shared by
 * every request. Up to {@code parallel} requests are decoded together in one batch (continuous
 * batching, see {@link SlotScheduler}); further requests wait for a free slot. {@link #generate}
 * never blocks its caller.
 *
 * <p>Each streamed piece (one token, or a few when a character spans tokens) goes to the sink as
 * it arrives. Token counts come from the model's own tokenizer ({@link CountSource#LOCAL_TOKENIZER}).
 * The prompt cache is off, so every repeat pays for its prompt the same way.
 *
 * <p>With {@code threads: auto} (the default) loading first measures the candidate thread counts
 * ({@link ThreadTuning}); {@link #describe()} reports every candidate's speed and the choice.
 */
public final class LlamaCppProvider implements Provider {

    private static final long CLOSE_WAIT_SECONDS = 30;
    /** llama.cpp's request field for a JSON Schema that constrains sampling. */
    private static final String JSON_SCHEMA = "json_schema";

    private final String id;
    private final Path file;
    private final GgufMetadata metadata;
    private final LlamaCppSettings settings;
    private final ThreadChoice threads;
    private final boolean applyTemplate;
    private final LlamaModel model;
    private final double loadMillis;
    private final int slots;
    private final SlotScheduler scheduler;
    private volatile boolean closed;

    private LlamaCppProvider(
            String id,
            Path file,
            GgufMetadata metadata,
            LlamaCppSettings settings,
            ThreadChoice threads,
            int slots,
            LlamaModel model,
            double loadMillis) {
        this.id = id;
        this.file = file;
        this.metadata = metadata;
        this.settings = settings;
        this.threads = threads;
        this.applyTemplate = settings.chatTemplate().applies(metadata.hasChatTemplate());
        this.model = model;
        this.loadMillis = loadMillis;
        this.slots = slots;
        this.scheduler = new SlotScheduler(this::start, slots, this::finish);
    }

    /**
     * Chooses the thread count ({@code threads: auto} measures the candidates) and loads the model
     * with {@code parallel} slots of {@code context} tokens each.
     *
     * @throws ConfigException when llama.cpp cannot load the file or its native library is missing
     */
    static LlamaCppProvider load(String id, Path file, GgufMetadata metadata, LlamaCppSettings settings)
            throws ConfigException {
        long start = System.nanoTime();
        ThreadChoice threads = settings.autoThreads()
                ? ThreadTuning.choose(
                        CpuTopology.threadCandidates(CpuTopology.physicalCores()),
                        count -> DecodeProbe.load(file, settings, count),
                        System::nanoTime)
                : ThreadChoice.explicit(settings.threads());
        int slots = settings.parallel();
        ModelParameters parameters = LlamaModels.parameters(file, settings, threads.threads())
                .setCtxSize(settings.context() * slots)
                .setParallel(slots)
                .enableContBatching();
        LlamaModel model = LlamaModels.open(file, parameters);
        double loadMillis = (System.nanoTime() - start) / 1e6;
        return new LlamaCppProvider(id, file, metadata, settings, threads, slots, model, loadMillis);
    }

    /** The file name without {@code .gguf}: {@code stories260K} for {@code models/stories260K.gguf}. */
    static String modelName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.IN_PROCESS;
    }

    @Override
    public ModelFacts describe() {
        List<String> notes = new ArrayList<>();
        if (!applyTemplate) {
            notes.add(
                    metadata.hasChatTemplate()
                            ? "chat template off (chat_template: false): raw prompt sent"
                            : "no chat template in the model: raw prompt sent");
        } else if (!metadata.hasChatTemplate()) {
            notes.add("no chat template in the model: llama.cpp's default (ChatML) applied (chat_template: true)");
        } else {
            notes.add("model's chat template applied");
        }
        if (metadata.architecture() != null) {
            notes.add("architecture " + metadata.architecture());
        }
        notes.add("in-process llama.cpp, " + threads.describe() + ", " + slotsNote() + ", context " + settings.context()
                + " per slot, flash attention " + (settings.flashAttention() ? "on" : "off") + ", GPU layers "
                + settings.gpuLayers());
        return new ModelFacts(
                modelName(file),
                true,
                metadata.licence(),
                metadata.parameterCount(),
                metadata.quantisation(),
                DataDestination.THIS_MACHINE,
                String.join("; ", notes));
    }

    /** The model's header facts. */
    public GgufMetadata metadata() {
        return metadata;
    }

    /** The thread count the model runs with, and for {@code threads: auto} every candidate's speed. */
    public ThreadChoice threadChoice() {
        return threads;
    }

    /** Requests decoded together: the {@code parallel} option. */
    public int slots() {
        return slots;
    }

    private String slotsNote() {
        return slots == 1 ? "1 slot (requests decoded one at a time)" : slots + " parallel slots (continuous batching)";
    }

    /** The loaded model, for tests of this package. */
    LlamaModel model() {
        return model;
    }

    @Override
    public double loadMillis() {
        return loadMillis;
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        if (closed) {
            return CompletableFuture.completedFuture(SlotScheduler.closedFailure());
        }
        if (settings.reasoningTags() == null) {
            return scheduler.submit(request, sink);
        }
        ThinkSplitter split = new ThinkSplitter(settings.reasoningTags(), sink);
        TokenSink splitting = new TokenSink() {
            @Override
            public void onChunk(String text, int tokens) {
                split.accept(text);
            }

            @Override
            public boolean cancelled() {
                return sink.cancelled();
            }
        };
        return scheduler.submit(request, splitting).thenApply(done -> withReasoning(request, split, done));
    }

    /**
     * A successful request's output after the split: what the splitter still holds goes out, and an
     * output that opened with the reasoning tag counts its reasoning (all of it streamed: billed,
     * visible and counted alike) with the model's tokenizer.
     */
    private Completion withReasoning(GenerationRequest request, ThinkSplitter split, Completion done) {
        if (!done.succeeded()) {
            return done;
        }
        split.finish();
        if (!split.reasoned()) {
            return done;
        }
        TokenCounts t = done.tokens();
        long reasoning = Math.min(t.output(), continuationTokens(promptSent(request), split.rawReasoning()));
        TokenCounts tokens = new TokenCounts(t.input(), t.output(), -1, reasoning, t.inputSource(), t.outputSource())
                .withVisibleReasoning(reasoning, CountSource.LOCAL_TOKENIZER);
        return new Completion(done.finishReason(), tokens, null, done.attempts(), done.providerStats());
    }

    /** Starts a request in a slot (on the scheduler's thread): llama.cpp queues it for the next batch. */
    private SlotScheduler.Stream start(GenerationRequest request, int slot) {
        InferenceParameters parameters = parameters(request);
        if (slots > 1 && SlotPinning.available()) {
            SlotPinning.pin(parameters, slot);
        }
        LlamaIterator iterator = model.generate(parameters).iterator();
        return new SlotScheduler.Stream() {
            @Override
            public SlotScheduler.Piece next() {
                LlamaOutput output = iterator.next();
                return new SlotScheduler.Piece(output.text, !iterator.hasNext());
            }

            @Override
            public void cancel() {
                if (iterator.hasNext()) {
                    iterator.cancel();
                }
            }
        };
    }

    /** Counts a finished request's tokens with the model's tokenizer (off the scheduler's thread). */
    private Completion finish(SlotScheduler.Streamed streamed) {
        GenerationRequest request = streamed.request();
        String promptSent = promptSent(request);
        long input = model.encode(promptSent).length + (metadata.addsBos() ? 1 : 0);
        long output = continuationTokens(promptSent, streamed.text());
        return Completion.success(
                finishReason(streamed.pieces(), output, request.maxTokens()),
                TokenCounts.of(input, output, CountSource.LOCAL_TOKENIZER));
    }

    /**
     * LENGTH when the token budget was used up, else STOP (an end-of-sequence token). Pieces can
     * undercount tokens (llama.cpp holds back a token that ends inside a UTF-8 character), so the
     * tokenizer's count is consulted too.
     */
    static FinishReason finishReason(int pieces, long tokens, int maxTokens) {
        return Math.max(pieces, tokens) >= maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
    }

    /**
     * Tokens in {@code text} when it follows {@code prompt}, counted with the model's tokenizer.
     *
     * <p>Counting the text alone is wrong by one for SentencePiece models: {@code encode} adds no
     * BOS token, but it prefixes a space marker, so {@code ", there"} becomes {@code [▁][,][▁there]}.
     * Counting the prompt with and without the text cancels that and any BOS alike, and tokenises
     * the text where the model produced it: after the prompt.
     */
    long continuationTokens(String prompt, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        String anchor = prompt.isEmpty() ? "\n" : prompt;
        return Math.max(0, model.encode(anchor + text).length - model.encode(anchor).length);
    }

    private InferenceParameters parameters(GenerationRequest request) {
        InferenceParameters parameters = new InferenceParameters(applyTemplate ? "" : rawPrompt(request))
                .setTemperature((float) request.temperature())
                .setNPredict(request.maxTokens())
                .setCachePrompt(false);
        if (request.seed() != null) {
            parameters.setSeed(seed(request.seed()));
        }
        if (applyTemplate) {
            List<Pair<String, String>> turns = new ArrayList<>();
            for (Message m : request.turns()) {
                turns.add(new Pair<>(m.role().word(), m.content()));
            }
            parameters.setMessages(request.systemText(), turns).setUseChatTemplate(true);
        }
        if (request.responseSchema() != null) {
            // llama.cpp turns the request's json_schema into a grammar and samples only tokens it allows,
            // so even a model that was never taught JSON answers with JSON valid against the schema
            RequestFields.set(parameters, JSON_SCHEMA, request.responseSchema().json());
        }
        return parameters;
    }

    /** The prompt text the model reads: the chat template applied, or the raw prompt. */
    String promptSent(GenerationRequest request) {
        return applyTemplate ? model.applyTemplate(parameters(request)) : rawPrompt(request);
    }

    /**
     * The prompt as sent without a template: the system text, a blank line, then the prompt. A
     * conversation (more than one user or assistant message) is written as a transcript after the
     * system text: one {@code User: ...} or {@code Assistant: ...} paragraph per message, ending with
     * {@code Assistant:} for the model to continue.
     */
    static String rawPrompt(GenerationRequest request) {
        String system = request.systemText();
        StringBuilder b = new StringBuilder();
        if (system != null) {
            b.append(system).append("\n\n");
        }
        if (!request.multiMessage()) {
            return b.append(request.prompt()).toString();
        }
        for (Message m : request.turns()) {
            b.append(m.role() == Message.Role.USER ? "User: " : "Assistant: ")
                    .append(m.content())
                    .append("\n\n");
        }
        return b.append("Assistant:").toString();
    }

    /**
     * llama.cpp takes a 32-bit seed where {@code -1} (0xFFFFFFFF) means "random"; any long maps to
     * a non-negative int, so a suite's seed is always honoured.
     */
    static int seed(long seed) {
        return (int) Math.floorMod(seed, (long) Integer.MAX_VALUE);
    }

    /**
     * Stops accepting requests, stops the running ones at their next piece, waits for the scheduler
     * and frees the model. llama.cpp's own native thread still keeps the JVM alive (package docs).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler.close(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            model.close();
        }
        // Otherwise the model is left allocated: freeing it under a running generation would crash the JVM.
    }
}
