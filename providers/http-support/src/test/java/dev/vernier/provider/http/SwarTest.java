package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches find the same first byte as a plain loop, wherever it lies. */
class SwarTest {

    @Test
    void each_search_agrees_with_a_byte_loop_on_random_bytes_offsets_and_lengths() {
        Random random = new Random(7);
        byte[] palette = {
            'a',
            'z',
            ' ',
            '\n',
            '\r',
            '"',
            '\\',
            0x00,
            0x1F,
            0x20,
            0x7F,
            (byte) 0x80,
            (byte) 0xC3,
            (byte) 0xFF,
            0x0A ^ 0x01,
            0x22 ^ 0x01
        };
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            int rare = 1 + random.nextInt(30); // how often a non-letter appears
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(rare) == 0
                        ? palette[random.nextInt(palette.length)]
                        : (byte) ('a' + random.nextInt(26));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(Swar.lineEnd(bytes, from, to)).isEqualTo(naive(bytes, from, to, 0));
            assertThat(Swar.stringSpecial(bytes, from, to)).isEqualTo(naive(bytes, from, to, 1));
        }
    }

    private static int naive(byte[] bytes, int from, int to, int kind) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            boolean hit = switch (kind) {
                case 0 -> b == '\n' || b == '\r';
                default -> b == '"' || b == '\\' || (b >= 0 && b < 0x20);
            };
            if (hit) {
                return i;
            }
        }
        return to;
    }
}
