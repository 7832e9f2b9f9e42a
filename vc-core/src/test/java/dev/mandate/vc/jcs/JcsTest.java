package dev.mandate.vc.jcs;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JcsTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Test
    void stringEscapesFollowJsonStringify() throws JcsException {
        String s = "\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028/é😀";
        assertEquals("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028/é😀\"", Jcs.canonicalize(JSON.createValue(s)));
    }

    @Test
    void membersSortByUtf16CodeUnits() throws JcsException {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order although its code point is larger
        JsonValue v = JSON.createObjectBuilder().add("\ufb33", 1).add("\ud83d\ude00", 2).add("a", 3).add("", 4).build();
        assertEquals("{\"\":4,\"a\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}", Jcs.canonicalize(v));
    }

    @Test
    void utf8Bytes() throws JcsException {
        assertArrayEquals("{\"€\":\"ö\"}".getBytes(StandardCharsets.UTF_8),
                Jcs.canonicalizeToUtf8(JSON.createObjectBuilder().add("€", "ö").build()));
    }

    @Test
    void loneSurrogatesAreRefusedWithTheirPath() {
        JsonValue v = JSON.createObjectBuilder().add("a", JSON.createArrayBuilder().add("ok").add("x\ud800")).build();
        JcsException e = assertThrows(JcsException.class, () -> Jcs.canonicalize(v));
        assertEquals("/a/1", e.path());
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
        JsonValue key = JSON.createObjectBuilder().add("\udc00", 1).build();
        assertThrows(JcsException.class, () -> Jcs.canonicalize(key));
    }

    @Test
    void tooDeepIsRefused() {
        JsonValue v = JSON.createValue(1);
        for (int i = 0; i < Jcs.MAX_DEPTH + 1; i++) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            v = b.add(v).build();
        }
        JsonValue deep = v;
        assertThrows(JcsException.class, () -> Jcs.canonicalize(deep));
    }

    @Test
    void hugeIntegersAreDoubles() throws JcsException {
        JsonValue v = JSON.createReader(new StringReader("[9007199254740993, 123456789012345678901234567890, -0.0, 1e1000000000]")).readArray();
        JcsException e = assertThrows(JcsException.class, () -> Jcs.canonicalize(v));
        assertEquals("/3", e.path());
        JsonValue ok = JSON.createReader(new StringReader("[9007199254740993, 123456789012345678901234567890, -0.0]")).readArray();
        assertEquals("[9007199254740992,1.2345678901234568e+29,0]", Jcs.canonicalize(ok));
    }
}
