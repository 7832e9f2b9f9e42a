package dev.mandate.vc.model;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax checks for the digests of {@code relatedResource}: {@code digestSRI} (Subresource Integrity
 * metadata, W3C SRI section 3.5) and {@code digestMultibase} (a multibase-encoded multihash, VC Data
 * Integrity section 2.6). Each check returns an explanation of what is wrong, or empty when valid.
 */
final class Digests {
    private Digests() {}

    private static final Map<String, Integer> SRI_LENGTHS = Map.of("sha256", 32, "sha384", 48, "sha512", 64);
    private static final Pattern SRI_HASH = Pattern.compile("([A-Za-z0-9]+)-([A-Za-z0-9+/\\-_]+={0,2})(\\?[\\x21-\\x7e]*)?");

    /** Multihash codes with a fixed digest length. */
    private static final Map<Integer, Integer> MULTIHASH_LENGTHS = Map.of(
            0x12, 32,  // sha2-256
            0x13, 64,  // sha2-512
            0x20, 48,  // sha2-384
            0x16, 32,  // sha3-256
            0x15, 48,  // sha3-384
            0x14, 64); // sha3-512

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /** Checks an SRI integrity string: one or more whitespace-separated {@code alg-base64digest[?options]}. */
    static Optional<String> checkSri(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("is empty; expected e.g. \"sha384-<base64 digest>\"");
        }
        for (String part : trimmed.split("[ \\t\\n\\r\\f]+")) {
            Matcher m = SRI_HASH.matcher(part);
            if (!m.matches()) {
                return Optional.of("is not Subresource Integrity metadata (expected \"sha256-\", \"sha384-\" or \"sha512-\" and a base64 digest): "
                        + JsonValues.quote(part));
            }
            Integer len = SRI_LENGTHS.get(m.group(1));
            if (len == null) {
                return Optional.of("uses the hash algorithm " + JsonValues.quote(m.group(1)) + "; expected sha256, sha384 or sha512");
            }
            byte[] digest;
            try {
                String b64 = m.group(2);
                digest = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                return Optional.of("has a digest that is not base64: " + JsonValues.quote(m.group(2)));
            }
            if (digest.length != len) {
                return Optional.of("has a " + m.group(1) + " digest of " + digest.length + " bytes; expected " + len);
            }
        }
        return Optional.empty();
    }

    /** Checks a multibase-encoded multihash such as {@code uEiB...} or {@code zQm...}. */
    static Optional<String> checkMultibaseMultihash(String value) {
        if (value.length() < 2) {
            return Optional.of("is not a multibase value: " + JsonValues.quote(value));
        }
        char prefix = value.charAt(0);
        String data = value.substring(1);
        byte[] bytes;
        try {
            switch (prefix) {
                case 'z':
                    bytes = base58(data);
                    break;
                case 'u':
                    if (data.indexOf('=') >= 0) {
                        throw new IllegalArgumentException("padding");
                    }
                    bytes = Base64.getUrlDecoder().decode(data);
                    break;
                case 'm':
                    bytes = Base64.getDecoder().decode(data);
                    break;
                case 'f':
                case 'F':
                    bytes = hex(data);
                    break;
                default:
                    return Optional.of("uses an unsupported multibase prefix " + JsonValues.quote(String.valueOf(prefix))
                            + "; expected 'u' (base64url), 'z' (base58btc), 'm' (base64) or 'f' (base16)");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("is not valid multibase (" + JsonValues.quote(String.valueOf(prefix)) + " prefix): " + JsonValues.quote(value));
        }
        int[] pos = {0};
        long code = varint(bytes, pos);
        long length = code < 0 ? -1 : varint(bytes, pos);
        if (code < 0 || length < 0) {
            return Optional.of("is not a multihash (bad varint header)");
        }
        int remaining = bytes.length - pos[0];
        if (length == 0 || length != remaining) {
            return Optional.of("is not a multihash: header says " + length + " digest bytes, found " + remaining);
        }
        Integer expected = code <= Integer.MAX_VALUE ? MULTIHASH_LENGTHS.get((int) code) : null;
        if (expected != null && expected != length) {
            return Optional.of("is a multihash with code 0x" + Long.toHexString(code) + " and " + length
                    + " digest bytes; expected " + expected);
        }
        return Optional.empty();
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= b.length) {
                return -1;
            }
            int x = b[pos[0]++] & 0xff;
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    private static byte[] hex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd length");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static byte[] base58(String s) {
        if (s.isEmpty() || s.length() > 4096) {
            throw new IllegalArgumentException("length");
        }
        BigInteger n = BigInteger.ZERO;
        BigInteger radix = BigInteger.valueOf(58);
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            int d = BASE58.indexOf(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not base58");
            }
            if (leading && d == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(radix).add(BigInteger.valueOf(d));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int strip = mag.length > 1 && mag[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + mag.length - strip];
        System.arraycopy(mag, strip, out, zeros, mag.length - strip);
        return out;
    }
}
