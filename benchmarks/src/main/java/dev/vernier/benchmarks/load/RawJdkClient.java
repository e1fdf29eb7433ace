package dev.vernier.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The baseline: the least a Java program can do to consume the same streams. One JDK
 * {@link HttpClient} (HTTP/1.1, its default executor), {@code concurrency} platform threads, each
 * looping {@code send(request, ofLines())} and reading every line; nothing is parsed, timed or kept
 * beyond counting {@code data:} lines and checking that the stream ends with {@code data: [DONE]}.
 */
final class RawJdkClient implements LoadClient {

    private final HttpClient client;
    private final HttpRequest request;
    private final int tokens;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /**
     * @param chatCompletionsUri e.g. {@code http://127.0.0.1:8089/v1/chat/completions}
     * @param body               the request body (the same bytes Vernier's OpenAI provider sends)
     * @param tokens             content tokens each response must carry
     */
    RawJdkClient(URI chatCompletionsUri, byte[] body, int tokens) {
        this(chatCompletionsUri, body, tokens, null);
    }

    /** @param tls trusts the HTTPS simulator's CA, or null for plain HTTP */
    RawJdkClient(URI chatCompletionsUri, byte[] body, int tokens, SSLContext tls) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.request = HttpRequest.newBuilder(chatCompletionsUri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "raw JDK HttpClient";
    }

    @Override
    public Counts run(int concurrency, int requests) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(requests);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong events = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>(concurrency);
        for (int w = 0; w < Math.min(concurrency, requests); w++) {
            Thread worker = new Thread(
                    null,
                    () -> {
                        while (left.getAndDecrement() > 0) {
                            String error = one(events);
                            if (error != null) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, error);
                            }
                            done.incrementAndGet();
                        }
                    },
                    "raw-worker-" + w,
                    256 * 1024);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Counts(done.get(), errors.get(), events.get(), 0, firstError.get());
    }

    /** The most requests in flight at once so far. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** One request read to its end; the error, or null. */
    private String one(AtomicLong events) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return read(events);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private String read(AtomicLong events) {
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            int dataLines = 0;
            String last = null;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data: ")) {
                        dataLines++;
                        last = line;
                    }
                }
            }
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            // role delta, one per token, finish, usage, [DONE]
            int contentLines = dataLines - 4;
            events.addAndGet(Math.max(0, contentLines));
            if (!"data: [DONE]".equals(last) || contentLines != tokens) {
                return "incomplete stream: " + dataLines + " data lines, last " + last;
            }
            return null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return e.toString();
        }
    }

    @Override
    public void close() {
        // the JDK 17 client has no close(); its selector thread ends when the client is unreachable
    }
}
