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
 *   <li><b>Its native threads can keep the JVM alive.</b> After {@link
 *       dev.vernier.provider.llamacpp.LlamaCppProvider#close()} llama.cpp's worker threads, attached
 *       to the JVM as non-daemon threads, may still be running, so a {@code main} method that returns
 *       does not always end the process (with 4.2.0 on Linux x86_64 we have seen it exit, but do not
 *       rely on it). The CLI therefore ends with {@code System.exit}; any other program embedding
 *       this provider should do the same. The provider's own inference thread is a daemon.</li>
 *   <li><b>It writes to stderr despite {@code disableLog()}.</b> Argument parsing warns on stderr
 *       (e.g. {@code no usable GPU found, --gpu-layers option will be ignored} with the CPU-only
 *       natives the jar ships). We pass {@code gpu_layers} only when a suite sets it above 0, so the
 *       default run stays quiet.</li>
 *   <li><b>It prints to standard output.</b> Unpacking the native library prints one line
 *       ({@code Extracted 'libjllama.so' to ...}) to {@code System.out}, once per process. While a
 *       model loads, {@code System.out} is pointed at {@code System.err}, so that line never mixes
 *       with a front end's output.</li>
 *   <li><b>One context, one request at a time.</b> The loaded model is used by a single inference
 *       thread; concurrent requests queue on it, so a concurrency above 1 measures queueing, not
 *       parallel decoding.</li>
 * </ul>
 */
package dev.vernier.provider.llamacpp;
