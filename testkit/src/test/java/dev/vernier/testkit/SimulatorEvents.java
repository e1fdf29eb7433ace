package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Simulator responses read as timed JSON events, for the simulator's own timing tests. */
final class SimulatorEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = 1_000_000;

    private SimulatorEvents() {}

    /** One JSON event (an SSE data line or an NDJSON line) with its chunk's arrival time after the send, in ms. */
    record Event(double atMs, JsonNode data) {}

    /** The schedule of these tests: 40 ms to the first event, 5 ms between events, 3 answer tokens. */
    static SimulatorConfig schedule() {
        return SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(40))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(3);
    }

    /**
     * {@code n} responses of the started {@code simulator} to the same request, after one that is not kept
     * (a cold JVM builds its first events late). Timings are asserted on their median, so one request
     * delayed by a busy machine does not decide.
     */
    static List<RawHttpClient.Response> posts(StreamingSimulator simulator, String path, String body, int n)
            throws IOException {
        try (RawHttpClient client = new RawHttpClient(simulator.port())) {
            client.post(path, body);
            List<RawHttpClient.Response> responses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                responses.add(client.post(path, body));
            }
            return responses;
        }
    }

    /** The events of each response. */
    static List<List<Event>> runs(List<RawHttpClient.Response> responses) throws IOException {
        List<List<Event>> runs = new ArrayList<>();
        for (RawHttpClient.Response r : responses) {
            runs.add(events(r));
        }
        return runs;
    }

    /** The median over the runs of a time taken from each run's events, in ms. */
    static double median(List<List<Event>> runs, ToDoubleFunction<List<Event>> time) {
        double[] values = runs.stream().mapToDouble(time).sorted().toArray();
        return values[values.length / 2];
    }

    /** Each chunk's JSON events (the data lines) with the chunk's arrival time after the send, in ms. */
    static List<Event> events(RawHttpClient.Response r) throws IOException {
        List<Event> out = new ArrayList<>();
        for (RawHttpClient.Chunk c : r.chunks()) {
            for (String line : c.text().split("\n")) {
                String json = line.startsWith("data: ") ? line.substring(6).trim() : line.trim();
                if (json.startsWith("{")) {
                    out.add(new Event((c.receivedNanos() - r.sentNanos()) / (double) MS, JSON.readTree(json)));
                }
            }
        }
        return out;
    }
}
