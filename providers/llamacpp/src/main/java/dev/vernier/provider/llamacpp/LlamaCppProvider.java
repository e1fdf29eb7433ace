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
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GGUF model loaded once into this process by llama.cpp (through java-llama.cpp) and shared by
 * every request. Requests run one at a time on a single daemon thread owned by the provider, so
 * {@link #generate} never blocks its caller and a concurrency above 1 only queues requests.
 *
 * <p>Each streamed piece (one token, or a few when a character spans tokens) goes to the sink as
 * it arrives. Token counts come from the model's own tokenizer ({@link CountSource#LOCAL_TOKENIZER}).
 * The prompt cache is off, so every repeat pays for its prompt the same way.
 */
public final class LlamaCppProvider implements Provider {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final String id;
    private final Path file;
    private final GgufMetadata metadata;
    private final LlamaCppSettings settings;
    private final boolean applyTemplate;
    private final LlamaModel model;
    private final double loadMillis;
    private final ExecutorService inference;
    private volatile boolean closed;

    private LlamaCppProvider(
            String id,
            Path file,
            GgufMetadata metadata,
            LlamaCppSettings settings,
            LlamaModel model,
            double loadMillis) {
        this.id = id;
        this.file = file;
        this.metadata = metadata;
        this.settings = settings;
        this.applyTemplate = settings.chatTemplate().applies(metadata.hasChatTemplate());
        this.model = model;
        this.loadMillis = loadMillis;
        this.inference = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "vernier-llamacpp-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the model.
     *
     * @throws ConfigException when llama.cpp cannot load the file or its native library is missing
     */
    static LlamaCppProvider load(String id, Path file, GgufMetadata metadata, LlamaCppSettings settings)
            throws ConfigException {
        JllamaNatives.prepare();
        ModelParameters parameters = new ModelParameters()
                .setModel(file.toString())
                .setThreads(settings.threads())
                .setCtxSize(settings.context())
                .disableLog();
        if (settings.gpuLayers() > 0) {
            // Passed only when asked for: the CPU-only natives the jar ships warn on stderr otherwise.
            parameters.setGpuLayers(settings.gpuLayers());
        }
        long start = System.nanoTime();
        LlamaModel model;
        java.io.PrintStream stdout = System.out;
        try {
            // The library announces where it unpacked its natives on System.out; only front ends
            // may write there, so the announcement goes to stderr.
            System.setOut(System.err);
            model = new LlamaModel(parameters);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new ConfigException(
                    null,
                    "llama.cpp's native library could not be loaded on "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e
                            + ". Fix: use a platform java-llama.cpp ships natives for, or set de.kherud.llama.lib.path");
        } catch (RuntimeException e) {
            throw new ConfigException("model", "llama.cpp could not load " + file + ": " + e.getMessage());
        } finally {
            System.setOut(stdout);
        }
        double loadMillis = (System.nanoTime() - start) / 1e6;
        return new LlamaCppProvider(id, file, metadata, settings, model, loadMillis);
    }

    /** The file name without {@code .gguf}: {@code stories260K} for {@code models/stories260K.gguf}. */
    static String modelName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
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
        notes.add("in-process llama.cpp, " + settings.threads() + " threads, context " + settings.context()
                + ", GPU layers " + settings.gpuLayers());
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
        CompletableFuture<Completion> result = new CompletableFuture<>();
        if (closed) {
            result.complete(closedFailure());
            return result;
        }
        try {
            inference.execute(() -> result.complete(run(request, sink)));
        } catch (RejectedExecutionException e) {
            result.complete(closedFailure());
        }
        return result;
    }

    /** Runs one request on the inference thread. Never throws. */
    private Completion run(GenerationRequest request, TokenSink sink) {
        if (closed) {
            return closedFailure();
        }
        if (sink.cancelled()) {
            return cancelledFailure(0);
        }
        try {
            InferenceParameters parameters = parameters(request);
            String promptSent = applyTemplate ? model.applyTemplate(parameters) : rawPrompt(request);
            StringBuilder text = new StringBuilder();
            ThinkSplitter split = new ThinkSplitter(settings.reasoningTags(), sink);
            int pieces = 0;
            LlamaIterator iterator = model.generate(parameters).iterator();
            try {
                while (iterator.hasNext()) {
                    if (sink.cancelled() || closed) {
                        iterator.cancel();
                        return closed ? closedFailure() : cancelledFailure(pieces);
                    }
                    LlamaOutput output = iterator.next();
                    boolean last = !iterator.hasNext();
                    // The final output (stop) carries no new token unless it has text.
                    if (!last || !output.text.isEmpty()) {
                        pieces++;
                    }
                    if (!output.text.isEmpty()) {
                        text.append(output.text);
                        split.accept(output.text);
                    }
                }
            } catch (RuntimeException | Error e) {
                if (iterator.hasNext()) {
                    iterator.cancel();
                }
                throw e;
            }
            split.finish();
            long input = model.encode(promptSent).length + (metadata.addsBos() ? 1 : 0);
            long output = continuationTokens(promptSent, text.toString());
            TokenCounts tokens = TokenCounts.of(input, output, CountSource.LOCAL_TOKENIZER);
            if (split.reasoned()) { // the whole reasoning streamed: billed, visible and counted alike
                long reasoning = Math.min(output, continuationTokens(promptSent, split.rawReasoning()));
                tokens = new TokenCounts(input, output, -1, reasoning, tokens.inputSource(), tokens.outputSource())
                        .withVisibleReasoning(reasoning, CountSource.LOCAL_TOKENIZER);
            }
            return Completion.success(finishReason(pieces, output, request.maxTokens()), tokens);
        } catch (RuntimeException | Error e) {
            return Completion.failed(Failure.fromException(e));
        }
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
            parameters
                    .setMessages(request.system(), List.of(new Pair<>("user", request.prompt())))
                    .setUseChatTemplate(true);
        }
        return parameters;
    }

    /** The prompt as sent without a template: the system text, a blank line, then the prompt. */
    private static String rawPrompt(GenerationRequest request) {
        return request.system() == null || request.system().isEmpty()
                ? request.prompt()
                : request.system() + "\n\n" + request.prompt();
    }

    /**
     * llama.cpp takes a 32-bit seed where {@code -1} (0xFFFFFFFF) means "random"; any long maps to
     * a non-negative int, so a suite's seed is always honoured.
     */
    static int seed(long seed) {
        return (int) Math.floorMod(seed, (long) Integer.MAX_VALUE);
    }

    private static Completion closedFailure() {
        return Completion.failed(Failure.of(FailureKind.UNAVAILABLE, "the llamacpp provider was closed"));
    }

    private static Completion cancelledFailure(int pieces) {
        return Completion.failed(
                new Failure(FailureKind.TIMEOUT, 0, true, "cancelled by the harness after " + pieces + " pieces"));
    }

    /**
     * Stops accepting requests, stops the running one at its next piece, waits for the inference
     * thread and frees the model. llama.cpp's own native threads may still keep the JVM alive.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inference.shutdown();
        boolean idle;
        try {
            idle = inference.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (idle) {
            model.close();
        }
        // Otherwise the model is left allocated: freeing it under a running generation would crash the JVM.
    }
}
