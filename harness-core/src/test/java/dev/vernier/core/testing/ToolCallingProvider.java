package dev.vernier.core.testing;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A provider that answers each request as its script says, on the caller's thread, moving a
 * {@link FakeClock}: a tool call streams as a piece with its name 3 ms after the previous output, its
 * arguments in two pieces 1 ms apart, and is whole 1 ms later; text streams word by word, the first word
 * 4 ms after the previous output and each further word 1 ms later. Output tokens: one per word and one
 * per argument piece. An answer with replay state reports it last ({@link TokenSink#onReplayState}), as
 * the HTTP providers do at the end of the stream.
 */
public final class ToolCallingProvider extends InProcessDouble {

    /** What the model answers: text, tool calls, or both (text first), and the state to replay (null: none). */
    public record Answer(String text, List<ToolCall> calls, String replayState) {
        public Answer {
            calls = List.copyOf(calls);
        }

        public Answer(String text, List<ToolCall> calls) {
            this(text, calls, null);
        }

        /** This answer reporting {@code state} as its replay state. */
        public Answer withReplayState(String state) {
            return new Answer(text, calls, state);
        }

        public static Answer text(String text) {
            return new Answer(text, List.of());
        }

        public static Answer calls(ToolCall... calls) {
            return new Answer("", List.of(calls));
        }
    }

    private final FakeClock clock;
    private final Function<GenerationRequest, Answer> script;
    /** Every request received, in order. */
    public final List<GenerationRequest> requests = Collections.synchronizedList(new ArrayList<>());

    public ToolCallingProvider(String id, FakeClock clock, Function<GenerationRequest, Answer> script) {
        super(id, "tools");
        this.clock = clock;
        this.script = script;
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        requests.add(request);
        Answer answer = script.apply(request);
        int tokens = 0;
        if (!answer.text().isEmpty()) {
            String[] words = answer.text().split("(?<= )");
            for (int i = 0; i < words.length; i++) {
                clock.advance(Duration.ofMillis(i == 0 ? 4 : 1));
                sink.onChunk(words[i], 1);
                tokens++;
            }
        }
        for (int i = 0; i < answer.calls().size(); i++) {
            ToolCall call = answer.calls().get(i);
            String args = call.arguments();
            clock.advance(Duration.ofMillis(3));
            sink.onToolCallChunk(i, call.name());
            clock.advance(Duration.ofMillis(1));
            sink.onToolCallChunk(i, args.substring(0, args.length() / 2));
            clock.advance(Duration.ofMillis(1));
            sink.onToolCallChunk(i, args.substring(args.length() / 2));
            clock.advance(Duration.ofMillis(1));
            sink.onToolCall(call);
            tokens += 2;
        }
        if (answer.replayState() != null) {
            sink.onReplayState(answer.replayState());
        }
        return CompletableFuture.completedFuture(Completion.success(
                answer.calls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALL,
                TokenCounts.of(request.messages().size(), tokens, CountSource.SERVER_USAGE)));
    }
}
