package dev.vernier.core.suite;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.cost.PriceCatalogue;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.load.StopRule;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerRegistry;
import dev.vernier.core.scoring.Text;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a suite from YAML and validates all of it before anything runs. The first problem found is
 * thrown as a {@link SuiteException} naming file, line, column and the fix. Unknown keys are errors.
 */
public final class SuiteLoader {

    // The allowed keys of each mapping come from the one description of the format.
    static final Set<String> TOP_KEYS = SuiteSchema.SUITE.names();
    static final Set<String> LOAD_KEYS = SuiteSchema.LOAD.names();
    static final Set<String> STOP_KEYS = SuiteSchema.STOP_WHEN.names();
    static final Set<String> SLO_KEYS = SuiteSchema.SLO.names();
    static final Set<String> PROMPT_KEYS = SuiteSchema.PROMPT.names();
    static final Set<String> MESSAGE_KEYS = SuiteSchema.MESSAGE.names();
    static final Set<String> CASE_KEYS = SuiteSchema.CASE.names();
    static final Set<String> TURN_KEYS = SuiteSchema.TURN.names();
    static final Set<String> ASSERT_KEYS = SuiteSchema.ASSERT.names();
    static final Set<String> DEFAULT_KEYS = SuiteSchema.DEFAULTS.names();
    static final Set<String> PROVIDER_COMMON_KEYS = SuiteSchema.PROVIDER.names();
    static final Set<String> REASONING_KEYS = SuiteSchema.REASONING.names();
    static final Set<String> FORMAT_KEYS = SuiteSchema.RESPONSE_FORMAT.names();
    static final Set<String> TOOL_KEYS = SuiteSchema.TOOL.names();
    /** The key of a tool's results given by arguments, and the keys of each of its entries. */
    static final String BY_ARGUMENTS = "by_arguments";

