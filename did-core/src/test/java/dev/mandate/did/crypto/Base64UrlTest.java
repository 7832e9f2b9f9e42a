package dev.mandate.did.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Base64UrlTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void spareBitsMustBeZero() {
        // "QQ" and "QR".."QP" all decode to 0x41 with the JDK decoder; only "QQ" is canonical (4 spare bits)
        assertTrue(Base64Url.isCanonical("QQ"));
        assertFalse(Base64Url.isCanonical("QR"));
        assertFalse(Base64Url.isCanonical("Qf"));
        // "QUI" is 0x41 0x42; "QUJ" differs only in the 2 spare bits
        assertTrue(Base64Url.isCanonical("QUI"));
        assertFalse(Base64Url.isCanonical("QUJ"));
        assertFalse(Base64Url.isCanonical("QUL"));
        assertTrue(Base64Url.isCanonical("QUJD")); // no spare bits in a full group
        assertTrue(Base64Url.isCanonical(""));
        assertEquals("sig is not canonical base64url (non-zero trailing bits); re-encode it", Base64Url.check("QR", 0, 2, "sig"));
    }

    @Test
    void paddingOtherAlphabetsAndImpossibleLengthsAreRefused() {
        assertEquals("x is not canonical base64url (padding '=' at position 2 is not allowed); remove it", Base64Url.check("QQ==", 0, 4, "x"));
        assertEquals("x is not base64url (character '+' at position 1)", Base64Url.check("Q+I", 0, 3, "x"));
        assertEquals("x is not base64url (character U+000A at position 2)", Base64Url.check("QU\nI", 0, 4, "x"));
        assertEquals("x has an impossible base64url length (5 characters)", Base64Url.check("QUJDR", 0, 5, "x"));
        assertFalse(Base64Url.isCanonical(null));
    }

    @Test
    void checksOnlyTheGivenRangeAndReportsPositionsInTheWholeText() {
        String s = "QUI.QR.=";
        assertNull(Base64Url.check(s, 0, 3, "a"));
        assertEquals("b is not canonical base64url (non-zero trailing bits); re-encode it", Base64Url.check(s, 4, 6, "b"));
        assertEquals("c is not canonical base64url (padding '=' at position 7 is not allowed); remove it", Base64Url.check(s, 7, 8, "c"));
    }

    /** The bit check agrees with "decode, re-encode without padding, compare" on every 2- and 3-character tail. */
    @Test
    void agreesWithDecodeReencodeOnEveryFinalGroup() {
        Base64.Decoder dec = Base64.getUrlDecoder();
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        for (char a : ALPHABET.toCharArray()) {
            for (char b : ALPHABET.toCharArray()) {
                String two = "" + a + b;
                assertEquals(enc.encodeToString(dec.decode(two)).equals(two), Base64Url.isCanonical(two), two);
                for (char c : ALPHABET.toCharArray()) {
                    String three = two + c;
                    assertEquals(enc.encodeToString(dec.decode(three)).equals(three), Base64Url.isCanonical(three), three);
                }
            }
        }
    }

    @Property
    void encoderOutputIsCanonical(@ForAll @Size(max = 100) byte[] data) {
        assertTrue(Base64Url.isCanonical(Base64.getUrlEncoder().withoutPadding().encodeToString(data)));
    }
}
