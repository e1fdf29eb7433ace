package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cursor accepts exactly the JSON texts Jackson accepts (checked on hand-picked edge cases and
 * on thousands of random documents and random one-character mutations of them), reads strings as
 * Jackson decodes them, and hands over raw values that parse to the same tree.
 */
class JsonCursorTest {

    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void walks_a_chat_chunk_reading_only_the_fields_asked_for() throws Exception {
        byte[] line = ("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" hi\"},"
                        + "\"finish_reason\":null}],\"usage\":{\"completion_tokens\":3}} and more")
                .getBytes(StandardCharsets.UTF_8);
        JsonCursor cursor = new JsonCursor(line, 6, line.length - 6 - " and more".length());
        String content = null;
        String usage = null;
        boolean finishNull = false;
        cursor.beginObject();
        while (cursor.nextField()) {
            if (cursor.fieldIs("choices")) {
                cursor.beginArray();
                assertThat(cursor.nextElement()).isTrue();
                cursor.beginObject();
                while (cursor.nextField()) {
                    if (cursor.fieldIs("delta")) {
                        cursor.beginObject();
                        while (cursor.nextField()) {
                            if (cursor.fieldIs("content")) {
                                content = cursor.readString();
                            } else {
                                cursor.skipValue();
                            }
                        }
                    } else if (cursor.fieldIs("finish_reason")) {
                        finishNull = cursor.atNull();
                        cursor.skipValue();
                    } else {
                        cursor.skipValue();
                    }
                }
                assertThat(cursor.nextElement()).isFalse();
            } else if (cursor.fieldIs("usage")) {
                usage = cursor.rawValue();
            } else {
                cursor.skipValue();
            }
        }
        assertThat(content).isEqualTo(" hi");
        assertThat(finishNull).isTrue();
        assertThat(usage).isEqualTo("{\"completion_tokens\":3}");
        assertThat(cursor.atEnd()).isTrue();
    }

    @Test
    void strings_decode_as_jackson_decodes_them() throws Exception {
        for (String literal : List.of(
                "\"plain\"",
                "\"caf\\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
                "\"\\ud83d\\ude00 pair\"",
                "\"\\u00E9\"",
                "\"\"",
                "\"ünïcödé ✓\"")) {
            assertThat(new JsonCursor(literal).readString())
                    .as(literal)
                    .isEqualTo(Json.mapper().readTree(literal).asText());
        }
    }

    @Test
    void escaped_and_non_ascii_field_names_compare_by_their_decoded_text_as_strings_and_as_names() throws Exception {
        JsonCursor cursor = new JsonCursor("{\"\\u0063ontent\":\"x\",\"caf\u00e9\":1,\"b\\u00e9\":2,\"cafe\":3}");
        String[][] expected = {
            {"content"}, {"conten", "contents", "Content"},
            {"caf\u00e9"}, {"cafe", "caf", "caf\u00e9s"},
            {"b\u00e9"}, {"be", "b"},
            {"cafe"}, {"caf\u00e9", "cafE"},
        };
        cursor.beginObject();
        for (int field = 0; field < 4; field++) {
            assertThat(cursor.nextField()).isTrue();
            for (String name : expected[2 * field]) {
                assertThat(cursor.fieldIs(name)).as(name).isTrue();
                assertThat(cursor.fieldIs(JsonCursor.Name.of(name))).as(name).isTrue();
            }
            for (String name : expected[2 * field + 1]) {
                assertThat(cursor.fieldIs(name)).as(name).isFalse();
                assertThat(cursor.fieldIs(JsonCursor.Name.of(name))).as(name).isFalse();
            }
            cursor.skipValue();
        }
        assertThat(cursor.nextField()).isFalse();
    }

    @Test
    void a_cursor_over_part_of_an_array_stops_at_the_given_length() {
        byte[] bytes = "[1,2]]]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new JsonCursor(bytes, 0, 4).skipValue()).isInstanceOf(JsonCursor.Malformed.class);
    }

    @Test
    void accepts_exactly_what_jackson_accepts_on_edge_cases() {
        List<String> texts = List.of(
                "{}",
                "[]",
                "[ ]",
                "{ }",
                "0",
                "-0",
                "1.5e+3",
                "1E-2",
                "-12.0e7",
                "01",
                "1.",
                ".5",
                "+1",
                "1e",
                "-",
                "--1",
                "true",
                "truex",
                "tru",
                "null",
                "nul",
                "NaN",
                "[1,]",
                "[,1]",
                "{,}",
                "{\"a\":1,}",
                "{\"a\" 1}",
                "{\"a\":}",
                "{a:1}",
                "{'a':1}",
                "[1 2]",
                "[1,2]",
                "\"a\nb\"",
                "\"a\\x\"",
                "\"\\u12\"",
                "\"\\u12g4\"",
                "\"open",
                "[",
                "{",
                "]",
                "}",
                "[1]]",
                "{\"a\":[1,{\"b\":null}]}",
                "[\"a\"\"b\"]",
                "[true,false,null]",
                "{\"a\":1}x",
                "[1] ",
                " \t\r\n[1]",
                "[1]/*c*/",
                "[\"\\/\"]",
                "{\"a\":\"x\",\"a\":\"y\"}",
                "[1,[2,[3,[4]]]]",
                "[-]",
                "[0.e1]",
                "[1e+]",
                "{\"\":0}",
                "\"\\\"");
        for (String text : texts) {
            assertThat(cursorAccepts(text)).as(text).isEqualTo(jacksonAccepts(text));
        }
    }

