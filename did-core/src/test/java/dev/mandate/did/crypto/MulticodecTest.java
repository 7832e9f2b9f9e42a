package dev.mandate.did.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MulticodecTest {

    @Test
    void knownHeaders() throws Exception {
        assertArrayEquals(Hex.decode("ed01"), Multicodec.varint(0xed));
        assertArrayEquals(Hex.decode("8024"), Multicodec.varint(0x1200));
        assertArrayEquals(Hex.decode("e701"), Multicodec.varint(0xe7));
        assertArrayEquals(Hex.decode("8026"), Multicodec.varint(0x1300));
        assertArrayEquals(Hex.decode("00"), Multicodec.varint(0));
        assertArrayEquals(Hex.decode("ffffffffffffffff7f"), Multicodec.varint(Long.MAX_VALUE));
        Multicodec.Prefixed p = Multicodec.read(Hex.decode("8124aabb"));
        assertEquals(0x1201, p.code());
        assertArrayEquals(Hex.decode("aabb"), p.data());
    }

    @Test
    void refusesMalformedHeaders() {
        expectInvalid(new byte[0]);
        expectInvalid(Hex.decode("80"));                     // truncated
        expectInvalid(Hex.decode("8000"));                   // not minimal
        expectInvalid(Hex.decode("ed80"));                   // 0xed and 0x80 both continue, then the input ends
        expectInvalid(Hex.decode("ffffffffffffffffff01"));   // 10 bytes
    }

    private static void expectInvalid(byte[] bytes) {
        DecodingException e = assertThrows(DecodingException.class, () -> Multicodec.read(bytes));
        assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
    }

    @Property
    void varintRoundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value, @ForAll @Size(max = 40) byte[] rest) throws Exception {
        Multicodec.Prefixed p = Multicodec.read(Multicodec.prefix(value, rest));
        assertEquals(value, p.code());
        assertArrayEquals(rest, p.data());
    }

    @Property(tries = 3000)
    void randomBytesNeverThrowUnchecked(@ForAll @Size(max = 16) byte[] bytes) {
        try {
            Multicodec.Prefixed p = Multicodec.read(bytes);
            // whatever decoded must re-encode to the same bytes (minimal encoding is unique)
            assertArrayEquals(bytes, Multicodec.prefix(p.code(), p.data()));
        } catch (DecodingException e) {
            assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
        } catch (RuntimeException e) {
            fail("unchecked exception", e);
        }
    }
}
