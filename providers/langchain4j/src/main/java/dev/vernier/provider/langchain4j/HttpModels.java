package dev.vernier.provider.langchain4j;

import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * What the {@code langchain4j-*} types built from YAML share: how Vernier's transport options become
 * a langchain4j model's HTTP settings and a {@link ChatModelProvider}'s limits, and the availability
 * probe.
 */
final class HttpModels {

    /** How long a probe waits for any answer. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private HttpModels() {}

    /**
     * langchain4j's JDK client, observed, connecting within {@code connect_timeout_ms} (langchain4j's
     * builders set one {@code timeout} for connecting and for the response head; see
     * {@link #responseHeadTimeout}).
     */
    static ObservedHttpClientBuilder httpClient(TransportOptions transport) {
        return ObservedHttpClientBuilder.jdk().withFixedConnectTimeout(transport.connectTimeout());
    }

    /**
     * The {@code timeout} given to the model's builder, which the JDK applies to the wait for the
     * response head: a second beyond the first-token limit, so that a silent server is reported by
     * Vernier's own limit as {@code FIRST_TOKEN_TIMEOUT}; an hour when that limit is off (the
     * harness's request timeout then ends the wait).
     */
    static Duration responseHeadTimeout(TransportOptions transport) {
        Duration firstToken = transport.firstTokenTimeout();
        return firstToken.isZero() ? Duration.ofHours(1) : firstToken.plusSeconds(1);
    }

    /** The limits of the transport options on a provider builder: connect (for messages), retries, first token. */
    static ChatModelProvider.Builder limits(ChatModelProvider.Builder builder, TransportOptions transport) {
        return builder.connectTimeout(transport.connectTimeout())
                .retry(RetryPolicy.standard(transport.maxRetries()).withBaseDelay(transport.retryBackoff()))
                .firstTokenTimeout(transport.firstTokenTimeout());
    }

    /**
     * Null when something answers a GET of {@code url} within 2 s, with any status (a refused key
     * shows in the requests); else {@code "<label>: no server at <shownAs> — <fix>"}.
     */
    static String probe(URI url, Map<String, String> headers, String label, String shownAs, String fix) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(PROBE_TIMEOUT).GET();
        headers.forEach(request::header);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        try {
            client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return label + ": interrupted while checking " + shownAs;
        } catch (Exception e) {
            return label + ": no server at " + shownAs + " — " + fix;
        }
    }
}
