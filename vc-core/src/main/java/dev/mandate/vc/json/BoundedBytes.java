package dev.mandate.vc.json;

import dev.mandate.vc.json.JsonInputException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The checks {@link BoundedJson} makes on the raw input before the parser sees it: the size bound (a stream
 * is read at most {@code maxBytes + 1} bytes far), the byte order mark, the linear pre-scan of nesting
 * depth, and strict UTF-8 decoding.
 */
final class BoundedBytes {

    private BoundedBytes() {}

    /** The stream's bytes, reading at most {@code maxBytes + 1}; more is refused as too large. */
    static byte[] readBounded(InputStream in, BoundedJson.Limits limits) throws JsonInputException {
        int cap = limits.maxBytes() + 1;
        byte[] buf = new byte[Math.min(cap, 8192)];
        int len = 0;
        try {
            while (true) {
                if (len == buf.length) {
                    if (buf.length == cap) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) cap, buf.length * 2L));
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
            }
        } catch (IOException e) {
            throw new JsonInputException(Reason.IO, "could not read input: " + ParssonMessages.oneLine(String.valueOf(e.getMessage())));
        }
        if (len > limits.maxBytes()) {
            throw tooLarge(limits);
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    /**
     * Counts the nesting of arrays and objects outside strings. Brackets are ASCII, and ASCII bytes
     * never occur inside multi-byte UTF-8 sequences, so scanning bytes is exact. Malformed JSON is
     * left to the parser; this scan only refuses excessive depth.
     */
    static void scanDepth(byte[] b, int start, int maxDepth) throws JsonInputException {
        int depth = 0;
        boolean inString = false;
        int line = 1;
        int lineStart = start;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++; // skip the escaped character (an escaped quote must not end the string)
                } else if (c == '"') {
                    inString = false;
                } else if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
                continue;
            }
            switch (c) {
                case '"':
                    inString = true;
                    break;
                case '[':
                case '{':
                    if (++depth > maxDepth) {
                        throw new JsonInputException(Reason.TOO_DEEP, "JSON nested deeper than " + maxDepth
                                + " levels (at line " + line + " column " + (i - lineStart + 1) + ")");
                    }
                    break;
                case ']':
                case '}':
                    if (depth > 0) {
                        depth--;
                    }
                    break;
                case '\n':
                    line++;
                    lineStart = i + 1;
                    break;
                default:
                    break;
            }
        }
    }

    /** Strict UTF-8 decoding from {@code start}: a malformed sequence is refused with its byte offset. */
    static char[] decodeUtf8(byte[] bytes, int start) throws JsonInputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            CharBuffer out = decoder.decode(in);
            char[] chars = new char[out.remaining()];
            out.get(chars);
            return chars;
        } catch (MalformedInputException e) {
            throw new JsonInputException(Reason.NOT_UTF8, "input is not UTF-8: invalid byte sequence at byte " + in.position());
        } catch (CharacterCodingException e) {
            throw new JsonInputException(Reason.NOT_UTF8, "input is not UTF-8");
        }
    }

    static boolean isBlank(char[] chars) {
        for (char c : chars) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The error for input above {@code limits.maxBytes()}. */
    static JsonInputException tooLarge(BoundedJson.Limits limits) {
        return new JsonInputException(Reason.TOO_LARGE, "input larger than " + limits.maxBytes() + " bytes");
    }
}
