package dev.vernier.provider.http;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@link Provider} part every HTTP provider shares: its id, settings, key and one
 * {@link StreamingHttp}, closed with the provider; and the guard around each request:
 * <ul>
 *   <li>when {@link #missingKey()} names a required key that is missing, the request fails at once
 *       as {@link FailureKind#UNAVAILABLE} with that reason, and nothing is sent;</li>
 *   <li>an exception thrown while the request is built becomes a failed completion (errors are data).</li>
 * </ul>
 * A vendor's provider supplies {@link #accessMode()}, {@link #describe()} and {@link #send} (its
 * request and decoder), overrides {@link #requiredKeyHint()} when its API cannot work without a key,
 * and overrides {@link #unavailableReason()} when it can check more than the key (a server to probe).
 *
 * <p>The key is held here and put only into the requests a subclass builds, never into a message.
 *
 * @param <S> the vendor's settings
 */
public abstract class HttpProvider<S extends HttpProviderSettings> implements Provider {

    private final String id;
    /** The parsed options. */
    protected final S settings;
    /** The key, or null when none was found or none was read. */
    protected final String apiKey;
    /** The transport, built from {@code settings.transport()}. */
    protected final StreamingHttp http;
    /** {@link #sendUri()} and {@link #sendHeaders()}, prepared on the first request. */
    private volatile StreamingHttp.Target target;
    /** Makes this provider's loopback twins; set by the {@link HttpProviderFactory} that made it. */
    private volatile TwinMaker twins;

    /** Makes a copy of a provider that sends elsewhere ({@link #loopbackTwin}). */
    @FunctionalInterface
    interface TwinMaker {
        Provider twin(String baseUrl, Path caFile) throws ConfigException;
    }

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found or none was read
     * @param failures how the provider's failures read (its type as label, the server, how to fix a
     *                 refused key), made from the settings
     */
    protected HttpProvider(String id, S settings, String apiKey, Function<? super S, HttpFailures> failures) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiKey = apiKey;
        this.http = new StreamingHttp(settings.transport().streamSettings(), failures.apply(settings));
    }

    @Override
    public final String id() {
        return id;
    }

    /** {@link #missingKey()}: available unless a required key is missing. */
    @Override
    public String unavailableReason() {
        return missingKey();
    }

    /**
     * Why no request can be sent for want of a key: {@code "<type>: no API key — <hint>"} when there is
     * no key and {@link #requiredKeyHint()} says one is required; else null.
     */
    protected final String missingKey() {
        if (apiKey != null) {
            return null;
        }
        String hint = requiredKeyHint();
        return hint == null ? null : http.failures().label() + ": no API key — " + hint;
    }

    /**
     * Where a required key is expected, for the message when it is missing (e.g. "set
     * ANTHROPIC_API_KEY"); null when requests can go without a key. By default null. Asked only when
     * there is no key.
     */
    protected String requiredKeyHint() {
        return null;
    }

    @Override
    public final CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        String missing = missingKey();
        if (missing != null) {
            return CompletableFuture.completedFuture(
                    Completion.failed(new Failure(FailureKind.UNAVAILABLE, 0, false, missing)));
        }
        try {
            return send(request, sink);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Completion.failed(Failure.fromException(e)));
        }
    }

    /** Where generation requests are POSTed. Asked once, on the first request. */
    protected abstract URI sendUri();

    /**
     * The headers of every generation request (content type, the key, a version). Asked once, on the
     * first request; a header the JDK refuses fails that request, as data.
     */
    protected abstract Map<String, String> sendHeaders();

    /**
     * Headers for a JSON request whose answer is {@code accept}, with {@code Authorization: Bearer}
     * and the key when there is one (OpenAI-style servers and proxies).
     */
    protected final Map<String, String> jsonHeadersWithBearer(String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", accept);
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        return headers;
    }

    /**
     * {@link #sendUri()} and {@link #sendHeaders()} checked and encoded once, for
     * {@link StreamingHttp#stream(StreamingHttp.Target, byte[], java.util.function.Supplier, TokenSink)}:
     * a request then encodes only its body.
     */
    protected final StreamingHttp.Target target() {
        StreamingHttp.Target t = target;
        if (t == null) {
            t = http.target(sendUri(), sendHeaders());
            target = t;
        }
        return t;
    }

    /**
     * Builds one request and streams it through {@link #http}. Called only when {@link #missingKey()}
     * is null; a runtime exception it throws becomes a failed completion.
     */
    protected abstract CompletionStage<Completion> send(GenerationRequest request, TokenSink sink);

    /**
     * What this provider's server streams for a short answer of {@code tokens} content tokens, for the
     * harness warm-up's loopback server: with it, the warm-up exercises this provider's own request
     * building and decoder (on a {@link #loopbackTwin}) rather than stand-ins. The answer must decode
     * through this provider's decoder as a success with {@code tokens} content chunks. By default null:
     * the warm-up then streams its stand-ins only.
     */
    protected WarmupAnswer warmupAnswer(int tokens) {
        return null;
    }

    /** Whether this provider's server is reached over https. */
    final boolean tls() {
        return "https".equalsIgnoreCase(settings.transport().baseUrl().getScheme());
    }

    void twinnedBy(TwinMaker maker) {
        twins = maker;
    }

    /**
     * A copy of this provider made by the same factory from the same entry, except that it sends to
     * {@code baseUrl} (a loopback server of the harness warm-up), trusts {@code caFile} for https (null:
     * the default trust), goes through no proxy and holds a stand-in key: the same request building and
     * decoder on a transport of its own. Null when this provider was not made by an
     * {@link HttpProviderFactory} or its copy is not an HTTP provider.
     *
     * @throws ConfigException when the copy's options are refused
     */
    HttpProvider<?> loopbackTwin(String baseUrl, Path caFile) throws ConfigException {
        TwinMaker maker = twins;
        if (maker == null) {
            return null;
        }
        Provider twin = maker.twin(baseUrl, caFile);
        if (twin instanceof HttpProvider<?> http) {
            return http;
        }
        twin.close();
        return null;
    }

    @Override
    public void close() {
        http.close();
    }
}
