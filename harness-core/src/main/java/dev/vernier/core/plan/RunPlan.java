package dev.vernier.core.plan;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.ScriptTurn;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.suite.ToolResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The immutable expansion of a suite: for each provider in suite order, its warm-up requests first,
 * then every repeat of every case with every prompt. Providers run one after another so that they do
 * not compete for this machine.
 */
public record RunPlan(List<PlannedRequest> requests) {

    public RunPlan {
        requests = List.copyOf(requests);
    }

    /**
     * @param providerIds one id per suite provider entry, in suite order (ids of created providers)
     */
    public static RunPlan expand(Suite suite, List<String> providerIds) {
        return expand(suite, providerIds, id -> true);
    }

    /**
     * @param providerIds         one id per suite provider entry, in suite order (ids of created providers)
     * @param sendsResponseSchema whether a provider's requests carry their prompt's response schema (false
     *                            for an entry with {@code response_format: none})
     */
    public static RunPlan expand(Suite suite, List<String> providerIds, Predicate<String> sendsResponseSchema) {
        return expand(suite, providerIds, sendsResponseSchema, id -> true);
    }

    /**
     * @param providerIds         one id per suite provider entry, in suite order (ids of created providers)
     * @param sendsResponseSchema whether a provider's requests carry their prompt's response schema (false
     *                            for an entry with {@code response_format: none})
     * @param sendsTools          whether a provider's requests declare their prompt's tools (false for an entry
     *                            with {@code tools: none}: no tools, no tool loop)
     */
    public static RunPlan expand(
            Suite suite,
            List<String> providerIds,
            Predicate<String> sendsResponseSchema,
            Predicate<String> sendsTools) {
        List<PlannedRequest> out = new ArrayList<>();
        List<TestCase> cases = suite.cases();
        List<PromptTemplate> prompts = suite.prompts();
        int perRound = cases.size() * prompts.size();
        for (String providerId : providerIds) {
            Options options = new Options(sendsResponseSchema.test(providerId), sendsTools.test(providerId));
            for (int w = 0; w < suite.warmup(); w++) {
                TestCase c = cases.get((w / prompts.size()) % cases.size());
                PromptTemplate p = prompts.get(w % prompts.size());
                out.add(planned(out.size(), providerId, c, p, w, true, suite, options));
            }
            for (int r = 0; r < suite.repeats(); r++) {
                for (int i = 0; i < perRound; i++) {
                    TestCase c = cases.get(i / prompts.size());
                    PromptTemplate p = prompts.get(i % prompts.size());
                    out.add(planned(out.size(), providerId, c, p, r, false, suite, options));
                }
            }
        }
        return new RunPlan(out);
    }

    private static PlannedRequest planned(
            int seq,
            String providerId,
            TestCase c,
            PromptTemplate p,
            int repeat,
            boolean warmup,
            Suite suite,
            Options options) {
        String requestId = (warmup ? "w" : "r") + seq + "-" + c.id() + "-" + p.id() + "-" + repeat;
        GenerationRequest request = (p.isConversation()
                        ? GenerationRequest.conversation(
                                requestId,
                                p.renderMessages(c.vars()),
                                suite.defaults().temperature(),
                                suite.defaults().maxTokens(),
                                suite.defaults().seed())
                        : new GenerationRequest(
                                requestId,
                                p.render(c.vars()),
                                p.renderSystem(c.vars()),
                                suite.defaults().temperature(),
                                suite.defaults().maxTokens(),
                                suite.defaults().seed()))
                .withResponseSchema(options.schemas() ? p.responseSchema() : null)
                .withTools(options.tools() ? p.tools() : null);
        List<String> followUps = new ArrayList<>();
        for (ScriptTurn t : c.turns()) {
            followUps.add(PromptTemplate.renderText(t.content(), c.vars()));
        }
        ToolResults results = request.tools() == null ? null : c.toolResults();
        return new PlannedRequest(seq, providerId, c.id(), p.id(), repeat, warmup, request, followUps, results);
    }

    /** What a provider's requests carry of their prompt: its response schema, its tools. */
    private record Options(boolean schemas, boolean tools) {}

    /** The requests grouped by provider, in plan order. */
    public Map<String, List<PlannedRequest>> byProvider() {
        Map<String, List<PlannedRequest>> map = new LinkedHashMap<>();
        for (PlannedRequest r : requests) {
            map.computeIfAbsent(r.providerId(), k -> new ArrayList<>()).add(r);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return map;
    }

    /** Measured requests: every turn of a conversation counts. */
    public long measuredCount() {
        return requests.stream()
                .filter(r -> !r.warmup())
                .mapToLong(PlannedRequest::turnCount)
                .sum();
    }
}
