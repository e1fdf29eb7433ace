package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void clean_text_is_returned_as_is_with_no_repair() {
        String clean = "h\u00e9llo \ud83d\ude00 \u4e2d";
        SafeText.Result r = SafeText.of(clean);
        assertThat(r.text()).isSameAs(clean);
        assertThat(r.repair()).isNull();
    }

    @Test
    void unpaired_high_and_low_surrogates_and_nuls_become_replacement_characters_and_are_counted() {
        SafeText.Result r = SafeText.of("a\ud83d b\ude00 c\u0000 d\ud83d");
        assertThat(r.text()).isEqualTo("a\uFFFD b\uFFFD c\uFFFD d\uFFFD");
        assertThat(r.repair().replaced()).isEqualTo(4);
    }

    @Test
    void the_digest_of_a_text_without_lone_surrogates_is_its_plain_utf8_sha256() throws Exception {
        String raw = "x\u0000y \ud83d\ude00";
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        assertThat(SafeText.of(raw).repair().rawSha256()).isEqualTo(expected);
    }

    @Test
    void texts_differing_only_in_which_surrogate_was_lone_get_different_digests() {
        assertThat(SafeText.of("a\ud83d").repair().rawSha256())
                .isNotEqualTo(SafeText.of("a\ud83e").repair().rawSha256())
                .isNotEqualTo(SafeText.of("a\uFFFD").repair() == null ? "" : "x");
    }
}
