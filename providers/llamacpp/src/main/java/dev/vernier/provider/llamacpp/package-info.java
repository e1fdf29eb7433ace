/**
 * The {@code llamacpp} provider: GGUF models run inside this JVM by llama.cpp, through
 * java-llama.cpp ({@code de.kherud:llama}).
 *
 * <p>Things java-llama.cpp does that callers must know:
 * <ul>
 *   <li><b>It deletes files in the temporary folder.</b> When its native library is first loaded it
 *       deletes every file named {@code llama*} or {@code jllama*} in {@code de.kherud.llama.tmpdir}
 *       (default: {@code java.io.tmpdir}), then unpacks {@code libjllama} there. Before the first
 *       model is loaded, this package sets that property, when unset, to a folder of its own under
 *       {@code ~/.cache/vernier/jllama} (or a fresh temporary folder), so nothing else is touched.
 *       Tests pass {@code -Dde.kherud.llama.tmpdir=target/jllama}.</li>
 *   <li><b>Its native thread keeps the JVM alive.</b> Every loaded model runs llama.cpp's server
 *       loop on a native thread attached to the JVM as a non-daemon thread and never detached, even
 *       after {@link dev.vernier.provider.llamacpp.LlamaCppProvider#close()} ends the loop, so a
 *       {@code main} method that returns does not end the process (measured with 4.2.0 on Linux
 *       x86_64: a program that loads a model, closes it and returns hangs). The CLI therefore ends
 *       with {@code System.exit}, as Maven and Surefire do; any other program embedding this
 *       provider must do the same. The provider's own threads are daemons, and {@code close()}
 *       waits at most 30 s for a running generation.</li>
 *   <li><b>Closing frees nothing.</b> {@code LlamaModel.close()} stops the model's loop but its
 *       native context is never deleted (the delete is commented out in 4.2.0's {@code jllama.cpp}),
 *       so each model loaded stays allocated until the process ends: {@code threads: auto} loads one
 *       small-context model per candidate (see {@link dev.vernier.provider.llamacpp.ThreadTuning}).</li>
 *   <li><b>It writes to stderr despite {@code disableLog()}.</b> Argument parsing warns on stderr
 *       (e.g. {@code no usable GPU found, --gpu-layers option will be ignored} with the CPU-only
 *       natives the jar ships). We pass {@code gpu_layers} only when a suite sets it above 0, so the
 *       default run stays quiet.</li>
 *   <li><b>It prints to standard output.</b> Unpacking the native library prints one line
 *       ({@code Extracted 'libjllama.so' to ...}) to {@code System.out}, once per process. While a
 *       model loads, {@code System.out} is pointed at {@code System.err}, so that line never mixes
 *       with a front end's output.</li>
 *   <li><b>Threads are fixed at load.</b> There is no call to change a loaded model's thread count,
 *       so {@code threads: auto} measures one model per candidate before loading the model that
 *       serves ({@link dev.vernier.provider.llamacpp.ThreadTuning}).</li>
 *   <li><b>Concurrent requests are batched, but waiting for them spins.</b> A model loaded with
 *       {@code parallel} slots decodes that many requests together (continuous batching). Every
 *       token of every request goes through one result queue; a thread waiting for its request's
 *       next token loops without sleeping while another request's token is queued, so one waiting
 *       thread per request burns the cores the model needs (measured: throughput fell as
 *       concurrency rose). {@link dev.vernier.provider.llamacpp.SlotScheduler} therefore takes
 *       every token on one thread, in an order that keeps those waits to microseconds.</li>
 * </ul>
 */
package dev.vernier.provider.llamacpp;
