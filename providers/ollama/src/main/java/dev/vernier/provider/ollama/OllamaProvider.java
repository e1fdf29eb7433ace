package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.RefusedParameters;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamControl;
import dev.vernier.provider.http.StreamEnd;
import dev.vernier.provider.http.StreamingHttp;
import dev.vernier.provider.http.WarmupAnswer;
import dev.vernier.provider.http.WholeJsonDecoder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Streams Ollama's native {@code /api/chat}. The transport (no thread per stream, first-token
 * timeout, retries, failure mapping) is {@link StreamingHttp}; this class knows only the request
 * body, the NDJSON lines ({@link ChatStreamDecoder}) and how to ask the server which models it has.
 * Id, request guard and closing are {@link HttpProvider}'s; no key is required. Tools, tool calls and
 * tool results travel as {@link OllamaTools} describes.
 */
public final class OllamaProvider extends HttpProvider<OllamaSettings> {

    private static final Duration TAGS_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   a proxy's key, or null (a plain Ollama needs none)
     */
    public OllamaProvider(String id, OllamaSettings settings, String apiKey) {
        super(
                id,
                settings,
                apiKey,
                s -> HttpFailures.of(
                        OllamaProviderFactory.TYPE,
                        s.baseUrl(),
                        s.apiKeyEnv() != null
                                ? "check the proxy key in " + s.apiKeyEnv() + " or api_key_file"
                                : "the server asks for a key: set api_key_env or api_key_file"));
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.SELF_HOSTED_SERVER;
    }

    @Override
    public ModelFacts describe() {
        return new ModelFacts(
                settings.model(),
                settings.openWeights(),
                settings.licence(),
                null,
                null,
                settings.dataGoes(),
                "Ollama native API at " + settings.baseUrl()
                        + "; tokens from the server's prompt_eval_count / eval_count; server-side load,"
                        + " prompt-eval, eval and total durations kept in ms");
    }

    /**
     * Null when the server answers and lists the model among its pulled models. A server that cannot
     * list its models for another reason (a proxy that only forwards {@code /api/chat}, say) is not
     * held against it: requests will show what is wrong. A refused key is.
     */
    @Override
    public String unavailableReason() {
        if (settings.apiKeyEnv() != null && apiKey == null) {
            return "ollama: api_key_env names " + settings.apiKeyEnv()
                    + ", which is not set — set it or drop api_key_env";
        }
        String shownAs = settings.baseUrl().toString();
        String noServer = http.probe(settings.tagsUri(), authHeaders(), shownAs, "start it with `ollama serve`");
        if (noServer != null) {
            return noServer;
        }
        TagsDecoder tags = new TagsDecoder();
        Completion listing;
        try {
            listing =
                    http.stream(tagsRequest(), () -> tags, NO_SINK).get(TAGS_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ollama: interrupted while listing the models at " + shownAs;
        } catch (Exception e) {
            return null; // answered the probe; let the requests tell
        }
        if (!listing.succeeded()) {
            return listing.failure().kind() == FailureKind.AUTHENTICATION
                    ? listing.failure().message()
                    : null;
        }
        if (tags.names == null || pulled(settings.model(), tags.names)) {
            return null;
        }
        return "ollama: model '" + settings.model() + "' is not pulled — run `ollama pull " + settings.model() + "`";
    }

    /** Whether {@code model} is among the listed names; a name without a tag means {@code :latest}. */
    static boolean pulled(String model, List<String> names) {
        String wanted = withTag(model);
        return names.stream().anyMatch(name -> withTag(name).equals(wanted));
    }

    private static String withTag(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        int slash = n.lastIndexOf('/');
        return n.indexOf(':', slash + 1) >= 0 ? n : n + ":latest";
    }

    /** What to change when the server refuses thinking (a model that cannot think answers 400). */
    private static final RefusedParameters REFUSED = RefusedParameters.none()
            .with("think", "remove 'reasoning' from this provider (the model does not think)")
            .with("thinking", "remove 'reasoning' from this provider (the model does not think)");

    @Override
    protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
        CompletionStage<Completion> sent = http.stream(target(), requestBody(request), ChatStreamDecoder::new, sink);
        return settings.reasoning() == null ? sent : sent.thenApply(REFUSED::explain);
    }

    private Map<String, String> authHeaders() {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    /** An {@code /api/chat} stream as Ollama sends it: one line per token, then the {@code done} line. */
    @Override
    protected WarmupAnswer warmupAnswer(int tokens) {
        String head = "{\"model\":\"w\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"";
        List<String> writes = new ArrayList<>();
        for (int t = 0; t < tokens; t++) {
            writes.add(head + WarmupAnswer.piece(t) + "\"},\"done\":false}\n");
        }
        writes.add(head + "\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1000000,"
                + "\"load_duration\":1000,\"prompt_eval_count\":3,\"prompt_eval_duration\":1000,\"eval_count\":"
                + tokens + ",\"eval_duration\":900000}\n");
        return new WarmupAnswer("application/x-ndjson", writes);
    }

    @Override
    protected URI sendUri() {
        return settings.chatUri();
    }

    @Override
    protected Map<String, String> sendHeaders() {
        return jsonHeadersWithBearer("application/x-ndjson");
    }

    private HttpRequest tagsRequest() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.tagsUri())
                .timeout(TAGS_TIMEOUT)
                .GET()
                .header("Accept", "application/json");
        authHeaders().forEach(builder::header);
        return builder.build();
    }

    byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            OllamaTools.message(messages, m);
        }
        if (request.tools() != null) {
            OllamaTools.declare(body, request.tools());
        }
        body.put("stream", true);
        if (settings.reasoning() != null) {
            if (settings.reasoning().effort() != null) {
                body.put("think", settings.reasoning().effort().word());
            } else {
                body.put(
                        "think", !Integer.valueOf(0).equals(settings.reasoning().budgetTokens()));
            }
        }
        if (request.responseSchema() != null) {
            // Ollama's structured outputs: 'format' holds the JSON Schema itself (not just "json"); the
            // server turns it into a grammar that constrains decoding
            body.putRawValue("format", new RawValue(request.responseSchema().json()));
        }
        ObjectNode options = body.putObject("options");
        options.put("temperature", request.temperature());
        options.put("num_predict", request.maxTokens());
        if (request.seed() != null) {
            options.put("seed", request.seed());
        }
        if (settings.numCtx() != null) {
            options.put("num_ctx", settings.numCtx());
        }
        if (settings.keepAlive() != null) {
            body.set("keep_alive", settings.keepAlive());
        }
        return Json.bytes(body);
    }

    /** The harness is not involved in listing models: nothing to record, never cancelled. */
    private static final TokenSink NO_SINK = new TokenSink() {
        @Override
        public void onChunk(String text, int tokens) {}

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /**
     * The {@code /api/tags} answer: one JSON object, read whole (it may be pretty-printed over many
     * lines). Keeps the {@code name} and {@code model} of every entry of {@code models}; names stay
     * null when the body has no such list.
     */
    private static final class TagsDecoder extends WholeJsonDecoder {
        private volatile List<String> names;

        @Override
        protected StreamEnd onBody(ObjectNode listing, StreamControl control) {
            JsonNode models = listing.get("models");
            if (models == null || !models.isArray()) {
                return StreamEnd.failed(control.failures().malformed("/api/tags did not answer with a models list"));
            }
            List<String> found = new ArrayList<>();
            for (JsonNode entry : models) {
                for (String field : new String[] {"name", "model"}) {
                    if (entry.path(field).isTextual()) {
                        found.add(entry.get(field).asText());
                    }
                }
            }
            names = found;
            return StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN);
        }
    }
}