    static final Set<String> KEYED_KEYS =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of("arguments", "result")));
    /** The word that switches structured output off for a prompt or a provider. */
    static final String NO_FORMAT = "none";

    private final ProviderRegistry registry;
    private final UnaryOperator<String> env;
    private final ScorerRegistry scorers;
    private final boolean providersInCode;

    public SuiteLoader(ProviderRegistry registry) {
        this(registry, System::getenv);
    }

    /** A loader with the scorers found on the class path ({@link ScorerRegistry#load()}). */
    public SuiteLoader(ProviderRegistry registry, UnaryOperator<String> env) {
        this(registry, env, ScorerRegistry.load());
    }

    /**
     * @param registry provider types
     * @param env      environment lookup for provider options
     * @param scorers  assertion types
     */
    public SuiteLoader(ProviderRegistry registry, UnaryOperator<String> env, ScorerRegistry scorers) {
        this(registry, env, scorers, false);
    }

    private SuiteLoader(
            ProviderRegistry registry, UnaryOperator<String> env, ScorerRegistry scorers, boolean providersInCode) {
        this.registry = registry;
        this.env = env;
        this.scorers = scorers;
        this.providersInCode = providersInCode;
    }

    /**
     * A loader for a suite whose providers are (also) given in code: the suite may then leave out
     * {@code providers:}.
     */
    public SuiteLoader withProvidersInCode() {
        return new SuiteLoader(registry, env, scorers, true);
    }

    public Suite load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SuiteException(
                    file,
                    1,
                    1,
                    "suite file not found. Check the path (relative paths are " + "resolved against "
                            + Path.of("").toAbsolutePath() + ").");
        } catch (IOException e) {
            throw new SuiteException(file, 1, 1, "cannot read the suite file: " + e.getMessage() + ".");
        }
        return parse(file, new StringReader(text));
    }

    /** Parses suite text; {@code file} names it in messages and anchors relative paths. */
    public Suite parse(Path file, Reader reader) {
        return new Parse(file).suite(compose(file, reader));
    }

    private static Node compose(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with a line number
        try {
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                throw new SuiteException(
                        file, 1, 1, "the suite is empty. Start from benchmarks/suites/quickstart.yaml.");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            int column = mark == null ? 1 : mark.getColumn() + 1;
            throw new SuiteException(
                    file,
                    line,
                    column,
                    "invalid YAML: " + e.getProblem()
                            + ". Check indentation and quoting on this line or the one before it.");
        } catch (YAMLException e) {
            throw new SuiteException(file, 1, 1, "invalid YAML: " + e.getMessage() + ".");
        }
    }

    /** One parse of one file: carries the file name for messages. */
    private final class Parse {
        private final Path file;
        /** Judge 'provider:' options seen in assertions, checked once the providers are known. */
        private final List<Node> providerRefs = new ArrayList<>();
        /** The suite's declared tools ({@code tools:}), by name in order; empty when it declares none. */
        private Map<String, ToolSpec> declaredTools = Map.of();

        Parse(Path file) {
            this.file = file;
        }

        Suite suite(Node root) {
            Map<String, NodeTuple> top = mapping(root, "the suite", TOP_KEYS);
            String name = top.containsKey("name")
                    ? text(value(top, "name"), "name")
                    : stripExtension(file.getFileName().toString());
            String description = top.containsKey("description") ? text(value(top, "description"), "description") : "";

            ResponseSchema suiteSchema =
                    top.containsKey(ResponseSchema.KEY) ? responseFormat(value(top, ResponseSchema.KEY), false) : null;
            if (top.containsKey(ToolSpec.KEY)) {
                declaredTools = tools(value(top, ToolSpec.KEY));
            }
            int maxToolRounds = top.containsKey("max_tool_rounds")
                    ? integer(value(top, "max_tool_rounds"), "max_tool_rounds", 1, 100)
                    : ToolResults.DEFAULT_MAX_ROUNDS;
            if (top.containsKey("max_tool_rounds") && declaredTools.isEmpty()) {
                throw error(
                        top.get("max_tool_rounds").getKeyNode(),
                        "'max_tool_rounds' bounds the tool loop, but the suite declares no 'tools'. Declare them"
                                + " (see docs/tools.md) or remove this line.");
            }
            List<PromptTemplate> prompts = prompts(
                    required(root, top, "prompts", "add 'prompts:' with at least one prompt template"), suiteSchema);
            List<Assertion> defaultAssert = top.containsKey("default_assert")
                    ? assertions(value(top, "default_assert"), "default_assert")
                    : List.of();
            List<CaseAt> cases = top.containsKey("cases")
                    ? cases(value(top, "cases"), defaultAssert, maxToolRounds)
                    : List.of(new CaseAt(new TestCase("default", "", Map.of(), defaultAssert, 1.0), root, List.of()));
            checkVariables(prompts, cases);
            Defaults defaults = top.containsKey("defaults") ? defaults(value(top, "defaults")) : Defaults.STANDARD;
            int repeats = top.containsKey("repeats") ? integer(value(top, "repeats"), "repeats", 1, 1_000_000) : 1;
            int warmup = top.containsKey("warmup") ? integer(value(top, "warmup"), "warmup", 0, 1_000_000) : 0;
            int concurrency =
                    top.containsKey("concurrency") ? integer(value(top, "concurrency"), "concurrency", 1, 100_000) : 1;
            long timeoutMs = top.containsKey("timeout_ms")
                    ? integer(value(top, "timeout_ms"), "timeout_ms", 1, Integer.MAX_VALUE)
                    : 60_000;
            List<ProviderConfig> providers = providersInCode && !top.containsKey("providers")
                    ? List.of()
                    : providers(
                            required(
                                    root,
                                    top,
                                    "providers",
                                    "add 'providers:' with at least one entry, e.g. '- type: llamacpp'"),
                            defaults,
                            schemas(prompts),
                            toolSets(prompts));
            checkProviderRefs(providers);
            PriceCatalogue prices = top.containsKey("prices") ? prices(value(top, "prices")) : null;
            Double expectedMonthlyTokens = top.containsKey("expected_monthly_tokens")
                    ? number(value(top, "expected_monthly_tokens"), "expected_monthly_tokens", 1, 1e15)
                    : null;

            LoadProfile load = LoadProfile.closed(concurrency);
            if (top.containsKey("load")) {
                if (top.containsKey("concurrency")) {
                    throw error(
                            top.get("concurrency").getKeyNode(),
                            "'concurrency' and 'load' both set the load. "
                                    + "Fix: move the value to 'load: {concurrency: " + concurrency
                                    + "}' and remove this line.");
                }
                load = load(value(top, "load"));
            }
            Slo slo = top.containsKey("slo") ? slo(value(top, "slo")) : Slo.NONE;

            return new Suite(
                    file,
                    name,
                    description,
                    prompts,
                    cases.stream().map(CaseAt::testCase).toList(),
                    providers,
                    defaults,
                    repeats,
                    warmup,
                    load.firstConcurrency(),
                    Duration.ofMillis(timeoutMs),
                    prices,
                    expectedMonthlyTokens,
                    load,
                    slo);
        }

        /**
         * The {@code load:} block: closed-loop {@code concurrency} or open-loop {@code rate}, each a number or a
         * list (a sweep), with bounds, warm-up, cool-down and stop rule.
         */
        private LoadProfile load(Node node) {
            Map<String, NodeTuple> m = mapping(node, "load", LOAD_KEYS);
            boolean closed = m.containsKey("concurrency");
            if (closed == m.containsKey("rate")) {
                throw error(
                        node,
                        "'load' needs exactly one of 'concurrency' (closed loop: N requests in flight) "
                                + "or 'rate' (open loop: requests per second); either may be a list for a sweep, "
                                + "e.g. 'concurrency: [1, 4, 16]'.");
            }
            if (closed) {
                for (String openOnly : List.of("arrivals", "max_in_flight")) {
                    if (m.containsKey(openOnly)) {
                        throw error(
                                m.get(openOnly).getKeyNode(),
                                "'" + openOnly + "' applies to an open loop "
                                        + "('rate:'), not to 'concurrency:'. Remove it or use 'rate:'.");
                    }
                }
            }
            Arrivals arrivals = Arrivals.CONSTANT;
            if (m.containsKey("arrivals")) {
                String a = text(value(m, "arrivals"), "arrivals");
                try {
                    arrivals = Arrivals.valueOf(a.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(value(m, "arrivals"), "'arrivals' must be 'constant' or 'poisson', found '" + a + "'.");
                }
            }
            int cap = m.containsKey("max_in_flight")
                    ? integer(value(m, "max_in_flight"), "max_in_flight", 1, 1_000_000)
                    : 0;
            Node levels = value(m, closed ? "concurrency" : "rate");
            String key = closed ? "load.concurrency" : "load.rate";
            List<Node> items = levels instanceof SequenceNode seq ? seq.getValue() : List.of(levels);
            if (items.isEmpty()) {
                throw error(levels, "'" + key + "' must list at least one value.");
            }
            List<LoadStep> steps = new ArrayList<>();
            for (Node item : items) {
                steps.add(
                        closed
                                ? new LoadStep.Closed(integer(item, key, 1, 100_000))
                                : new LoadStep.Open(number(item, key, 1e-6, 1e6), arrivals, cap));
            }
            long requests =
                    m.containsKey("requests") ? integer(value(m, "requests"), "load.requests", 1, 100_000_000) : 0;
            Duration duration = m.containsKey("duration_s")
                    ? seconds(number(value(m, "duration_s"), "load.duration_s", 0.001, 86_400))
                    : null;
            Duration warm = m.containsKey("warmup_s")
                    ? seconds(number(value(m, "warmup_s"), "load.warmup_s", 0, 86_400))
                    : Duration.ZERO;
            Duration cool = m.containsKey("cool_down_s")
                    ? seconds(number(value(m, "cool_down_s"), "load.cool_down_s", 0, 86_400))
                    : Duration.ZERO;
            long seed = m.containsKey("seed") ? integer(value(m, "seed"), "load.seed", 0, Integer.MAX_VALUE) : 1;
            StopRule stop = StopRule.NONE;
            if (m.containsKey("stop_when")) {
                Map<String, NodeTuple> st = mapping(value(m, "stop_when"), "load.stop_when", STOP_KEYS);
                if (st.isEmpty()) {
                    throw error(value(m, "stop_when"), "'load.stop_when' needs 'error_rate' or 'p95_ttft_ms'.");
                }
                stop = new StopRule(
                        st.containsKey("error_rate")
                                ? number(value(st, "error_rate"), "stop_when.error_rate", 0, 1)
                                : Double.NaN,
                        st.containsKey("p95_ttft_ms")
                                ? number(value(st, "p95_ttft_ms"), "stop_when.p95_ttft_ms", 0.001, 1e9)
                                : Double.NaN,
                        st.containsKey("min_requests")
                                ? integer(value(st, "min_requests"), "stop_when.min_requests", 1, 1_000_000)
                                : 10);
            }
            return new LoadProfile(steps, requests, duration, warm, cool, stop, seed);
        }

        /** The {@code slo:} block: latency objectives in ms for goodput and the saturation point. */
        private Slo slo(Node node) {
            Map<String, NodeTuple> m = mapping(node, "slo", SLO_KEYS);
            if (m.isEmpty()) {
                throw error(node, "'slo' needs at least one of ttft_ms, e2e_ms, tpot_ms.");
            }
            return new Slo(
                    m.containsKey("ttft_ms") ? number(value(m, "ttft_ms"), "slo.ttft_ms", 0.001, 1e9) : Double.NaN,
                    m.containsKey("e2e_ms") ? number(value(m, "e2e_ms"), "slo.e2e_ms", 0.001, 1e9) : Double.NaN,
                    m.containsKey("tpot_ms") ? number(value(m, "tpot_ms"), "slo.tpot_ms", 0.001, 1e9) : Double.NaN);
        }

        private static Duration seconds(double s) {
            return Duration.ofNanos(Math.round(s * 1e9));
        }

        /** The shipped catalogue with the suite's overrides; an error points at the offending key's value. */
        @SuppressWarnings("unchecked")
        private PriceCatalogue prices(Node node) {
            Map<String, NodeTuple> models = mapping(node, "prices", null);
            try {
                return PriceCatalogue.shipped().withOverrides((Map<String, Object>) plain(node));
            } catch (ConfigException e) {
                throw error(locate(node, models, e.key(), "prices"), sentence(e.getMessage()));
            }
        }

        /**
         * The node a dotted key such as {@code prices.gpt-4.1.input} names below {@code node} (model
         * ids may contain dots, so the longest matching key wins at each level); {@code node} itself
         * when nothing more specific matches.
         */
        private Node locate(Node node, Map<String, NodeTuple> map, String key, String prefix) {
            if (key == null || !key.startsWith(prefix + ".")) {
                return node;
            }
            String rest = key.substring(prefix.length() + 1);
            String best = null;
            for (String k : map.keySet()) {
                if ((rest.equals(k) || rest.startsWith(k + ".")) && (best == null || k.length() > best.length())) {
                    best = k;
                }
            }
            if (best == null) {
                return node;
            }
            Node child = value(map, best);
            if (rest.equals(best) || !(child instanceof MappingNode)) {
                return child;
            }
            return locate(child, mapping(child, "'" + best + "'", null), rest, best);
        }

        private List<PromptTemplate> prompts(Node node, ResponseSchema inherited) {
            List<Node> items = sequence(node, "prompts");
            if (items.isEmpty()) {
                throw error(node, "'prompts' is empty. Add at least one prompt template, e.g. '- \"Say hello\"'.");
            }
            List<PromptTemplate> prompts = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                PromptTemplate prompt;
                if (item instanceof ScalarNode) {
                    prompt = new PromptTemplate("p" + (i + 1), text(item, "prompt"), null)
                            .withResponseSchema(inherited)
                            .withTools(promptTools(item, Map.of()));
                } else {
                    Map<String, NodeTuple> map = mapping(item, "a prompt", PROMPT_KEYS);
                    String id = map.containsKey("id") ? text(value(map, "id"), "id") : "p" + (i + 1);
                    ResponseSchema schema = map.containsKey(ResponseSchema.KEY)
                            ? responseFormat(value(map, ResponseSchema.KEY), true)
                            : inherited;
                    if (map.containsKey("messages")) {
                        prompt = messagesPrompt(id, map).withResponseSchema(schema);
                    } else {
                        String template = text(
                                required(
                                        item,
                                        map,
                                        "template",
                                        "give the prompt text as 'template: \"...\"', or a list of 'messages:'"),
                                "template");
                        String system = map.containsKey("system") ? text(value(map, "system"), "system") : null;
                        prompt = new PromptTemplate(id, template, system).withResponseSchema(schema);
                    }
                    prompt = prompt.withTools(promptTools(item, map));
                }
                checkBraces(item, prompt.template());
                if (!ids.add(prompt.id())) {
                    throw error(item, "duplicate prompt id '" + prompt.id() + "'. Give every prompt its own id.");
                }
                prompts.add(prompt);
            }
            return prompts;
        }

        /**
         * A {@code response_format:} block: {@code schema} (a YAML mapping or a JSON string) or
         * {@code schema_file} (JSON, relative to the suite), and an optional {@code name}; or the word
         * {@code none} (null: free text) where {@code noneAllowed}. The schema is checked against its
         * meta-schema here, before any request.
         */
        private ResponseSchema responseFormat(Node node, boolean noneAllowed) {
            if (node instanceof ScalarNode scalar && !isNull(node)) {
                if (scalar.getValue().equals(NO_FORMAT)) {
                    if (!noneAllowed) {
                        throw error(
                                node,
                                "'response_format: none' is the default of a suite; remove the line, or give a"
                                        + " schema, e.g. 'response_format: {schema: {type: object}}'.");
                    }
                    return null;
                }
                throw error(
                        node,
                        "'response_format' must be a mapping with 'schema' or 'schema_file'"
                                + (noneAllowed ? ", or 'none'" : "") + ", found " + describe(node)
                                + ". E.g. 'response_format: {schema: {type: object, properties: {name: {type:"
                                + " string}}, required: [name]}}'.");
            }
            Map<String, NodeTuple> m = mapping(node, "response_format", FORMAT_KEYS);
            if (m.containsKey("schema") == m.containsKey("schema_file")) {
                throw error(
                        node,
                        "'response_format' needs exactly one of 'schema' (the JSON Schema inline) or 'schema_file'"
                                + " (a JSON file relative to the suite), e.g. 'response_format: {schema_file:"
                                + " schemas/person.json}'.");
            }
            String name = m.containsKey("name") ? text(value(m, "name"), "response_format.name") : null;
            Node schemaNode = value(m, m.containsKey("schema") ? "schema" : "schema_file");
            JsonNode schema = m.containsKey("schema")
                    ? inlineSchema(schemaNode, "response_format.schema")
                    : schemaFile(schemaNode, "response_format.schema_file");
            try {
                return ResponseSchema.of(name, schema);
            } catch (ConfigException e) {
                Node at = ResponseSchema.KEY.concat(".name").equals(e.key()) ? value(m, "name") : schemaNode;
                throw error(at, sentence(e.getMessage()) + " Fix the schema; docs/structured-output.md shows one.");
            }
        }

        private JsonNode inlineSchema(Node node, String key) {
            if (node instanceof ScalarNode && !isNull(node)) {
                String json = text(node, key);
                try {
                    return JsonSchemas.MAPPER.readTree(json);
                } catch (JsonProcessingException e) {
                    throw error(
                            node,
                            "'" + key + "' is not valid JSON: " + e.getOriginalMessage()
                                    + ". Give the schema as a YAML mapping, e.g. '{type: object}', or as valid JSON.");
                }
            }
            if (!(node instanceof MappingNode)) {
                throw error(
                        node,
                        "'" + key + "' must be a JSON Schema mapping, e.g. '{type: object, properties:"
                                + " {name: {type: string}}}', found " + describe(node) + ".");
            }
            return JsonSchemas.MAPPER.valueToTree(plain(node));
        }

        private JsonNode schemaFile(Node node, String key) {
            String name = text(node, key);
            Path path = file.toAbsolutePath().getParent().resolve(name).normalize();
            String json;
            try {
                json = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw error(
                        node,
                        "cannot read the schema file " + path + " ("
                                + e.getClass().getSimpleName() + "). Give a" + " path relative to the suite file ("
                                + file.toAbsolutePath().getParent() + ").");
            }
            try {
                return JsonSchemas.MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
                throw error(
                        node,
                        "the schema file " + path + where + " is not valid JSON: " + e.getOriginalMessage()
                                + ". Fix the file there (it must hold one JSON Schema object).");
            }
        }

        /** Every schema the prompts use, each once, in order of first use. */
        private List<ResponseSchema> schemas(List<PromptTemplate> prompts) {
            return prompts.stream()
                    .map(PromptTemplate::responseSchema)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
        }

        /** Every set of tools the prompts declare, each once, in order of first use. */
        private List<Tools> toolSets(List<PromptTemplate> prompts) {
            return prompts.stream()
                    .map(PromptTemplate::tools)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
        }

        /**
         * The top-level {@code tools:}: a list of {@code {name, description, parameters | parameters_file}},
         * each checked (its name, and its parameters against the JSON Schema meta-schema) before any request.
         */
        private Map<String, ToolSpec> tools(Node node) {
            List<Node> items = sequence(node, ToolSpec.KEY);
            if (items.isEmpty()) {
                throw error(
                        node,
                        "'tools' is empty. Declare at least one tool, e.g. '- {name: get_weather, description: \"...\","
                                + " parameters: {type: object, properties: {city: {type: string}}}}', or remove 'tools'.");
            }
            Map<String, ToolSpec> out = new LinkedHashMap<>();
            for (Node item : items) {
                Map<String, NodeTuple> m = mapping(item, "a tool", TOOL_KEYS);
                Node nameNode = required(item, m, "name", "add the tool's 'name:', e.g. 'name: get_weather'");
                String name = text(nameNode, "tools.name");
                String description = m.containsKey("description") ? text(value(m, "description"), "description") : "";
                if (m.containsKey("parameters") && m.containsKey("parameters_file")) {
                    throw error(
                            m.get("parameters_file").getKeyNode(),
                            "tool '" + name + "' has both 'parameters' and 'parameters_file'. Keep one.");
                }
                Node schemaNode = m.containsKey("parameters")
                        ? value(m, "parameters")
                        : m.containsKey("parameters_file") ? value(m, "parameters_file") : null;
                JsonNode parameters = schemaNode == null
                        ? null
                        : m.containsKey("parameters")
                                ? inlineSchema(schemaNode, "tools.parameters")
                                : schemaFile(schemaNode, "tools.parameters_file");
                ToolSpec spec;
                try {
                    spec = ToolSpec.of(name, description, parameters);
                } catch (ConfigException e) {
                    Node at = e.key() != null && e.key().endsWith(".name") ? nameNode : schemaNode;
                    throw error(
                            at == null ? nameNode : at,
                            sentence(e.getMessage()) + " Fix the tool; docs/tools.md shows one.");
                }
                if (out.put(name, spec) != null) {
                    throw error(nameNode, "tool '" + name + "' is declared twice. Give every tool its own name.");
                }
            }
            return Collections.unmodifiableMap(out);
        }

        /**
         * The tools a prompt declares: its {@code tools:} (names, {@code all} or {@code none}; every tool of
         * the suite by default) and its {@code tool_choice}; null when it declares none.
         */
        private Tools promptTools(Node item, Map<String, NodeTuple> map) {
            if (declaredTools.isEmpty()) {
                for (String key : List.of(ToolSpec.KEY, "tool_choice")) {
                    if (map.containsKey(key)) {
                        throw error(
                                map.get(key).getKeyNode(),
                                "this prompt's '" + key + "' refers to the suite's tools, but the suite declares none."
                                        + " Declare them under a top-level 'tools:' (see docs/tools.md), or remove"
                                        + " this line.");
                    }
                }
                return null;
            }
            List<ToolSpec> specs = new ArrayList<>(declaredTools.values());
            if (map.containsKey(ToolSpec.KEY)) {
                Node t = value(map, ToolSpec.KEY);
                if (t instanceof ScalarNode sc && !isNull(t)) {
                    if (sc.getValue().equals(NO_FORMAT)) {
                        if (map.containsKey("tool_choice")) {
                            throw error(
                                    map.get("tool_choice").getKeyNode(),
                                    "'tool_choice' needs tools, but this prompt says 'tools: none'. Remove one of the"
                                            + " two.");
                        }
                        return null;
                    }
                    if (!sc.getValue().equals("all")) {
                        throw error(
                                t,
                                "a prompt's 'tools' is a list of tool names, 'all' or 'none', found " + describe(t)
                                        + ". E.g. 'tools: ["
                                        + declaredTools.keySet().iterator().next() + "]'.");
                    }
                } else {
                    List<Node> names = sequence(t, "tools");
                    if (names.isEmpty()) {
                        throw error(t, "'tools: []' declares nothing. Write 'tools: none', or name at least one tool.");
                    }
                    specs = new ArrayList<>();
                    for (Node n : names) {
                        String name = text(n, "tools");
                        ToolSpec spec = declaredTools.get(name);
                        if (spec == null) {
                            throw error(n, unknownTool(name));
                        }
                        if (specs.contains(spec)) {
                            throw error(n, "this prompt names tool '" + name + "' twice. Keep one.");
                        }
                        specs.add(spec);
                    }
                }
            }
            ToolChoice choice = ToolChoice.AUTO;
            if (map.containsKey("tool_choice")) {
                Node c = value(map, "tool_choice");
                String word = text(c, "tool_choice");
                choice = ToolChoice.of(word);
                if (choice == null) {
                    if (!declaredTools.containsKey(word)) {
                        Set<String> known = new LinkedHashSet<>(List.of("auto", "required", "none"));
                        known.addAll(declaredTools.keySet());
                        throw error(
                                c,
                                "'tool_choice' must be auto, required, none or the name of a declared tool, found '"
                                        + word + "'." + suggestion(word, known) + " Declared tools: "
                                        + String.join(", ", declaredTools.keySet()) + ".");
                    }
                    if (!specs.contains(declaredTools.get(word))) {
                        throw error(
                                c,
                                "'tool_choice: " + word + "' names a tool this prompt does not declare. Add '" + word
                                        + "' to the prompt's 'tools', or choose one of: "
                                        + String.join(
                                                ", ",
                                                specs.stream()
                                                        .map(ToolSpec::name)
                                                        .toList()) + ".");
                    }
                    choice = ToolChoice.named(word);
                }
            }
            return new Tools(specs, choice);
        }

        /** The message for a tool name the suite does not declare. */
        private String unknownTool(String name) {
            return "unknown tool '" + name + "'." + suggestion(name, declaredTools.keySet())
                    + " Declare it under the top-level 'tools:', or use one of: "
                    + String.join(", ", declaredTools.keySet()) + ".";
        }

        /**
         * A case's {@code tool_results:}: per declared tool, one value (answering every call) or a list
         * (answering the calls one by one).
         */
        private ToolResults toolResults(Node node, int maxRounds) {
            Map<String, NodeTuple> m = mapping(node, "tool_results", null);
            if (m.isEmpty()) {
                throw error(
                        node,
                        "'tool_results' gives no result. Give one per tool, e.g. 'tool_results: {get_weather:"
                                + " {temp_c: 3}}', or remove it.");
            }
            if (declaredTools.isEmpty()) {
                throw error(
                        node,
                        "'tool_results' answers tool calls, but the suite declares no 'tools'. Declare them under a"
                                + " top-level 'tools:' (see docs/tools.md), or remove 'tool_results'.");
            }
            Map<String, ToolResults.Results> byTool = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
                if (!declaredTools.containsKey(e.getKey())) {
                    throw error(
                            e.getValue().getKeyNode(),
                            "a tool result for an undeclared tool: " + unknownTool(e.getKey()));
                }
                Node v = e.getValue().getValueNode();
                if (v instanceof SequenceNode seq) {
                    if (seq.getValue().isEmpty()) {
                        throw error(v, "the results of '" + e.getKey() + "' are an empty list. Give at least one.");
                    }
                    List<String> results = new ArrayList<>();
                    seq.getValue().forEach(n -> results.add(resultText(n, e.getKey())));
                    byTool.put(e.getKey(), new ToolResults.Results(results, true));
                } else if (v instanceof MappingNode && byArguments(v) != null) {
                    byTool.put(
                            e.getKey(), new ToolResults.Results(List.of(), false, keyed(byArguments(v), e.getKey())));
                } else {
                    byTool.put(e.getKey(), new ToolResults.Results(List.of(resultText(v, e.getKey())), false));
                }
            }
            return new ToolResults(byTool, maxRounds);
        }

        /** The list under a tool's results mapping when its one key is {@code by_arguments}, else null. */
        private Node byArguments(Node results) {
            Map<String, NodeTuple> m = mapping(results, "tool_results", null);
            return m.size() == 1 && m.containsKey(BY_ARGUMENTS) ? value(m, BY_ARGUMENTS) : null;
        }

        /**
         * A tool's {@code by_arguments:} list: {@code {arguments: {...}, result: ...}} entries, a call getting
         * the first whose arguments its own contain.
         */
        private List<ToolResults.Keyed> keyed(Node node, String tool) {
            List<Node> items = sequence(node, "tool_results." + tool + "." + BY_ARGUMENTS);
            if (items.isEmpty()) {
                throw error(
                        node,
                        "'" + BY_ARGUMENTS + "' of '" + tool + "' is empty. Give entries such as '- {arguments: {city:"
                                + " Paris}, result: {temp_c: 3}}'.");
            }
            List<ToolResults.Keyed> out = new ArrayList<>();
            for (Node item : items) {
                Map<String, NodeTuple> m = mapping(item, "an entry of '" + BY_ARGUMENTS + "'", KEYED_KEYS);
                Node args = required(
                        item, m, "arguments", "add the arguments a call must contain, e.g. 'arguments: {city: Paris}'");
                if (!(args instanceof MappingNode)) {
                    throw error(
                            args,
                            "'arguments' must be a mapping of what a call's arguments contain, e.g. '{city: Paris}', found "
                                    + describe(args) + ".");
                }
                Node result = required(item, m, "result", "add the tool's 'result:' for such a call");
                out.add(new ToolResults.Keyed(JsonSchemas.MAPPER.valueToTree(plain(args)), resultText(result, tool)));
            }
            return out;
        }

        /** A mocked result as the model reads it: a string as it is, any other value as compact JSON. */
        private String resultText(Node node, String tool) {
            if (isNull(node)) {
                throw error(
                        node,
                        "the result of '" + tool + "' is empty. Give the value the tool returns, e.g. '{temp_c: 3}'"
                                + " or a text.");
            }
            Object plain = plain(node);
            if (plain instanceof String text) {
                return text;
            }
            try {
                return JsonSchemas.MAPPER.writeValueAsString(plain);
            } catch (JsonProcessingException e) {
                throw error(
                        node,
                        "the result of '" + tool + "' cannot be written as JSON: " + e.getOriginalMessage() + ".");
            }
        }

        /** A prompt given as {@code messages:}, checked message by message. */
        private PromptTemplate messagesPrompt(String id, Map<String, NodeTuple> map) {
            for (String other : List.of("template", "system")) {
                if (map.containsKey(other)) {
                    throw error(
                            map.get(other).getKeyNode(),
                            "a prompt has either 'messages' or 'template'/'system', not both. Move the '" + other
                                    + "' text into a message (role: " + (other.equals("system") ? "system" : "user")
                                    + ") or remove 'messages'.");
                }
            }
            Node listNode = value(map, "messages");
            List<Node> items = sequence(listNode, "messages");
            if (items.isEmpty()) {
                throw error(
                        listNode,
                        "'messages' is empty. Add at least one message, e.g. '- {role: user, content: \"Say hello\"}'.");
            }
            List<Message> messages = new ArrayList<>();
            boolean spoken = false;
            for (Node item : items) {
                Map<String, NodeTuple> m = mapping(item, "a message", MESSAGE_KEYS);
                Node roleNode = required(item, m, "role", "add 'role:' with one of system, user, assistant");
                String word = text(roleNode, "role");
                Message.Role role = Message.Role.of(word);
                if (role == null || role == Message.Role.TOOL) {
                    throw error(
                            roleNode,
                            "unknown role '" + word + "'."
                                    + suggestion(word, List.of("system", "user", "assistant"))
                                    + " A message's role is one of: system, user, assistant.");
                }
                if (role == Message.Role.SYSTEM && spoken) {
                    throw error(
                            roleNode,
                            "a system message must come before every user and assistant message (vendors take"
                                    + " one system prompt). Move it to the top of 'messages'.");
                }
                spoken |= role != Message.Role.SYSTEM;
                Node contentNode = required(item, m, "content", "add the message text as 'content: \"...\"'");
                String content = text(contentNode, "content");
                checkBraces(contentNode, content);
                messages.add(new Message(role, content));
            }
            if (messages.get(messages.size() - 1).role() != Message.Role.USER) {
                throw error(
                        items.get(items.size() - 1),
                        "the last message is from '"
                                + messages.get(messages.size() - 1).role().word()
                                + "', but the model answers a user message. End 'messages' with a 'role: user'"
                                + " message.");
            }
            return PromptTemplate.ofMessages(id, messages);
        }

        private void checkBraces(Node at, String template) {
            String stripped = PromptTemplate.PLACEHOLDER.matcher(template).replaceAll("");
            if (stripped.contains("{{") || stripped.contains("}}")) {
                throw error(
                        at,
                        "malformed placeholder in template '" + abbreviate(template)
                                + "'. Write variables as {{name}} with letters, digits, '_', '.' or '-'.");
            }
        }

        private List<CaseAt> cases(Node node, List<Assertion> defaultAssert, int maxToolRounds) {
            List<CaseAt> cases = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            List<Node> items = sequence(node, "cases");
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                Map<String, NodeTuple> map = mapping(item, "a case", CASE_KEYS);
                String id = map.containsKey("id") ? text(value(map, "id"), "id") : "case-" + (i + 1);
                if (!ids.add(id)) {
                    throw error(item, "duplicate case id '" + id + "'. Give every case its own id.");
                }
                String description =
                        map.containsKey("description") ? text(value(map, "description"), "description") : "";
                Map<String, String> vars = new LinkedHashMap<>();
                if (map.containsKey("vars")) {
                    for (Map.Entry<String, NodeTuple> e :
                            mapping(value(map, "vars"), "vars", null).entrySet()) {
                        vars.put(e.getKey(), text(e.getValue().getValueNode(), e.getKey()));
                    }
                }
                List<Assertion> assertions = new ArrayList<>(defaultAssert);
                if (map.containsKey("assert")) {
                    assertions.addAll(assertions(value(map, "assert"), "assert"));
                }
                double threshold =
                        map.containsKey("threshold") ? number(value(map, "threshold"), "threshold", 0, 1) : 1.0;
                List<TurnAt> turns = map.containsKey("turns") ? turns(value(map, "turns"), defaultAssert) : List.of();
                ToolResults toolResults =
                        map.containsKey("tool_results") ? toolResults(value(map, "tool_results"), maxToolRounds) : null;
                TestCase testCase = new TestCase(
                        id,
                        description,
                        vars,
                        assertions,
                        threshold,
                        turns.stream().map(TurnAt::turn).toList(),
                        toolResults);
                cases.add(new CaseAt(testCase, item, turns));
            }
            if (cases.isEmpty()) {
                throw error(
                        node, "'cases' is empty. Add at least one case, or remove 'cases' to send each prompt once.");
            }
            return cases;
        }

        /** A case's {@code turns:}: user messages (plain strings or {@code content} with its own {@code assert}). */
        private List<TurnAt> turns(Node node, List<Assertion> defaultAssert) {
            List<Node> items = sequence(node, "turns");
            if (items.isEmpty()) {
                throw error(
                        node,
                        "'turns' is empty. Add the user messages sent after each reply, e.g. '- \"Why?\"', or remove"
                                + " 'turns'.");
            }
            List<TurnAt> turns = new ArrayList<>();
            for (Node item : items) {
                Node contentNode = item;
                List<Assertion> assertions = new ArrayList<>(defaultAssert);
                if (!(item instanceof ScalarNode)) {
                    Map<String, NodeTuple> m = mapping(item, "a turn", TURN_KEYS);
                    contentNode = required(item, m, "content", "add the user message as 'content: \"...\"'");
                    if (m.containsKey("assert")) {
                        assertions.addAll(assertions(value(m, "assert"), "assert"));
                    }
                }
                String content = text(contentNode, "turn");
                checkBraces(contentNode, content);
                turns.add(new TurnAt(new ScriptTurn(content, assertions), contentNode));
            }
            return turns;
        }

        private List<Assertion> assertions(Node node, String what) {
            List<Assertion> out = new ArrayList<>();
            for (Node item : sequence(node, what)) {
                out.add(assertion(item));
            }
            return out;
        }

        private Assertion assertion(Node item) {
            Map<String, NodeTuple> map = mapping(item, "an assertion", null);
            Node typeNode = required(item, map, "type", "add 'type:' with one of " + scorers.types());
            String name = text(typeNode, "type");
            ScorerRegistry.Resolved resolved;
            try {
                resolved = scorers.resolve(name);
            } catch (IllegalArgumentException e) {
                throw error(typeNode, e.getMessage());
            }
            Scorer scorer = resolved.scorer();
            Set<String> allowed = new LinkedHashSet<>(ASSERT_KEYS);
            allowed.addAll(new TreeSet<>(scorer.optionKeys()));
            checkKeys(map, "assertion '" + name + "'", allowed);
            Object value = map.containsKey("value") ? plain(value(map, "value")) : null;
            Double threshold = null;
            if (map.containsKey("threshold")) {
                Node t = value(map, "threshold");
                if (!scorer.info().supportsThreshold()) {
                    throw error(
                            t,
                            "'" + name + "' is pass/fail and takes no 'threshold'. Remove it, or use "
                                    + "a case 'threshold:' for the share of assertions that must pass.");
                }
                threshold = nonNegative(t, "threshold");
            }
            double weight = map.containsKey("weight") ? nonNegative(value(map, "weight"), "weight") : 1.0;
            Map<String, Object> options = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
                if (!ASSERT_KEYS.contains(e.getKey())) {
                    options.put(e.getKey(), plain(e.getValue().getValueNode()));
                }
            }
            Assertion assertion = new Assertion(resolved.type(), resolved.negated(), value, threshold, weight, options);
            try {
                scorer.validate(assertion);
            } catch (ConfigException e) {
                Node at = e.key() != null && map.containsKey(e.key()) ? value(map, e.key()) : typeNode;
                throw error(at, e.getMessage());
            }
            for (String tool : scorer.toolsNamed(assertion)) {
                if (!declaredTools.containsKey(tool)) {
                    Node at = map.containsKey("value") ? value(map, "value") : typeNode;
                    throw error(
                            at,
                            "'" + name + "' expects a call of '" + tool + "', which the suite does not declare. "
                                    + (declaredTools.isEmpty()
                                            ? "Declare it under a top-level 'tools:' (see docs/tools.md)."
                                            : unknownTool(tool)));
                }
            }
            if (map.containsKey("provider") && scorer.info().needsModel()) {
                providerRefs.add(value(map, "provider"));
            }
            return assertion;
        }

        private double nonNegative(Node node, String key) {
            String raw = text(node, key);
            if (!(plain(node) instanceof Number n)
                    || !(n.doubleValue() >= 0)
                    || n.doubleValue() == Double.POSITIVE_INFINITY) {
                throw error(
                        node,
                        "'" + key + "' must be a number >= 0, found '" + raw + "'. Write it without quotes or units.");
            }
            return n.doubleValue();
        }

        private void checkProviderRefs(List<ProviderConfig> providers) {
            Set<String> known = new LinkedHashSet<>();
            for (ProviderConfig p : providers) {
                if (p.id() != null) {
                    known.add(p.id());
                }
                known.add(p.type());
            }
            for (Node ref : providerRefs) {
                String id = text(ref, "provider");
                if (!known.contains(id)) {
                    throw error(
                            ref,
                            "the judge provider '" + id + "' is not a provider of this suite."
                                    + suggestion(id, known)
                                    + " Give the 'id' (or 'type') of an entry under 'providers': "
                                    + String.join(", ", known) + ".");
                }
            }
        }

        private void checkVariables(List<PromptTemplate> prompts, List<CaseAt> cases) {
            for (CaseAt c : cases) {
                for (TurnAt t : c.turns()) {
                    for (String var : PromptTemplate.variablesOf(t.turn().content())) {
                        if (!c.testCase().vars().containsKey(var)) {
                            throw error(
                                    t.node(),
                                    "this turn of case '" + c.testCase().id() + "' uses {{" + var
                                            + "}}, which the case does not give. Add '" + var
                                            + ": ...' under the case's 'vars'.");
                        }
                    }
                }
                for (PromptTemplate prompt : prompts) {
                    for (String var : prompt.variables()) {
                        if (!c.testCase().vars().containsKey(var)) {
                            throw error(
                                    c.node(),
                                    "case '" + c.testCase().id() + "' has no value for {{" + var
                                            + "}} used by prompt '" + prompt.id() + "'. Add '" + var
                                            + ": ...' under this case's 'vars'.");
                        }
                    }
                }
            }
        }

        private Defaults defaults(Node node) {
            Map<String, NodeTuple> map = mapping(node, "defaults", DEFAULT_KEYS);
            double temperature = map.containsKey("temperature")
                    ? number(value(map, "temperature"), "temperature", 0, 2)
                    : Defaults.STANDARD.temperature();
            int maxTokens = map.containsKey("max_tokens")
                    ? integer(value(map, "max_tokens"), "max_tokens", 1, 1_000_000)
                    : Defaults.STANDARD.maxTokens();
            Long seed = map.containsKey("seed")
                    ? Long.valueOf(integer(value(map, "seed"), "seed", 0, Integer.MAX_VALUE))
                    : Defaults.STANDARD.seed();
            return new Defaults(temperature, maxTokens, seed);
        }

        private List<ProviderConfig> providers(
                Node node, Defaults defaults, List<ResponseSchema> schemas, List<Tools> toolSets) {
            List<ProviderConfig> configs = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            List<Node> items = sequence(node, "providers");
            if (items.isEmpty()) {
                throw error(node, "'providers' is empty. Add at least one entry, e.g. '- type: llamacpp'.");
            }
            for (Node item : items) {
                Map<String, NodeTuple> map = mapping(item, "a provider", null);
                Node typeNode = required(item, map, "type", "add 'type:' with one of " + registry.types());
                String type = text(typeNode, "type");
                ProviderFactory factory = registry.find(type)
                        .orElseThrow(() -> error(
                                typeNode,
                                "unknown provider type '" + type + "'." + suggestion(type, registry.types())
                                        + " Known types: " + String.join(", ", registry.types())
                                        + ". A provider of another type must be on the class path."));
                if (map.containsKey(Reasoning.KEY) && !factory.acceptsReasoning()) {
                    throw error(
                            map.get(Reasoning.KEY).getKeyNode(),
                            "provider type '" + type + "' takes no 'reasoning' settings (it has no reasoning"
                                    + " controls to map them to). Remove 'reasoning:' from this provider.");
                }
                Set<String> allowed = new TreeSet<>(PROVIDER_COMMON_KEYS);
                if (!factory.acceptsReasoning()) {
                    allowed.remove(Reasoning.KEY);
                }
                allowed.addAll(factory.optionKeys());
                checkKeys(map, "provider type '" + type + "'", allowed);
                String id = map.containsKey("id") ? text(value(map, "id"), "id") : null;
                if (id != null && !ids.add(id)) {
                    throw error(
                            value(map, "id"), "duplicate provider id '" + id + "'. Give every provider its own id.");
                }
                Duration timeout = map.containsKey("timeout_ms")
                        ? Duration.ofMillis(integer(value(map, "timeout_ms"), "timeout_ms", 1, Integer.MAX_VALUE))
                        : null;
                HardwareSpec hardware = map.containsKey("hardware") ? hardware(value(map, "hardware")) : null;
                ReasoningAt reasoning =
                        map.containsKey(Reasoning.KEY) ? reasoning(value(map, Reasoning.KEY), defaults) : null;
                boolean sendsSchema = true;
                if (map.containsKey(ResponseSchema.KEY)) {
                    Node f = value(map, ResponseSchema.KEY);
                    if (!(f instanceof ScalarNode sc) || !sc.getValue().equals(NO_FORMAT)) {
                        throw error(
                                f,
                                "a provider's 'response_format' can only be 'none' (send it the prompts without their"
                                        + " schema); the schema itself is set on the suite or on a prompt.");
                    }
                    sendsSchema = false;
                }
                boolean sendsTools = true;
                if (map.containsKey(ToolSpec.KEY)) {
                    Node f = value(map, ToolSpec.KEY);
                    if (!(f instanceof ScalarNode sc) || !sc.getValue().equals(NO_FORMAT)) {
                        throw error(
                                f,
                                "a provider's 'tools' can only be 'none' (send it the prompts without their tools);"
                                        + " the tools themselves are declared at the top of the suite.");
                    }
                    sendsTools = false;
                }
                Map<String, Object> options = new LinkedHashMap<>();
                for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
                    if (!PROVIDER_COMMON_KEYS.contains(e.getKey())) {
                        options.put(e.getKey(), plain(e.getValue().getValueNode()));
                    }
                }
                Path baseDir = file.toAbsolutePath().getParent();
                List<Reasoning> levels = reasoning == null ? Collections.singletonList(null) : reasoning.levels();
                for (Reasoning level : levels) {
                    String sweepLevel = reasoning != null && reasoning.sweep()
                            ? level.effort().word()
                            : null;
                    ProviderConfig config =
                            new ProviderConfig(type, id, options, baseDir, env, timeout, hardware, level, sweepLevel);
                    if (!sendsSchema) {
                        config = config.withoutResponseSchema();
                    }
                    if (!sendsTools) {
                        config = config.withoutTools();
                    }
                    try {
                        factory.validate(config);
                        for (ResponseSchema schema : sendsSchema ? schemas : List.<ResponseSchema>of()) {
                            factory.validateResponseSchema(config, schema);
                        }
                        for (Tools tools : sendsTools ? toolSets : List.<Tools>of()) {
                            factory.validateTools(config, tools);
                        }
                    } catch (ConfigException e) {
                        throw error(at(map, typeNode, reasoning, e.key()), e.getMessage());
                    }
                    configs.add(config);
                }
            }
            return configs;
        }

        /** The node a provider's {@link ConfigException} key names: an option, a {@code reasoning.*} key, or the type. */
        private Node at(Map<String, NodeTuple> map, Node typeNode, ReasoningAt reasoning, String key) {
            if (key == null) {
                return typeNode;
            }
            if (reasoning != null && key.startsWith(Reasoning.KEY + ".")) {
                Map<String, NodeTuple> block = reasoning.block();
                String sub = key.substring(Reasoning.KEY.length() + 1);
                return block.containsKey(sub) ? value(block, sub) : reasoning.node();
            }
            if (key.equals(Reasoning.KEY) && reasoning != null) {
                return reasoning.node();
            }
            return map.containsKey(key) ? value(map, key) : typeNode;
        }

        /**
         * A provider's {@code reasoning:} block: {@code effort} (one level, or a list of levels for an
         * effort sweep), {@code budget_tokens} (a whole number, below {@code defaults.max_tokens}) and
         * {@code visible} (true or false). The provider type maps them (and refuses what it cannot map).
         */
        private ReasoningAt reasoning(Node node, Defaults defaults) {
            Map<String, NodeTuple> m = mapping(node, "reasoning", REASONING_KEYS);
            if (m.isEmpty()) {
                throw error(
                        node,
                        "'reasoning' needs at least one of effort, budget_tokens, visible, e.g. "
                                + "'reasoning: {effort: medium}'.");
            }
            List<Reasoning.Effort> efforts = new ArrayList<>();
            boolean sweep = false;
            if (m.containsKey("effort")) {
                Node e = value(m, "effort");
                sweep = e instanceof SequenceNode;
                List<Node> items = sweep ? ((SequenceNode) e).getValue() : List.of(e);
                if (items.isEmpty()) {
                    throw error(e, "'reasoning.effort' lists no level. Give one of low, medium, high, or a list.");
                }
                for (Node item : items) {
                    String word = text(item, "reasoning.effort");
                    Reasoning.Effort effort = Reasoning.Effort.parse(word);
                    if (effort == null) {
                        throw error(
                                item,
                                "'reasoning.effort' must be low, medium or high (or a list of them for an effort "
                                        + "sweep), found '" + word + "'.");
                    }
                    if (efforts.contains(effort)) {
                        throw error(item, "'reasoning.effort' lists '" + word + "' twice. Keep one.");
                    }
                    efforts.add(effort);
                }
            }
            Integer budget = null;
            if (m.containsKey("budget_tokens")) {
                budget = integer(value(m, "budget_tokens"), "reasoning.budget_tokens", 0, 100_000_000);
                if (budget >= defaults.maxTokens()) {
                    throw error(
                            value(m, "budget_tokens"),
                            "'reasoning.budget_tokens' (" + budget + ") must be below 'defaults.max_tokens' ("
                                    + defaults.maxTokens() + "): reasoning and answer share max_tokens, so the "
                                    + "answer would get no room (Anthropic refuses such a request). Fix: raise "
                                    + "'defaults.max_tokens' above " + budget + " or lower 'budget_tokens'.");
                }
            }
            Boolean visible = null;
            if (m.containsKey("visible")) {
                Node v = value(m, "visible");
                if (!(plain(v) instanceof Boolean b)) {
                    throw error(v, "'reasoning.visible' must be true or false, found " + describe(v) + ".");
                }
                visible = b;
            }
            Reasoning base = new Reasoning(efforts.isEmpty() ? null : efforts.get(0), budget, visible);
            List<Reasoning> levels =
                    sweep ? efforts.stream().map(base::withEffort).toList() : List.of(base);
            return new ReasoningAt(node, m, levels, sweep);
        }

        /** Validates a provider's {@code hardware:} block; an error points at the offending key's value. */
        @SuppressWarnings("unchecked")
        private HardwareSpec hardware(Node node) {
            Map<String, NodeTuple> block = mapping(node, "hardware", null);
            try {
                return HardwareSpec.parse("hardware", (Map<String, Object>) plain(node));
            } catch (ConfigException e) {
                String sub = e.key() != null && e.key().startsWith("hardware.")
                        ? e.key().substring(9)
                        : null;
                Node at = sub == null || !block.containsKey(sub)
                        ? node
                        : sub.equals("usd_per_hour")
                                ? value(block, sub)
                                : block.get(sub).getKeyNode();
                throw error(at, sentence(e.getMessage()));
            }
        }

        // ---- node helpers ----

        private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode mappingNode)) {
                throw error(node, what + " must be a mapping of 'key: value' lines, found " + describe(node) + ".");
            }
            Map<String, NodeTuple> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mappingNode.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode scalar)) {
                    throw error(keyNode, "keys in " + what + " must be plain words.");
                }
                if (map.put(scalar.getValue(), tuple) != null) {
                    throw error(
                            keyNode, "duplicate key '" + scalar.getValue() + "' in " + what + ". Keep one of the two.");
                }
            }
            if (allowed != null) {
                checkKeys(map, what, allowed);
            }
            return map;
        }

        private void checkKeys(Map<String, NodeTuple> map, String what, Set<String> allowed) {
            for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw error(
                            e.getValue().getKeyNode(),
                            "unknown key '" + e.getKey() + "' in " + what + "." + suggestion(e.getKey(), allowed)
                                    + " Allowed keys: " + String.join(", ", allowed) + ".");
                }
            }
        }

        private Node required(Node parent, Map<String, NodeTuple> map, String key, String fix) {
            if (!map.containsKey(key) || isNull(value(map, key))) {
                throw error(parent, "'" + key + "' is missing. Fix: " + fix + ".");
            }
            return value(map, key);
        }

        private List<Node> sequence(Node node, String what) {
            if (!(node instanceof SequenceNode seq)) {
                throw error(
                        node,
                        "'" + what + "' must be a list (lines starting with '- '), found " + describe(node) + ".");
            }
            return seq.getValue();
        }

        private String text(Node node, String key) {
            if (!(node instanceof ScalarNode scalar) || isNull(node)) {
                throw error(node, "'" + key + "' must be a single value, found " + describe(node) + ".");
            }
            return scalar.getValue();
        }

        private int integer(Node node, String key, long min, long max) {
            String raw = text(node, key);
            long value;
            try {
                if (!((ScalarNode) node).getTag().equals(Tag.INT)) {
                    throw new NumberFormatException();
                }
                value = Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(
                        node,
                        "'" + key + "' must be a whole number, found '" + raw + "'. Write it without quotes or units,"
                                + " e.g. '" + leaf(key) + ": " + example(min, max) + "'.");
            }
            if (value < min || value > max) {
                throw error(
                        node,
                        "'" + key + "' must be between " + min + " and " + max + ", found " + value + ". Give a whole"
                                + " number in that range, e.g. '" + leaf(key) + ": " + example(min, max) + "'.");
            }
            return (int) value;
        }

        private double number(Node node, String key, double min, double max) {
            String raw = text(node, key);
            Object plain = plain(node);
            if (!(plain instanceof Number n)) {
                throw error(
                        node,
                        "'" + key + "' must be a number, found '" + raw + "'. Write it without quotes or units, e.g. '"
                                + leaf(key) + ": " + fmt(Math.max(min, Math.min(max, 1))) + "'.");
            }
            double value = n.doubleValue();
            if (value < min || value > max) {
                throw error(
                        node,
                        "'" + key + "' must be between " + fmt(min) + " and " + fmt(max) + ", found " + raw
                                + ". Give a number in that range.");
            }
            return value;
        }

        /** The key as it is written on its own line: the last part of a dotted path. */
        private static String leaf(String key) {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        /** A value to show in an example: the range's lower end, or 1 when that is allowed. */
        private static long example(long min, long max) {
            return Math.max(min, Math.min(max, 1));
        }

        private SuiteException error(Node node, String problem) {
            Mark mark = node.getStartMark();
            return new SuiteException(file, mark.getLine() + 1, mark.getColumn() + 1, problem);
        }
    }

    // ---- static helpers ----

    private static Node value(Map<String, NodeTuple> map, String key) {
        return map.get(key).getValueNode();
    }

    private static String sentence(String message) {
        return message.endsWith(".") ? message : message + ".";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** Converts a node to plain Java values: Long, Double, Boolean, String, List, Map, null. */
    static Object plain(Node node) {
        if (node instanceof ScalarNode scalar) {
            String v = scalar.getValue();
            Tag tag = scalar.getTag();
            try {
                if (tag.equals(Tag.INT)) {
                    return Long.parseLong(v.replace("_", ""));
                }
                if (tag.equals(Tag.FLOAT)) {
                    return Double.parseDouble(v.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                return v;
            }
            if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
            }
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            return v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(n -> list.add(plain(n)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            map.put(String.valueOf(plain(t.getKeyNode())), plain(t.getValueNode()));
        }
        return map;
    }

    private static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        if (node instanceof ScalarNode s) {
            return "'" + abbreviate(s.getValue()) + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** " Did you mean 'x'?" when a known word is within edit distance 2, else "". */
    static String suggestion(String given, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = Text.levenshtein(given.toLowerCase(Locale.ROOT), candidate, bestDistance);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " Did you mean '" + best + "'?";
    }

    private record CaseAt(TestCase testCase, Node node, List<TurnAt> turns) {}

    private record TurnAt(ScriptTurn turn, Node node) {}

    /**
     * A parsed {@code reasoning:} block and where it was written.
     *
     * @param levels one settings per effort level (one element unless it is a sweep)
     * @param sweep  whether {@code effort} was a list (an effort sweep, even of one level)
     */
    private record ReasoningAt(Node node, Map<String, NodeTuple> block, List<Reasoning> levels, boolean sweep) {}
}
