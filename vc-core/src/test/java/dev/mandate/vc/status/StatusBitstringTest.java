package dev.mandate.vc.status;

import dev.mandate.did.crypto.Multibase;
import dev.mandate.vc.verify.ErrorType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusBitstringTest {

    /** Example 3 of Bitstring Status List 1.0: a 16 KiB list with every bit clear. */
    static final String SPEC_EXAMPLE_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    @Test
    void specExampleDecodesToTheMinimumSizeAllClear() throws StatusListException {
        StatusBitstring bits = StatusBitstring.decode(SPEC_EXAMPLE_LIST, 1);
        assertEquals(StatusBitstring.MIN_ENTRIES, bits.entries());
        assertEquals(0, bits.get(0));
        assertEquals(0, bits.get(94567));
        assertEquals(0, bits.get(StatusBitstring.MIN_ENTRIES - 1));
        for (byte b : bits.toByteArray()) {
            assertEquals(0, b);
        }
    }

    @Test
    void indexZeroIsTheMostSignificantBitOfTheFirstByte() {
        StatusBitstring bits = StatusBitstring.zeros(16, 1);
        bits.set(0, 1);
        bits.set(9, 1);
        byte[] raw = bits.toByteArray();
        assertEquals((byte) 0x80, raw[0]);
        assertEquals((byte) 0x40, raw[1]);
        assertEquals(1, bits.get(0));
        assertEquals(0, bits.get(1));
        assertEquals(1, bits.get(9));
    }

    @Test
    void multiBitEntriesAreReadMostSignificantBitFirst() {
        StatusBitstring bits = StatusBitstring.zeros(8, 2);
        bits.set(0, 2);
        bits.set(3, 1);
        assertEquals((byte) 0b1000_0001, bits.toByteArray()[0]);
        assertEquals(2, bits.get(0));
        assertEquals(1, bits.get(3));
        bits.set(0, 0);
        assertEquals(0, bits.get(0));
        assertThrows(IllegalArgumentException.class, () -> bits.set(1, 4));
    }

    @Test
    void encodeDecodeRoundTripsRandomLists() throws StatusListException {
        Random r = new Random(42);
        for (int size : new int[] {1, 2, 4, 8}) {
            StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, size);
            for (int i = 0; i < 500; i++) {
                bits.set(r.nextInt(StatusBitstring.MIN_ENTRIES), r.nextInt(1 << size));
            }
            String encoded = bits.encode();
            assertTrue(encoded.startsWith("u"));
            assertTrue(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"), "base64url without padding");
            StatusBitstring back = StatusBitstring.decode(encoded, size);
            assertEquals(bits, back);
            assertArrayEquals(bits.toByteArray(), back.toByteArray());
        }
    }

    @Test
    void outOfRangeIndexIsRefused() {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> bits.get(StatusBitstring.MIN_ENTRIES));
        assertThrows(IndexOutOfBoundsException.class, () -> bits.get(-1));
    }

    @Test
    void badGzipIsMalformed() {
        String notGzip = Multibase.encode(Multibase.Base.BASE64URL, "this is not gzip".getBytes());
        StatusListException e = assertThrows(StatusListException.class, () -> StatusBitstring.decode(notGzip, 1));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        assertTrue(e.getMessage().contains("GZIP"), e.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(gzip(new byte[20000]), 15);
        String cut = Multibase.encode(Multibase.Base.BASE64URL, truncated);
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(StatusListException.class, () -> StatusBitstring.decode(cut, 1)).type());
    }

    @Test
    void wrongMultibaseIsMalformed() {
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(StatusListException.class,
                () -> StatusBitstring.decode("zH4sIAAAAAAAAA", 1)).type());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(StatusListException.class,
                () -> StatusBitstring.decode("u!!!", 1)).type());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(StatusListException.class,
                () -> StatusBitstring.decode("", 1)).type());
    }

    @Test
    void gzipBombOfOneHundredMegabytesIsRefusedWithBoundedMemory() throws IOException {
        String bomb = Multibase.encode(Multibase.Base.BASE64URL, zerosGzip(100L * 1024 * 1024));
        assertTrue(bomb.length() < 200_000, "the bomb is small on the wire: " + bomb.length());
        StatusListException e = assertThrows(StatusListException.class, () -> StatusBitstring.decode(bomb, 1));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.type());
        // a tighter limit stops even earlier
        StatusListException tight = assertThrows(StatusListException.class,
                () -> StatusBitstring.decode(bomb, 1, StatusBitstring.DEFAULT_MAX_ENCODED_CHARS, 1 << 20));
        assertTrue(tight.getMessage().contains("1048576"), tight.getMessage());
    }

    @Test
    void overlongEncodedListIsRefusedBeforeDecoding() {
        String huge = "u" + "A".repeat(1000);
        StatusListException e = assertThrows(StatusListException.class, () -> StatusBitstring.decode(huge, 1, 100, 1 << 20));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.type());
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] zerosGzip(long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            for (long done = 0; done < bytes; done += chunk.length) {
                gz.write(chunk);
            }
        }
        return out.toByteArray();
    }
}
