package dev.mandate.did.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultibaseTest {

    @Test
    void knownBase58Values() throws Exception {
        // draft-msporny-base58 examples
        assertEquals("z2NEpo7TZRRrLZSi2U", Multibase.encode(Multibase.Base.BASE58BTC, "Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("z11233QC4", Multibase.encode(Multibase.Base.BASE58BTC, Hex.decode("0000287fb4cd")));
        assertArrayEquals(Hex.decode("0000287fb4cd"), Multibase.decode("z11233QC4"));
        assertArrayEquals(new byte[0], Multibase.decode("z"));
        assertArrayEquals(new byte[] {0}, Multibase.decode("z1"));
    }

    @Property(tries = 2000)
    void base58EncodingMatchesTheArithmeticDefinition(@ForAll @Size(max = 80) byte[] data) throws Exception {
        // base58btc: one '1' per leading zero byte, then the number in base 58, most significant digit first
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        StringBuilder want = new StringBuilder();
        java.math.BigInteger v = new java.math.BigInteger(1, data);
        java.math.BigInteger b58 = java.math.BigInteger.valueOf(58);
        while (v.signum() > 0) {
            java.math.BigInteger[] qr = v.divideAndRemainder(b58);
            want.append(alphabet.charAt(qr[1].intValue()));
            v = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            want.append('1');
        }
        assertEquals(want.reverse().toString(), Multibase.encodeBase58Btc(data));
        assertArrayEquals(data, Multibase.decode("z" + Multibase.encodeBase58Btc(data)));
    }

    @Test
    void base58EncodesEdgeLengthsAndValues() throws Exception {
        for (int n = 0; n <= 70; n++) {
            for (byte fill : new byte[] {0, 1, (byte) 0xff, 57, 58}) {
                byte[] data = new byte[n];
                java.util.Arrays.fill(data, fill);
                if (n > 1) {
                    data[n - 1] = (byte) (fill + 1); // not all equal
                }
                assertArrayEquals(data, Multibase.decode("z" + Multibase.encodeBase58Btc(data)), "length " + n + " fill " + fill);
            }
        }
    }

    @Test
    void base64UrlIsStrict() throws Exception {
        assertEquals("uAQID_w", Multibase.encode(Multibase.Base.BASE64URL, new byte[] {1, 2, 3, (byte) 0xff}));
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xff}, Multibase.decode("uAQID_w"));
        expectInvalid("uAQID_w==");   // padding
        expectInvalid("uAQID/w");     // base64 standard alphabet
        expectInvalid("uAQID_x");     // non-zero trailing bits: not canonical
        expectInvalid("uA");          // impossible length
    }

    @Test
    void refusesBadInput() {
        expectInvalid("");
        expectInvalid("f00ff");                    // base16 not supported
        expectInvalid("z0OIl");                    // characters outside the base58 alphabet
        expectInvalid("z6Mk\u00e9");
        expectInvalid("z" + "2".repeat(Multibase.DEFAULT_MAX_LENGTH)); // over the limit
        DecodingException e = assertThrows(DecodingException.class, () -> Multibase.decode("uAQID", Multibase.Base.BASE58BTC, 100));
        assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
    }

    private static void expectInvalid(String text) {
        DecodingException e = assertThrows(DecodingException.class, () -> Multibase.decode(text));
        assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
        assertEquals("invalidEncoding", e.code().id());
    }

    @Property
    void base58RoundTrips(@ForAll @Size(max = 200) byte[] data) throws Exception {
        String text = Multibase.encode(Multibase.Base.BASE58BTC, data);
        assertArrayEquals(data, Multibase.decode(text));
        assertEquals(text, Multibase.encode(Multibase.Base.BASE58BTC, Multibase.decode(text)));
    }

    @Property
    void base64UrlRoundTrips(@ForAll @Size(max = 300) byte[] data) throws Exception {
        assertArrayEquals(data, Multibase.decode(Multibase.encode(Multibase.Base.BASE64URL, data)));
    }

    @Property
    void base58TextThatDecodesReencodesIdentically(@ForAll("base58Text") String text) throws Exception {
        assertEquals(text, Multibase.encode(Multibase.Base.BASE58BTC, Multibase.decode(text)));
    }

    @Provide
    Arbitrary<String> base58Text() {
        return Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz").ofMaxLength(120).map(s -> "z" + s);
    }

    @Property(tries = 2000)
    void garbageOnlyEverGivesTheTypedError(@ForAll @Size(max = 300) String garbage) {
        try {
            Multibase.decode(garbage);
        } catch (DecodingException e) {
            assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
        } catch (RuntimeException e) {
            fail("unchecked exception for input " + garbage, e);
        }
    }
}
