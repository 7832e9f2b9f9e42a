package dev.mandate.vc.json;

import dev.mandate.vc.json.BoundedJson.Limits;
import dev.mandate.vc.json.JsonInputException.Reason;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedJsonTest {

    /** An endless stream of '[' that counts how many bytes were pulled from it. */
    private static final class CountingStream extends InputStream {
        private final long size;
        private final byte fill;
        long served;

        CountingStream(long size, byte fill) {
            this.size = size;
            this.fill = fill;
        }

        @Override
        public int read() {
            if (served >= size) {
                return -1;
            }
            served++;
            return fill;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - served);
            Arrays.fill(b, off, off + n, fill);
            served += n;
            return n;
        }
    }

    @Test
    void parsesAnObject() throws Exception {
        JsonObject o = BoundedJson.parseObject("{\"a\": [1, 2, {\"b\": \"c\"}], \"d\": null}");
        assertEquals(2, o.getJsonArray("a").getInt(1));
        assertEquals("c", o.getJsonArray("a").getJsonObject(2).getString("b"));
    }

    @Test
    void parsesScalarsAndStreams() throws Exception {
        assertEquals(JsonValue.TRUE, BoundedJson.parse(" true "));
        JsonValue v = BoundedJson.parse(new ByteArrayInputStream("[\"é\"]".getBytes(StandardCharsets.UTF_8)));
        assertEquals("é", v.asJsonArray().getString(0));
    }

    @Test
    void toleratesUtf8ByteOrderMark() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals(1, BoundedJson.parseObject(withBom).getInt("a"));
    }

    @Test
    void fiftyMegabyteStreamIsRefusedAfterReadingOnlyTheLimit() {
        CountingStream in = new CountingStream(50L * 1024 * 1024, (byte) ' ');
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(in, Limits.DEFAULT));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("input larger than 1048576 bytes", e.getMessage());
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.errorType());
        assertTrue(in.served <= Limits.DEFAULT.maxBytes() + 1L,
                "read " + in.served + " bytes of a 50 MB stream; at most maxBytes + 1 allowed");
    }

    @Test
    void fiftyMegabyteArrayAndStringAreRefusedBySize() {
        byte[] big = new byte[50 * 1024 * 1024];
        Arrays.fill(big, (byte) '[');
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(big));
        assertEquals(Reason.TOO_LARGE, e.reason());
        String bigString = "\"" + "x".repeat(50 * 1024 * 1024) + "\"";
        assertEquals(Reason.TOO_LARGE,
                assertThrows(JsonInputException.class, () -> BoundedJson.parse(bigString)).reason());
    }

    @Test
    void sizeLimitCountsUtf8BytesNotChars() throws Exception {
        String json = "\"" + "é".repeat(10) + "\""; // 12 chars, 22 bytes
        Limits limits = Limits.DEFAULT.withMaxBytes(21);
        assertEquals(Reason.TOO_LARGE, assertThrows(JsonInputException.class, () -> BoundedJson.parse(json, limits)).reason());
        assertEquals("é".repeat(10), ((jakarta.json.JsonString) BoundedJson.parse(json, limits.withMaxBytes(22))).getString());
    }

    @Test
    void configurableSizeUpToSixteenMebibytes() throws Exception {
        String json = "[\"" + "a".repeat(2 * 1024 * 1024) + "\"]";
        assertEquals(Reason.TOO_LARGE, assertThrows(JsonInputException.class, () -> BoundedJson.parse(json)).reason());
        JsonValue v = BoundedJson.parse(json, Limits.DEFAULT.withMaxBytes(Limits.MAX_BYTES_CEILING));
        assertEquals(2 * 1024 * 1024, v.asJsonArray().getString(0).length());
        assertThrows(IllegalArgumentException.class, () -> new Limits(Limits.MAX_BYTES_CEILING + 1, 64));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1024, 0));
    }

    @Test
    void tenThousandDeepArraysAreRefused() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(deep));
        assertEquals(Reason.TOO_DEEP, e.reason());
        assertTrue(e.getMessage().startsWith("JSON nested deeper than 64 levels"), e.getMessage());
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.toProblem().type());
    }

    @Test
    void tenThousandDeepObjectsFromAStreamAreRefused() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(
                new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT));
        assertEquals(Reason.TOO_DEEP, e.reason());
        assertEquals("JSON nested deeper than 64 levels (at line 1 column 321)", e.getMessage());
    }

    @Test
    void endlessOpeningBracketsAreRefusedWithoutReadingEverything() {
        CountingStream in = new CountingStream(50L * 1024 * 1024, (byte) '[');
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(in, Limits.DEFAULT));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(in.served <= Limits.DEFAULT.maxBytes() + 1L);
    }

    @Test
    void depthExactlyAtTheLimitIsAccepted() throws Exception {
        String ok = "[".repeat(64) + "]".repeat(64);
        assertEquals(JsonValue.ValueType.ARRAY, BoundedJson.parse(ok).getValueType());
        String tooDeep = "[".repeat(65) + "]".repeat(65);
        assertEquals(Reason.TOO_DEEP, assertThrows(JsonInputException.class, () -> BoundedJson.parse(tooDeep)).reason());
        assertEquals(Reason.TOO_DEEP, assertThrows(JsonInputException.class,
                () -> BoundedJson.parse("[[[]]]", Limits.DEFAULT.withMaxDepth(2))).reason());
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws Exception {
        String json = "{\"s\": \"" + "[{".repeat(5_000) + "\\\"" + "[".repeat(100) + "\"}";
        JsonObject o = BoundedJson.parseObject(json);
        assertTrue(o.getString("s").startsWith("[{[{"));
        // an escaped backslash before the closing quote must end the string
        JsonObject o2 = BoundedJson.parseObject("{\"s\": \"\\\\\", \"t\": [[1]]}");
        assertEquals("\\", o2.getString("s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\" 1}", "[1,]", "{\"a\":1} x", "nul", "{'a':1}", "[1 2]", "\"unterminated"})
    void malformedInputIsOneLineNotJsonError(String input) {
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(input));
        assertEquals(Reason.NOT_JSON, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("input is not JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(ErrorType.PARSING_ERROR, e.toProblem().type());
    }

    @Test
    void unexpectedCharacterNamesLineAndColumn() {
        String json = "{\n  \"a\": 1,\n  \"b\": x\n}";
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(json));
        assertEquals("input is not JSON: unexpected character 'x' at line 3 column 8", e.getMessage());
    }

    @Test
    void aParsedStringIsMadeOnceNotAtEveryRead() throws Exception {
        // the verifier reads most strings several times; the parser's own values made a new String at every read
        JsonObject o = BoundedJson.parseObject("{\"a\":\"did:key:z6Mk\",\"b\":[\"x\\u00e9\"]}");
        assertSame(o.getString("a"), o.getString("a"));
        assertSame(o.getJsonArray("b").getString(0), o.getJsonArray("b").getString(0));
        assertEquals("x\u00e9", o.getJsonArray("b").getString(0));
    }

    @Test
    void theTreeIsTheParsersOwn() throws Exception {
        String text = "{\"n\":[1,-0,2.5e3,12345678901234567890,1E400],\"s\":\"\\ud83d\\ude00\\n\",\"t\":true,"
                + "\"f\":false,\"z\":null,\"o\":{\"\":{},\"a\":[]},\"e\":[[],{},[[]]]}";
        JsonValue parsson;
        try (jakarta.json.stream.JsonParser p = Jsonp.PROVIDER.createParser(new java.io.StringReader(text))) {
            p.next();
            parsson = p.getValue();
        }
        JsonValue ours = BoundedJson.parse(text);
        assertEquals(parsson, ours);
        assertEquals(parsson.toString(), ours.toString());
    }

    @Test
    void duplicateKeysAreRefused() {
        JsonInputException e = assertThrows(JsonInputException.class,
                () -> BoundedJson.parse("{\"issuer\": \"did:example:a\", \"issuer\": \"did:example:b\"}"));
        assertEquals(Reason.NOT_JSON, e.reason());
        assertTrue(e.getMessage().contains("duplicate key 'issuer'"), e.getMessage());
    }

    @Test
    void emptyAndInvalidUtf8AreRefused() {
        assertEquals(Reason.EMPTY, assertThrows(JsonInputException.class, () -> BoundedJson.parse("  \n")).reason());
        assertEquals(Reason.EMPTY, assertThrows(JsonInputException.class, () -> BoundedJson.parse(new byte[0])).reason());
        JsonInputException e = assertThrows(JsonInputException.class,
                () -> BoundedJson.parse(new byte[] {'"', (byte) 0xC3, '"'}));
        assertEquals(Reason.NOT_UTF8, e.reason());
        assertEquals("input is not UTF-8: invalid byte sequence at byte 1", e.getMessage());
    }

    @Test
    void parseObjectRefusesOtherValues() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parseObject("[1]"));
        assertEquals(Reason.WRONG_TYPE, e.reason());
        assertEquals("input is JSON but not an object (found an array)", e.getMessage());
    }

    @Test
    void hugeExponentDoesNotBlowUp() throws Exception {
        JsonValue v = BoundedJson.parse("[1e999999999]");
        assertEquals(JsonValue.ValueType.NUMBER, v.asJsonArray().get(0).getValueType());
    }

    @Test
    void overlongNumberLiteralIsRefused() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse("[" + "9".repeat(5000) + "]"));
        assertEquals(Reason.NOT_JSON, e.reason());
        assertTrue(e.getMessage().startsWith("input is not JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void streamFailureIsTyped() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        JsonInputException e = assertThrows(JsonInputException.class, () -> BoundedJson.parse(failing));
        assertEquals(Reason.IO, e.reason());
        assertEquals("could not read input: disk on fire", e.getMessage());
    }
}
