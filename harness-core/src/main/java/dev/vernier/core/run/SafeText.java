package dev.vernier.core.run;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes untrusted text (model output, rendered prompts) safe to write to the journal and the reports:
 * every unpaired UTF-16 surrogate and every NUL becomes U+FFFD. A stream or a suite can carry both as
 * valid JSON escapes ({@code "\ud83d"}, {@code "\u0000"}), yet no UTF-8 file can hold a lone surrogate,
 * and a NUL breaks CSV and HTML readers. The count and the digest of the raw text are kept in the
 * sample's {@link TextRepairs}, so nothing is silently changed.
 */
public final class SafeText {

    /** The character put in place of each unsafe one. */
    public static final char REPLACEMENT = '\uFFFD';

    private SafeText() {}

    /**
     * The text with unsafe characters replaced, and what was replaced.
     *
     * @param raw the text as received; null is treated as empty
     */
    public static Result of(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new Result("", null);
        }
        int firstBad = firstUnsafe(raw);
        if (firstBad < 0) {
            return new Result(raw, null); // the common case: no copy
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, firstBad);
        int replaced = 0;
        for (int i = firstBad; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                out.append(c).append(raw.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
                replaced++;
            } else {
                out.append(c);
            }
        }
        return new Result(out.toString(), new TextRepairs.Repair(replaced, wtf8Sha256(raw)));
    }

    /** Index of the first unpaired surrogate or NUL, or -1. */
    private static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** sha256 of the text encoded as WTF-8: UTF-8, with each unpaired surrogate as its own three bytes. */
    static String wtf8Sha256(String s) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(4);
        for (int i = 0; i < s.length(); i++) {
            int cp = s.charAt(i);
            if (Character.isHighSurrogate((char) cp)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint((char) cp, s.charAt(++i));
            }
            buf.clear();
            if (cp < 0x80) {
                buf.put((byte) cp);
            } else if (cp < 0x800) {
                buf.put((byte) (0xC0 | cp >> 6)).put((byte) (0x80 | cp & 0x3F));
            } else if (cp < 0x10000) {
                buf.put((byte) (0xE0 | cp >> 12))
                        .put((byte) (0x80 | cp >> 6 & 0x3F))
                        .put((byte) (0x80 | cp & 0x3F));
            } else {
                buf.put((byte) (0xF0 | cp >> 18))
                        .put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F))
                        .put((byte) (0x80 | cp & 0x3F));
            }
            digest.update(buf.array(), 0, buf.position());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A made-safe text.
     *
     * @param text   the text with unsafe characters replaced (the raw text itself when none was)
     * @param repair what was replaced, null when nothing was
     */
    public record Result(String text, TextRepairs.Repair repair) {}
}