    @Test
    void accepts_exactly_what_jackson_accepts_on_random_documents_and_their_mutations() throws Exception {
        Random random = new Random(20261123L);
        String alphabet = "{}[],:\"\\ 0123456789-+.eEtrufalsn\n\tabcxyz\u00e9";
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 4_000; i++) {
            String doc = document(random, 0);
            assertThat(cursorAccepts(doc)).as(doc).isTrue();
            assertThat(jacksonAccepts(doc)).as(doc).isTrue();
            JsonCursor whole = new JsonCursor(" " + doc + " ");
            assertThat(STRICT.readTree(whole.rawValue())).isEqualTo(STRICT.readTree(doc));
            for (int m = 0; m < 5; m++) {
                StringBuilder mutated = new StringBuilder(doc);
                int at = random.nextInt(mutated.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (at < mutated.length()) {
                            mutated.deleteCharAt(at);
                        }
                    }
                    case 1 -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> {
                        if (at < mutated.length()) {
                            mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                }
                String text = mutated.toString();
                if (text.isBlank()) {
                    continue;
                }
                boolean expected = jacksonAccepts(text);
                assertThat(cursorAccepts(text)).as(text).isEqualTo(expected);
                if (expected) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        // the mutations must exercise both answers, or the comparison says little
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(5_000);
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused_not_a_stack_overflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> new JsonCursor(deep).skipValue())
                .isInstanceOf(JsonCursor.Malformed.class)
                .hasMessageContaining("nested deeper");
        String ok = "[".repeat(JsonCursor.MAX_DEPTH) + "]".repeat(JsonCursor.MAX_DEPTH);
        assertThat(cursorAccepts(ok)).isTrue();
    }

    @Test
    void reading_the_wrong_kind_of_value_is_malformed() {
        assertThatThrownBy(() -> new JsonCursor("[1]").beginObject()).isInstanceOf(JsonCursor.Malformed.class);
        assertThatThrownBy(() -> new JsonCursor("7").readString()).isInstanceOf(JsonCursor.Malformed.class);
        assertThatThrownBy(() -> new JsonCursor("   ").skipValue())
                .isInstanceOf(JsonCursor.Malformed.class)
                .hasMessageContaining("unexpected end");
    }

    private static boolean cursorAccepts(String text) {
        try {
            JsonCursor cursor = new JsonCursor(text);
            cursor.skipValue();
            return cursor.atEnd();
        } catch (JsonCursor.Malformed e) {
            return false;
        }
    }

    private static boolean jacksonAccepts(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node != null && !node.isMissingNode();
        } catch (Exception e) {
            return false;
        }
    }

    /** A random JSON document with random whitespace. */
    private static String document(Random random, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(4) : random.nextInt(6);
        StringBuilder out = new StringBuilder();
        switch (kind) {
            case 0 -> {
                out.append('{').append(space(random));
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',').append(space(random));
                    }
                    out.append(string(random))
                            .append(space(random))
                            .append(':')
                            .append(space(random))
                            .append(document(random, depth + 1))
                            .append(space(random));
                }
                out.append('}');
            }
            case 1 -> {
                out.append('[').append(space(random));
                int n = random.nextInt(4);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(document(random, depth + 1) + space(random));
                }
                out.append(String.join("," + space(random), items)).append(']');
            }
            case 2 -> out.append(string(random));
            case 3 ->
                out.append(List.of("0", "-1", "12.5", "3e7", "-0.25E-3", "42").get(random.nextInt(6)));
            case 4 -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
            default -> out.append("{\"k\":").append(document(random, depth + 1)).append('}');
        }
        return out.toString();
    }

    private static String string(Random random) {
        String[] parts = {"a", "b c", "\\n", "\\\"", "\\u00e9", "\u00fc", "\\\\", "x/y", "\\/", "tok"};
        StringBuilder out = new StringBuilder("\"");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.append(parts[random.nextInt(parts.length)]);
        }
        return out.append('"').toString();
    }

    private static String space(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t";
            default -> "";
        };
    }
}
