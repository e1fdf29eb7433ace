package dev.vernier.provider.llamacpp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The facts Vernier reports about a GGUF file, read from its header without loading any weights:
 * the key-value metadata and the tensor table (names, shapes, types), never the tensor data.
 *
 * @param version         GGUF format version (1 to 3)
 * @param architecture    {@code general.architecture}, null when absent
 * @param name            {@code general.name}, null when absent
 * @param licence         {@code general.license}, null when absent
 * @param hasChatTemplate whether {@code tokenizer.chat_template} is present and not blank
 * @param fileType        {@code general.file_type} (llama.cpp's ftype number), null when absent
 * @param parameterCount  number of weights summed over every tensor
 * @param tensorType      the ggml type holding most weights (e.g. {@code Q4_K}), null without tensors
 * @param tokenizerModel  {@code tokenizer.ggml.model} (e.g. {@code llama} for SentencePiece,
 *                        {@code gpt2} for byte-level BPE), null when absent
 * @param addBosToken     {@code tokenizer.ggml.add_bos_token}, null when absent
 */
public record GgufMetadata(
        int version,
        String architecture,
        String name,
        String licence,
        boolean hasChatTemplate,
        Integer fileType,
        long parameterCount,
        String tensorType,
        String tokenizerModel,
        Boolean addBosToken) {

    private static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32

    /** The four bytes every GGUF file starts with. */
    static boolean hasGgufMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F';
        }
    }

    /**
     * Reads the header of a GGUF file.
     *
     * @throws IOException when the file cannot be read or is not GGUF
     */
    public static GgufMetadata read(Path file) throws IOException {
        long size = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return new Reader(in, size, file).read();
        } catch (EOFException e) {
            throw new IOException(file + " ends inside its GGUF header; the file is truncated", e);
        }
    }

    /**
     * Whether llama.cpp puts a BOS token before the prompt: the header's own flag when present,
     * else llama.cpp's default for the tokenizer kind (yes for SentencePiece and WordPiece).
     */
    public boolean addsBos() {
        if (addBosToken != null) {
            return addBosToken;
        }
        return "llama".equals(tokenizerModel) || "bert".equals(tokenizerModel);
    }

    /**
     * The quantisation as people name it: the file type when the header gives one (e.g.
     * {@code Q4_K_M}), else the tensor type holding most weights; null when neither is known.
     */
    public String quantisation() {
        if (fileType != null) {
            String named = fileTypeName(fileType);
            if (named != null) {
                return named;
            }
        }
        return tensorType;
    }

    /** llama.cpp's {@code llama_ftype} names, without the {@code MOSTLY_} prefix. */
    static String fileTypeName(int fileType) {
        return switch (fileType) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 11 -> "Q3_K_S";
            case 12 -> "Q3_K_M";
            case 13 -> "Q3_K_L";
            case 14 -> "Q4_K_S";
            case 15 -> "Q4_K_M";
            case 16 -> "Q5_K_S";
            case 17 -> "Q5_K_M";
            case 18 -> "Q6_K";
            case 19 -> "IQ2_XXS";
            case 20 -> "IQ2_XS";
            case 21 -> "Q2_K_S";
            case 22 -> "IQ3_XS";
            case 23 -> "IQ3_XXS";
            case 24 -> "IQ1_S";
            case 25 -> "IQ4_NL";
            case 26 -> "IQ3_S";
            case 27 -> "IQ3_M";
            case 28 -> "IQ2_S";
            case 29 -> "IQ2_M";
            case 30 -> "IQ4_XS";
            case 31 -> "IQ1_M";
            case 32 -> "BF16";
            case 36 -> "TQ1_0";
            case 37 -> "TQ2_0";
            default -> null;
        };
    }

    /** ggml's tensor type names, by number. */
    static String tensorTypeName(int type) {
        String[] names = {
            "F32", "F16", "Q4_0", "Q4_1", null, null, "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
            "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16",
            "I32", "I64", "F64", "IQ1_M", "BF16", null, null, null, "TQ1_0", "TQ2_0"
        };
        return type >= 0 && type < names.length && names[type] != null ? names[type] : "type" + type;
    }

    /** A streaming little-endian reader of the header; skips everything it does not keep. */
    private static final class Reader {
        private static final int MAX_KEPT_STRING = 1 << 20;

        private final DataInputStream in;
        private final long fileSize;
        private final Path file;
        private int version;

        Reader(DataInputStream in, long fileSize, Path file) {
            this.in = in;
            this.fileSize = fileSize;
            this.file = file;
        }

        GgufMetadata read() throws IOException {
            if (u32() != MAGIC) {
                throw new IOException(file + " is not a GGUF file (it does not start with 'GGUF')."
                        + " Fix: point 'model' at a .gguf file, or convert the model with llama.cpp's convert script.");
            }
            version = u32();
            if (version < 1 || version > 3) {
                throw new IOException(file + " has GGUF version " + version + "; versions 1 to 3 are understood");
            }
            long tensorCount = count("tensor count");
            long kvCount = count("metadata count");
            Map<String, Object> kept = new HashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string(MAX_KEPT_STRING);
                int type = u32();
                Object value = value(type, key);
                if (value != null) {
                    kept.put(key, value);
                }
            }
            long parameters = 0;
            Map<String, Long> weightsByType = new HashMap<>();
            for (long i = 0; i < tensorCount; i++) {
                skipString();
                int dims = u32();
                if (dims < 0 || dims > 8) {
                    throw malformed("tensor with " + dims + " dimensions");
                }
                long elements = 1;
                for (int d = 0; d < dims; d++) {
                    elements = Math.multiplyExact(elements, u64());
                }
                String type = tensorTypeName(u32());
                u64(); // offset of the data
                parameters += elements;
                weightsByType.merge(type, elements, Long::sum);
            }
            String dominant = weightsByType.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(null);
            Object template = kept.get("tokenizer.chat_template");
            Object fileType = kept.get("general.file_type");
            Object addBos = kept.get("tokenizer.ggml.add_bos_token");
            return new GgufMetadata(
                    version,
                    text(kept.get("general.architecture")),
                    text(kept.get("general.name")),
                    text(kept.get("general.license")),
                    template instanceof String s && !s.isBlank(),
                    fileType instanceof Number n ? n.intValue() : null,
                    parameters,
                    dominant,
                    text(kept.get("tokenizer.ggml.model")),
                    addBos instanceof Boolean b ? b : null);
        }

        private static String text(Object value) {
            return value instanceof String s && !s.isBlank() ? s : null;
        }

        /** Reads one value; returns scalars and strings, skips arrays (returns null). */
        private Object value(int type, String key) throws IOException {
            return switch (type) {
                case 0, 1 -> (long) (type == 0 ? in.readUnsignedByte() : in.readByte());
                case 2 -> (long) Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                case 3 -> (long) Short.reverseBytes(in.readShort());
                case 4 -> Integer.toUnsignedLong(u32());
                case 5 -> (long) u32();
                case 6 -> (double) Float.intBitsToFloat(u32());
                case 7 -> in.readByte() != 0;
                case 8 -> string(MAX_KEPT_STRING);
                case 9 -> {
                    skipArray(key);
                    yield null;
                }
                case 10, 11 -> u64();
                case 12 -> Double.longBitsToDouble(u64());
                default -> throw malformed("metadata '" + key + "' has unknown value type " + type);
            };
        }

        private void skipArray(String key) throws IOException {
            int elementType = u32();
            long n = count("array length of '" + key + "'");
            long width = switch (elementType) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                default -> -1;
            };
            if (width > 0) {
                skip(Math.multiplyExact(n, width));
                return;
            }
            for (long i = 0; i < n; i++) {
                if (elementType == 8) {
                    skipString();
                } else if (elementType == 9) {
                    skipArray(key);
                } else {
                    throw malformed("array '" + key + "' has unknown element type " + elementType);
                }
            }
        }

        /** Reads a string, or skips it and returns null when longer than {@code limit} bytes. */
        private String string(int limit) throws IOException {
            long length = count("string length");
            if (length > limit) {
                skip(length);
                return null;
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) {
                throw new EOFException();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private void skipString() throws IOException {
            skip(count("string length"));
        }

        private void skip(long bytes) throws IOException {
            if (bytes > fileSize) {
                throw malformed("a length of " + bytes + " bytes in a file of " + fileSize);
            }
            in.skipNBytes(bytes);
        }

        /** A count or length: uint32 in GGUF v1, uint64 later; must fit in the file. */
        private long count(String what) throws IOException {
            long value = version == 1 ? Integer.toUnsignedLong(u32()) : u64();
            if (value < 0 || value > fileSize) {
                throw malformed(what + " " + Long.toUnsignedString(value));
            }
            return value;
        }

        private int u32() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        private long u64() throws IOException {
            return Long.reverseBytes(in.readLong());
        }

        private IOException malformed(String what) {
            return new IOException(file + " has a malformed GGUF header: " + what);
        }
    }
}
