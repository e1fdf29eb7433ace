package dev.vernier.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * A WireMock server on 127.0.0.1 that answers every request to one path with a fixed body, for decoder
 * tests that feed a provider a stream written by hand in its vendor's wire format (timing does not
 * matter there: use {@link StreamingSimulator} for timing). Close it after the test.
 */
public final class StubbedStream implements AutoCloseable {

    private final WireMockServer server;
    private final String path;

    /**
     * @param path a request path, or a regular expression when it contains {@code .*} (e.g.
     *             {@code /v1beta/models/.*})
     */
    public StubbedStream(String path) {
        this.path = path;
        this.server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Answers 200 with this body and content type from now on. */
    public StubbedStream answer(String contentType, String body) {
        return answer(200, contentType, body);
    }

    /** Answers with this status, content type and body from now on. */
    public StubbedStream answer(int status, String contentType, String body) {
        server.resetAll();
        server.stubFor(any(path.contains(".*") ? urlPathMatching(path) : urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", contentType)
                        .withBody(body)));
        return this;
    }

    /** The bodies of the requests received, oldest first. */
    public List<String> requestBodies() {
        return server.findAll(anyRequestedFor(urlPathMatching(".*"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
