package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.HarnessWarmup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HttpWarmupTest {

    @Test
    void is_found_by_the_service_loader_as_http() {
        assertThat(HarnessWarmup.available(getClass().getClassLoader())).anySatisfy(w -> {
            assertThat(w).isInstanceOf(HttpWarmup.class);
            assertThat(w.name()).isEqualTo("http");
        });
    }

    @Test
    void streams_sse_and_ndjson_over_http_and_https_then_through_the_runner_without_a_failure() throws Exception {
        HttpWarmup.Result result = new HttpWarmup().exercise(Duration.ofMillis(2_000));
        assertThat(result.failures()).isZero();
        assertThat(result.requests())
                .as("at least one batch, which covers SSE and NDJSON over http and https")
                .isGreaterThanOrEqualTo(HttpWarmup.CONCURRENCY);
        assertThat(result.runnerRequests())
                .as("the second half sends whole batches through the harness's runner")
                .isGreaterThanOrEqualTo(HttpWarmup.RUNNER_BATCH)
                .isLessThan(result.requests())
                .matches(n -> n % HttpWarmup.RUNNER_BATCH == 0, "a multiple of the batch");
        assertThat(result.chunks())
                .as("every request that was not cut at the budget streamed all its tokens")
                .isBetween(
                        (result.requests() - result.cut()) * WarmupServer.TOKENS,
                        result.requests() * WarmupServer.TOKENS);
    }

    @Test
    void stays_within_its_budget_and_leaves_no_thread_or_connection_behind() throws Exception {
        new HttpWarmup().run(Duration.ofMillis(100)); // classes loaded, so what stays below is ours
        Set<String> threadsBefore = liveThreads();
        long socketsBefore = openSockets();

        Duration took = new HttpWarmup().run(Duration.ofMillis(500));

        // it exercises the transport for EXERCISE_SHARE of the budget, then waits for the JIT within the
        // budget and may stop early once the compiler is idle; closing what it opened comes on top
        assertThat(took)
                .isBetween(Duration.ofMillis((long) (500 * HttpWarmup.EXERCISE_SHARE)), Duration.ofMillis(500 + 3_000));
        // Netty notifies an event-loop group's termination on its global executor, whose thread ends by
        // itself after a second without work: wait for it, and for nothing else
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!threadsBefore.containsAll(liveThreads()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(liveThreads()).as("threads left running").isSubsetOf(threadsBefore);
        // sockets of other tests' pools and of the warm-up's own channels close on event loops as they
        // shut down: wait for the count to come back (as long again as for the threads), and fail when it
        // does not, saying which sockets are open (their lines of /proc/net/tcp)
        long socketDeadline = System.nanoTime() + 3_000_000_000L;
        while (openSockets() > socketsBefore && System.nanoTime() < socketDeadline) {
            Thread.sleep(50);
        }
        assertThat(openSockets())
                .as(() -> "sockets left open: " + describeSockets())
                .isLessThanOrEqualTo(socketsBefore);
    }

    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** The TCP sockets this process holds, as lines of /proc/net/tcp (local and remote address, state). */
    private static String describeSockets() {
        try (Stream<Path> all = Files.list(Path.of("/proc/self/fd"))) {
            Set<String> inodes = all.map(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString();
                        } catch (IOException e) {
                            return "";
                        }
                    })
                    .filter(link -> link.startsWith("socket:["))
                    .map(link -> link.substring(8, link.length() - 1))
                    .collect(Collectors.toSet());
            StringBuilder out = new StringBuilder(inodes.size() + " sockets");
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9])) {
                        out.append("; ")
                                .append(table)
                                .append(' ')
                                .append(f[1])
                                .append(" -> ")
                                .append(f[2])
                                .append(" state ")
                                .append(f[3]);
                    }
                }
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "(cannot list: " + e + ")";
        }
    }

    /** Sockets this process holds open (Linux: /proc/self/fd links to "socket:[...]"). */
    private static long openSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> all = Files.list(fds)) {
            return all.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
