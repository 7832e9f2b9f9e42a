package dev.mandate.vc.json;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonPointersTest {

    @Test
    void escapesPerRfc6901() {
        assertEquals("a~1b", JsonPointers.escape("a/b"));
        assertEquals("m~0n", JsonPointers.escape("m~n"));
        assertEquals("~01", JsonPointers.escape("~1"));
        assertEquals("~1", JsonPointers.unescape("~01"));
        assertEquals("/@context/0", JsonPointers.index(JsonPointers.child("", "@context"), 0));
        assertEquals("/a~1b/c~0d", JsonPointers.of("a/b", "c~d"));
        assertThrows(IllegalArgumentException.class, () -> JsonPointers.index("", -1));
    }

    @Test
    void getResolvesAndNeverThrows() {
        JsonObject doc = Json.createObjectBuilder()
                .add("a/b", Json.createArrayBuilder().add(1).add(Json.createObjectBuilder().add("m~n", "x")))
                .add("", 5)
                .build();
        assertEquals(Optional.of(doc), JsonPointers.get(doc, ""));
        assertEquals("x", ((jakarta.json.JsonString) JsonPointers.get(doc, "/a~1b/1/m~0n").orElseThrow()).getString());
        assertEquals(5, ((jakarta.json.JsonNumber) JsonPointers.get(doc, "/").orElseThrow()).intValue());
        assertTrue(JsonPointers.get(doc, "/a~1b/2").isEmpty());
        assertTrue(JsonPointers.get(doc, "/a~1b/01").isEmpty());
        assertTrue(JsonPointers.get(doc, "/a~1b/-").isEmpty());
        assertTrue(JsonPointers.get(doc, "/a~1b/0/x").isEmpty());
        assertTrue(JsonPointers.get(doc, "no-slash").isEmpty());
        assertTrue(JsonPointers.get(doc, "/bad~2escape").isEmpty());
        assertTrue(JsonPointers.get(JsonValue.NULL, "/x").isEmpty());
        assertEquals(Optional.of(List.of("a/b", "1")), JsonPointers.tokens("/a~1b/1"));
    }
}
