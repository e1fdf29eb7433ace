package dev.vernier.core.suite;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every key a suite file may hold, section by section, with what it means: the one description of
 * the suite format. The loader takes its allowed keys from here (an unknown key is an error naming
 * these), and {@code docs/suites.md} shows {@link #markdown()} (a test keeps the two equal), so the
 * format, its checks and its documentation cannot drift apart. Provider types and assertion types
 * add keys of their own, listed by {@code vernier providers} and in the docs of each type.
 */
public final class SuiteSchema {

    /** One key and its meaning (with its default, where it has one). */
    public record Key(String name, String meaning) {}

    /**
     * The keys of one mapping of a suite.
     *
     * @param path  where the mapping stands, e.g. {@code load.stop_when}; empty for the top level
     * @param title how messages name it, e.g. {@code a prompt}
     * @param keys  its keys, in the order the docs show them
     */
    public record Section(String path, String title, List<Key> keys) {

        public Section {
            keys = List.copyOf(keys);
        }

        /** The key names, in order. */
        public Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            keys.forEach(k -> names.add(k.name()));
            return names;
        }
    }

    private SuiteSchema() {}

    private static Key key(String name, String meaning) {
        return new Key(name, meaning);
    }

    /** The top level of a suite. */
    public static final Section SUITE = new Section(
            "",
            "the suite",
            List.of(
                    key("name", "suite name; default: the file name without its extension"),
                    key("description", "free text shown in the reports"),
                    key("prompts", "required: prompt templates with `{{vars}}`; every case is sent with every prompt"),
                    key("cases", "cases with their `vars` and assertions; default: one case without vars"),
                    key("providers", "required (unless providers are given in code): who answers, in order"),
                    key("defaults", "generation parameters sent to every provider"),
                    key("repeats", "measured repetitions of every case x prompt x provider; default 1"),
                    key(
                            "warmup",
                            "warm-up requests per provider, sent first and left out of every statistic; default 0"),
                    key("concurrency", "requests in flight per provider (closed loop); default 1; or use `load`"),
                    key("timeout_ms", "per-request time limit; default 60000"),
                    key("default_assert", "assertions applied to every case, before its own"),
                    key("prices", "API prices to add or override, USD per 1M tokens"),
                    key("expected_monthly_tokens", "your expected monthly volume, for the break-even verdicts"),
                    key("load", "how requests are offered: closed or open loop, one step or a sweep"),
                    key("slo", "latency objectives (from t_intended) for goodput and the saturation point"),
                    key(
                            "response_format",
                            "structured output: the JSON Schema every answer must follow, sent natively to each provider and checked on every answer; a prompt's own overrides it; see docs/structured-output.md"),
                    key(
                            "tools",
                            "tool calling: the tools a model may call (`name`, `description`, `parameters`), declared once and sent natively to each provider; every prompt declares all of them unless it says otherwise; see docs/tools.md"),
                    key(
                            "max_tool_rounds",
                            "the most tool rounds (sets of mocked results sent back) a user turn may take before its loop ends; default 3")));

    /** One entry of {@code prompts:} (or a plain string, which is its template). */
    public static final Section PROMPT = new Section(
            "prompts[]",
            "a prompt",
            List.of(
                    key("id", "default p1, p2, ..."),
                    key("template", "the prompt text, with `{{vars}}`; required unless `messages` is given"),
                    key("system", "a system prompt, may use `{{vars}}` too"),
                    key(
                            "messages",
                            "instead of `template`/`system`: the messages sent, in order, the last one from `user`; see docs/conversations.md"),
                    key(
                            "response_format",
                            "this prompt's JSON Schema (as the suite's `response_format`), or `none` for free text; overrides the suite's"),
                    key(
                            "tools",
                            "the suite's tools this prompt declares: a list of their names, `all` (the default) or `none`"),
                    key(
                            "tool_choice",
                            "`auto` (default: the model decides), `required` (it must call one), `none` (it must not), or a tool's name (it must call that one)")));

    /** One entry of the top-level {@code tools:}. */
    public static final Section TOOL = new Section(
            "tools[]",
            "a tool",
            List.of(
                    key(
                            "name",
                            "required: what the model calls it; a letter or `_`, then letters, digits, `_` or `-`, at most 64"),
                    key("description", "what the tool does, in words the model reads"),
                    key(
                            "parameters",
                            "the JSON Schema of its arguments, an object schema (a YAML mapping, or a JSON string); default: no arguments"),
                    key("parameters_file", "or: a JSON file holding that schema, relative to the suite file")));

    /** One entry of a prompt's {@code messages:}. */
    public static final Section MESSAGE = new Section(
            "prompts[].messages[]",
            "a message",
            List.of(
                    key(
                            "role",
                            "required: `system` (only before the first `user` or `assistant` message), `user` or `assistant`"),
                    key("content", "required: the message text, with `{{vars}}`")));

    /** One entry of {@code cases:}. */
    public static final Section CASE = new Section(
            "cases[]",
            "a case",
            List.of(
                    key("id", "default case-1, case-2, ..."),
                    key("description", "free text"),
                    key("vars", "values for every `{{var}}` any prompt uses"),
                    key(
                            "assert",
                            "assertions scored on every output of the case (with `turns`: on the reply to the prompt)"),
                    key(
                            "turns",
                            "a multi-turn script: later user turns, each sent after the model's previous reply; see docs/conversations.md"),
                    key("threshold", "weighted share of assertions that must pass, 0..1; default 1 (all)"),
                    key(
                            "tool_results",
                            "mocked tool results by tool name: one value answers every call, a list answers the calls one by one, `by_arguments` answers by the call's arguments; with them a model's calls are answered and the loop runs to a final answer; see docs/tools.md")));

    /** One entry of a case's {@code turns:} (or a plain string, which is its content). */
    public static final Section TURN = new Section(
            "cases[].turns[]",
            "a turn",
            List.of(
                    key("content", "required: the user message, with `{{vars}}` from the case"),
                    key("assert", "assertions scored on the reply to this turn (after `default_assert`)")));

    /** One assertion; a scorer may take further keys (a judge's `provider`, `rubric`). */
    public static final Section ASSERT = new Section(
            "cases[].assert[]",
            "an assertion",
            List.of(
                    key("type", "required: the scorer, e.g. `contains`; `not-` before it negates it"),
                    key("value", "what the scorer compares with (text, number, list or map)"),
                    key("threshold", "pass mark of a graded scorer (similarity, judge, edit distance)"),
                    key("weight", "weight in the case's weighted share; default 1")));

    /** {@code defaults:}. */
    public static final Section DEFAULTS = new Section(
            "defaults",
            "defaults",
            List.of(
                    key("temperature", "sampling temperature, 0..2; default 0.0"),
                    key("max_tokens", "output token limit; default 128"),
                    key("seed", "sampling seed where the provider takes one; default 42")));

    /** The keys every provider entry may have; its type adds its own options. */
    public static final Section PROVIDER = new Section(
            "providers[]",
            "a provider",
            List.of(
                    key("type", "required: the provider type (`vernier providers` lists them)"),
                    key("id", "unique id in reports; default `type:model`"),
                    key("timeout_ms", "this provider's own per-request time limit"),
                    key(
                            "hardware",
                            "what the hardware costs (`gpu`, `cpu` or `name`, and `usd_per_hour`), to price a self-hosted provider's requests"),
                    key(
                            "reasoning",
                            "a reasoning model's controls (`effort`, `budget_tokens`, `visible`), mapped to the vendor's own; see docs/reasoning.md"),
                    key(
                            "response_format",
                            "`none` sends this provider the prompts without their JSON Schema (free text): list a model twice, with and without it, to pair the cost of constrained decoding"),
                    key(
                            "tools",
                            "`none` sends this provider the prompts without their tools (and runs no tool loop), for a type that cannot send tools or to measure what declaring them costs")));

    /** {@code providers[].reasoning:}. */
    public static final Section REASONING = new Section(
            "providers[].reasoning",
            "reasoning",
            List.of(
                    key(
                            "effort",
                            "`low`, `medium` or `high`; a list of levels is an effort sweep, one provider per level"),
                    key(
                            "budget_tokens",
                            "reasoning token budget, below `defaults.max_tokens`; 0 turns thinking off where the vendor can"),
                    key("visible", "`true` asks for the reasoning (or its summary) in the stream, `false` hides it")));

    /** {@code response_format:} of the suite or of a prompt. */
    public static final Section RESPONSE_FORMAT = new Section(
            "response_format",
            "response_format",
            List.of(
                    key("schema", "the JSON Schema, inline (a YAML mapping, or a JSON string); an object schema"),
                    key("schema_file", "or: a JSON file holding the schema, relative to the suite file"),
                    key(
                            "name",
                            "the schema's name where a vendor asks for one (letters, digits, `_`, `-`); default `response`")));

    /** {@code load:}. */
    public static final Section LOAD = new Section(
            "load",
            "load",
            List.of(
                    key("concurrency", "closed loop: N workers (a list is a sweep, run step after step)"),
                    key(
                            "rate",
                            "open loop: requests per second, sent when due whatever the responses do (a list is a sweep)"),
                    key("arrivals", "open-loop spacing: `constant` (default) or `poisson` (seeded)"),
                    key(
                            "max_in_flight",
                            "open-loop cap; a due request waits for a slot, and that wait is queueing delay"),
                    key(
                            "requests",
                            "requests per step, cycling through case x prompt x repeat; default: the plan once"),
                    key("duration_s", "or: how long each step sends requests"),
                    key("warmup_s", "requests due in a step's first seconds are warm-ups, left out of statistics"),
                    key("cool_down_s", "pause between steps"),
                    key("seed", "seed of Poisson arrivals"),
                    key("stop_when", "ends a step early, and the provider's sweep with it, saying why")));

    /** {@code load.stop_when:}. */
    public static final Section STOP_WHEN = new Section(
            "load.stop_when",
            "load.stop_when",
            List.of(
                    key("error_rate", "stop when failed / completed exceeds this"),
                    key("p95_ttft_ms", "stop when the step's p95 TTFT exceeds this"),
                    key("min_requests", "completions before the rule applies; default 10")));

    /** {@code slo:}. */
    public static final Section SLO = new Section(
            "slo",
            "slo",
            List.of(
                    key("ttft_ms", "TTFT limit, measured from t_intended"),
                    key("e2e_ms", "end-to-end latency limit, measured from t_intended"),
                    key("tpot_ms", "time per output token limit")));

    /** Every section, in the order the docs show them. */
    public static List<Section> sections() {
        return List.of(
                SUITE,
                TOOL,
                PROMPT,
                MESSAGE,
                CASE,
                TURN,
                ASSERT,
                DEFAULTS,
                PROVIDER,
                REASONING,
                RESPONSE_FORMAT,
                LOAD,
                STOP_WHEN,
                SLO);
    }

    /** The tables of keys for the docs: one per section. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        for (Section s : sections()) {
            b.append("#### `")
                    .append(s.path().isEmpty() ? "(top level)" : s.path())
                    .append("`\n\n");
            b.append("| key | meaning |\n| --- | --- |\n");
            for (Key k : s.keys()) {
                b.append("| `")
                        .append(k.name())
                        .append("` | ")
                        .append(k.meaning())
                        .append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
