package dev.vernier.benchmarks.load;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * t_send as DESIGN.md defines it (the request's first byte written to an established connection),
 * taken where the transport reports it ({@link TokenSink#requestWriting}), for the benchmarks'
 * accuracy checks: a provider whose sink is wrapped to take, per request (keyed by prompt), the write
 * moment, the first and last chunk moments and the connection set-up time, in the same calls in which
 * the runner takes its own timestamps. {@link System#nanoTime()} readings:
 * {@code [writing, first chunk, last chunk, connection set-up nanos]}.
 */
final class WriteClock {

    private WriteClock() {}

    /** The provider, its sink wrapped to take the write, first and last chunk moments (keyed by prompt). */
    static Provider watched(Provider provider, Map<String, long[]> seen) {
        return new Provider() {
            @Override
            public String id() {
                return provider.id();
            }

            @Override
            public AccessMode accessMode() {
                return provider.accessMode();
            }

            @Override
            public ModelFacts describe() {
                return provider.describe();
            }

            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                long[] w = new long[4];
                seen.put(request.prompt(), w);
                return provider.generate(request, new TokenSink() {
                    @Override
                    public void onChunk(String text, int tokens) {
                        long now = System.nanoTime();
                        if (text != null && !text.isEmpty()) {
                            if (w[1] == 0) {
                                w[1] = now;
                            }
                            w[2] = now;
                        }
                        sink.onChunk(text, tokens);
                    }

                    @Override
                    public boolean cancelled() {
                        return sink.cancelled();
                    }

                    @Override
                    public void attemptStarted(int attempt) {
                        w[1] = 0;
                        sink.attemptStarted(attempt);
                    }

                    @Override
                    public void connection(ConnectionPhases phases) {
                        w[3] = phases.totalNanos();
                        sink.connection(phases);
                    }

                    @Override
                    public void requestWriting() {
                        w[0] = System.nanoTime();
                        sink.requestWriting();
                    }

                    @Override
                    public void requestWritten() {
                        sink.requestWritten();
                    }
                });
            }

            @Override
            public void close() {
                provider.close();
            }
        };
    }
}
