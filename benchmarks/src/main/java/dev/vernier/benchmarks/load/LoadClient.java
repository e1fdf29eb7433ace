package dev.vernier.benchmarks.load;

/** One side of the comparison: sends streaming chat requests to the simulator in a closed loop. */
interface LoadClient extends AutoCloseable {

    /** Name in the table. */
    String name();

    /**
     * Sends {@code requests} requests with at most {@code concurrency} in flight (closed loop: the next
     * one leaves when one completes) and reads every response to its end.
     */
    Counts run(int concurrency, int requests) throws Exception;

    /**
     * What a run did.
     *
     * @param requests      requests completed (successfully or not)
     * @param errors        requests that failed or came back incomplete
     * @param contentEvents content events (tokens) received over all requests
     * @param retried       requests that succeeded only after a retry (Vernier's provider retries 5xx and
     *                      connection failures before content; the raw client never retries)
     * @param firstError    the first error's message, or null
     */
    record Counts(int requests, int errors, long contentEvents, int retried, String firstError) {}

    @Override
    void close();
}
