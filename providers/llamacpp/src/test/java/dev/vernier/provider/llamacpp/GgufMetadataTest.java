package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufMetadataTest {

    @TempDir
    Path dir;

    @Test
    void reads_architecture_tokenizer_and_weight_count_of_stories260K() throws IOException {
        GgufMetadata meta = GgufMetadata.read(TestModels.stories260K());

        assertThat(meta.version()).isEqualTo(3);
        assertThat(meta.architecture()).isEqualTo("llama");
        assertThat(meta.hasChatTemplate()).isFalse();
        assertThat(meta.licence()).isNull();
        assertThat(meta.tokenizerModel()).isEqualTo("llama");
        assertThat(meta.addsBos()).isTrue();
        // 5 blocks of width 64 plus a 512 x 64 embedding and output: about 0.29 M weights, all F32.
        assertThat(meta.parameterCount()).isBetween(250_000L, 300_000L);
        assertThat(meta.tensorType()).isEqualTo("F32");
        assertThat(meta.quantisation()).isEqualTo("F32");
    }

    @Test
    void reads_licence_chat_template_and_file_type_from_the_header() throws IOException {
        Path file = dir.resolve("synthetic.gguf");
        Files.write(
                file,
                new Gguf()
                        .string("general.architecture", "qwen2")
                        .string("general.name", "Tiny Chat")
                        .string("general.license", "apache-2.0")
                        .u32("general.file_type", 15)
                        .stringArray("tokenizer.ggml.tokens", "a", "bc", "<s>")
                        .f32Array("tokenizer.ggml.scores", 3)
                        .string("tokenizer.ggml.model", "gpt2")
                        .bool("tokenizer.ggml.add_bos_token", false)
                        .string("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}")
                        .tensor("blk.0.attn_q.weight", 12, 4, 3)
                        .tensor("output_norm.weight", 0, 5)
                        .bytes());

        GgufMetadata meta = GgufMetadata.read(file);

        assertThat(meta.architecture()).isEqualTo("qwen2");
        assertThat(meta.name()).isEqualTo("Tiny Chat");
        assertThat(meta.licence()).isEqualTo("apache-2.0");
        assertThat(meta.hasChatTemplate()).isTrue();
        assertThat(meta.fileType()).isEqualTo(15);
        assertThat(meta.quantisation()).isEqualTo("Q4_K_M");
        assertThat(meta.parameterCount()).isEqualTo(4 * 3 + 5);
        assertThat(meta.tensorType()).isEqualTo("Q4_K");
        assertThat(meta.addsBos()).isFalse();
    }

    @Test
    void falls_back_to_the_dominant_tensor_type_without_a_file_type() throws IOException {
        Path file = dir.resolve("nofiletype.gguf");
        Files.write(file, new Gguf().tensor("a", 8, 10, 10).tensor("b", 0, 10).bytes());

        assertThat(GgufMetadata.read(file).quantisation()).isEqualTo("Q8_0");
    }

    @Test
    void rejects_a_file_that_is_not_gguf() throws IOException {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "PK\u0003\u0004 definitely a zip");

        assertThat(GgufMetadata.hasGgufMagic(file)).isFalse();
        assertThatThrownBy(() -> GgufMetadata.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a GGUF file");
    }

    @Test
    void rejects_a_truncated_header() throws IOException {
        byte[] whole = new Gguf()
                .string("general.architecture", "llama")
                .tensor("t", 0, 4)
                .bytes();
        Path file = dir.resolve("cut.gguf");
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));

        assertThatThrownBy(() -> GgufMetadata.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejects_lengths_larger_than_the_file() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII))
                .putInt(3)
                .putLong(0)
                .putLong(1)
                .putLong(1L << 40);
        Path file = dir.resolve("huge.gguf");
        Files.write(file, b.array());

        assertThatThrownBy(() -> GgufMetadata.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed");
    }

    /** Writes a GGUF v3 header (metadata and tensor table, no tensor data). */
    private static final class Gguf {
        private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
        private final ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        private int kvCount;
        private int tensorCount;

        Gguf string(String key, String value) {
            key(key, 8);
            str(kv, value);
            return this;
        }

        Gguf u32(String key, int value) {
            key(key, 4);
            kv.writeBytes(le(4).putInt(value).array());
            return this;
        }

        Gguf bool(String key, boolean value) {
            key(key, 7);
            kv.write(value ? 1 : 0);
            return this;
        }

        Gguf stringArray(String key, String... values) {
            key(key, 9);
            kv.writeBytes(le(12).putInt(8).putLong(values.length).array());
            for (String v : values) {
                str(kv, v);
            }
            return this;
        }

        Gguf f32Array(String key, int n) {
            key(key, 9);
            kv.writeBytes(le(12).putInt(6).putLong(n).array());
            kv.writeBytes(new byte[4 * n]);
            return this;
        }

        Gguf tensor(String name, int type, long... dims) {
            str(tensors, name);
            tensors.writeBytes(le(4).putInt(dims.length).array());
            for (long d : dims) {
                tensors.writeBytes(le(8).putLong(d).array());
            }
            tensors.writeBytes(le(12).putInt(type).putLong(0).array());
            tensorCount++;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(
                    le(20).putInt(3).putLong(tensorCount).putLong(kvCount).array());
            out.writeBytes(kv.toByteArray());
            out.writeBytes(tensors.toByteArray());
            return out.toByteArray();
        }

        private void key(String key, int type) {
            str(kv, key);
            kv.writeBytes(le(4).putInt(type).array());
            kvCount++;
        }

        private static void str(ByteArrayOutputStream out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(le(8).putLong(b.length).array());
            out.writeBytes(b);
        }

        private static ByteBuffer le(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
