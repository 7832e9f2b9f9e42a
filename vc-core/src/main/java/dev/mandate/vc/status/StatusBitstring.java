package dev.mandate.vc.status;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.vc.verify.ErrorType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A Bitstring Status List: {@link #entries()} entries of {@link #statusSize()} bits each. Entry
 * {@code i} occupies bits {@code i*statusSize ... i*statusSize+statusSize-1}, where bit 0 is the
 * most significant bit of the first byte (the spec's "left-most bit"); a multi-bit value is read
 * most significant bit first.
 *
 * <p>Mutable and not thread-safe: the issuer fills one, encodes it, and throws it away; the verifier
 * decodes one and only reads it.
 */
public final class StatusBitstring {
    /** The spec's minimum number of entries (16 KiB of 1-bit entries) for group privacy. */
    public static final int MIN_ENTRIES = 131_072;
    /** Default ceiling on the inflated size of an encoded list: 16 MiB. */
    public static final int DEFAULT_MAX_INFLATED_BYTES = 16 * 1024 * 1024;
    /** Default ceiling on the length of {@code encodedList} text: 4 MiB. */
    public static final int DEFAULT_MAX_ENCODED_CHARS = 4 * 1024 * 1024;
    /** Largest supported {@code statusSize}. */
    public static final int MAX_STATUS_SIZE = 8;

    private final byte[] bits;
    private final int statusSize;
    private final long entries;

    private StatusBitstring(byte[] bits, int statusSize) {
        this.bits = bits;
        this.statusSize = statusSize;
        this.entries = (bits.length * 8L) / statusSize;
    }

    /**
     * {@return an all-zero list of {@code entries} entries of {@code statusSize} bits}
     *
     * @param entries    the number of entries
     * @param statusSize bits per entry, 1..8
     * @throws IllegalArgumentException if entries is below 1, statusSize is outside 1..8, or the list would exceed 2 GiB
     */
    public static StatusBitstring zeros(long entries, int statusSize) {
        checkStatusSize(statusSize);
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be at least 1: " + entries);
        }
        long bytes = (entries * statusSize + 7) / 8;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("status list too large: " + entries + " entries of " + statusSize + " bits");
        }
        return new StatusBitstring(new byte[(int) bytes], statusSize);
    }

    /**
     * {@return a list over a copy of raw bitstring bytes (no compression)}
     *
     * @param raw        the uncompressed bitstring (first entry in the most significant bits)
     * @param statusSize bits per entry, 1..8
     */
    public static StatusBitstring ofBytes(byte[] raw, int statusSize) {
        checkStatusSize(statusSize);
        if (raw.length == 0) {
            throw new IllegalArgumentException("bitstring is empty");
        }
        return new StatusBitstring(raw.clone(), statusSize);
    }

    private static void checkStatusSize(int statusSize) {
        if (statusSize < 1 || statusSize > MAX_STATUS_SIZE) {
            throw new IllegalArgumentException("statusSize must be 1..8: " + statusSize);
        }
    }

    /** {@return number of entries} */
    public long entries() { return entries; }

    /** {@return bits per entry} */
    public int statusSize() { return statusSize; }

    /** {@return length of the uncompressed bitstring in bits} */
    public long lengthInBits() { return bits.length * 8L; }

    /**
     * {@return the value of entry {@code index}}
     *
     * @param index the entry's index
     * @throws IndexOutOfBoundsException if index is outside 0..entries-1 (check with {@link #entries()} first)
     */
    public int get(long index) {
        checkIndex(index);
        long first = index * statusSize;
        int v = 0;
        for (int i = 0; i < statusSize; i++) {
            long bit = first + i;
            int b = (bits[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
            v = (v << 1) | b;
        }
        return v;
    }

    /**
     * Sets entry {@code index} to {@code value}.
     *
     * @param index the entry's index
     * @param value the new value
     * @throws IndexOutOfBoundsException if index is out of range
     * @throws IllegalArgumentException  if value does not fit in statusSize bits
     */
    public void set(long index, int value) {
        checkIndex(index);
        if (value < 0 || value >= (1 << statusSize)) {
            throw new IllegalArgumentException("value " + value + " does not fit in " + statusSize + " bits");
        }
        long first = index * statusSize;
        for (int i = 0; i < statusSize; i++) {
            long bit = first + i;
            int mask = 1 << (7 - (int) (bit & 7));
            int pos = (int) (bit >>> 3);
            boolean on = ((value >>> (statusSize - 1 - i)) & 1) == 1;
            bits[pos] = (byte) (on ? bits[pos] | mask : bits[pos] & ~mask);
        }
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= entries) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (entries - 1));
        }
    }

    /** {@return a copy of the raw (uncompressed) bitstring} */
    public byte[] toByteArray() {
        return bits.clone();
    }

    /**
     * {@return the {@code encodedList} value: GZIP of the bitstring, multibase base64url ({@code u}) without padding}
     */
    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bits.length / 64 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bits);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory GZIP failed", e);
        }
        return Multibase.encode(Multibase.Base.BASE64URL, out.toByteArray());
    }

    /**
     * Decodes an {@code encodedList} with the default limits (4 Mi chars, 16 MiB inflated).
     *
     * @param encodedList the {@code encodedList} value
     * @param statusSize  bits per entry, 1..8
     * @return the bitstring
     * @throws StatusListException as {@link #decode(String, int, int, int)}
     */
    public static StatusBitstring decode(String encodedList, int statusSize) throws StatusListException {
        return decode(encodedList, statusSize, DEFAULT_MAX_ENCODED_CHARS, DEFAULT_MAX_INFLATED_BYTES);
    }

    /**
     * Decodes an {@code encodedList}: multibase base64url, then GZIP. Inflation stops as soon as the
     * output would exceed {@code maxInflatedBytes}, so memory stays bounded whatever the ratio.
     *
     * @param encodedList      the {@code encodedList} value
     * @param statusSize       bits per entry, 1..8
     * @param maxEncodedChars  the longest text accepted
     * @param maxInflatedBytes the largest bitstring accepted, in bytes
     * @return the bitstring
     * @throws StatusListException MALFORMED_VALUE_ERROR (not base64url multibase, not GZIP, empty),
     *     LIMIT_EXCEEDED_ERROR (text or inflated size over the limits)
     */
    public static StatusBitstring decode(String encodedList, int statusSize, int maxEncodedChars, int maxInflatedBytes)
            throws StatusListException {
        if (statusSize < 1 || statusSize > MAX_STATUS_SIZE) {
            throw new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, "statusSize must be 1..8, got " + statusSize, "");
        }
        if (encodedList == null || encodedList.isEmpty()) {
            throw new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, "encodedList is empty", "");
        }
        if (encodedList.length() > maxEncodedChars) {
            throw new StatusListException(ErrorType.LIMIT_EXCEEDED_ERROR, "encodedList has " + encodedList.length()
                    + " characters, over the limit of " + maxEncodedChars, "");
        }
        byte[] compressed;
        try {
            compressed = Multibase.decode(encodedList, Multibase.Base.BASE64URL, maxEncodedChars);
        } catch (DecodingException e) {
            throw new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, "encodedList is not multibase base64url: " + e.getMessage(), "");
        }
        byte[] raw = inflate(compressed, maxInflatedBytes);
        if (raw.length == 0) {
            throw new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, "encodedList inflates to an empty bitstring", "");
        }
        return new StatusBitstring(raw, statusSize);
    }

    private static byte[] inflate(byte[] compressed, int max) throws StatusListException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, Math.max(1024, compressed.length * 4)));
            byte[] buf = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > max) {
                    throw new StatusListException(ErrorType.LIMIT_EXCEEDED_ERROR,
                            "encodedList inflates to more than " + max + " bytes; refused", "");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, "encodedList is not valid GZIP: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), "");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusBitstring s && s.statusSize == statusSize && Arrays.equals(s.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * statusSize + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "StatusBitstring[" + entries + " entries x " + statusSize + " bit]";
    }
}
