package dev.mandate.vc.jcs;

import dev.mandate.vc.json.CompactJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON Canonicalization Scheme (RFC 8785) over Jakarta JSON-P values.
 *
 * <ul>
 *   <li>no whitespace; object members sorted by their names compared as arrays of UTF-16 code units;</li>
 *   <li>strings escaped as ECMAScript's {@code JSON.stringify} does ({@code \"}, {@code \\}, {@code \b},
 *       {@code \f}, {@code \n}, {@code \r}, {@code \t}, other controls as lower-case <code>&#92;u00xx</code>, everything
 *       else literal); a lone surrogate is an error;</li>
 *   <li>numbers as IEEE 754 doubles, written as ECMAScript's {@code Number.prototype.toString} writes them
 *       (shortest round-trip digits, {@code 1e+21} style exponents, {@code -0} as {@code 0}); a number outside
 *       the double range is an error.</li>
 * </ul>
 * Thread-safe; stateless.
 */
public final class Jcs {

    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 1000;

    private static final double TWO_POW_53 = 9007199254740992.0;

    private Jcs() {
    }

    /**
     * {@return the canonical form of {@code value} as a string}
     *
     * @param value the JSON value
     * @throws JcsException for a number outside the IEEE 754 double range, a string with a lone surrogate, or
     *     nesting deeper than {@value #MAX_DEPTH} levels
     */
    public static String canonicalize(JsonValue value) throws JcsException {
        Objects.requireNonNull(value, "value");
        StringBuilder b = new StringBuilder(256);
        write(value, b, "", 0);
        return b.toString();
    }

    /**
     * {@return the canonical form of {@code value} as UTF-8 bytes (what is hashed or signed)}
     *
     * @param value the JSON value
     * @throws JcsException as {@link #canonicalize(JsonValue)}
     */
    public static byte[] canonicalizeToUtf8(JsonValue value) throws JcsException {
        return canonicalize(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonValue v, StringBuilder b, String path, int depth) throws JcsException {
        switch (v.getValueType()) {
            case NULL:
                b.append("null");
                return;
            case TRUE:
                b.append("true");
                return;
            case FALSE:
                b.append("false");
                return;
            case STRING:
                string(((JsonString) v).getString(), b, path);
                return;
            case NUMBER:
                number((JsonNumber) v, b, path);
                return;
            case ARRAY: {
                checkDepth(depth, path);
                b.append('[');
                int i = 0;
                for (JsonValue item : v.asJsonArray()) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(item, b, path + "/" + i, depth + 1);
                    i++;
                }
                b.append(']');
                return;
            }
            case OBJECT: {
                checkDepth(depth, path);
                Map<String, JsonValue> members = v.asJsonObject();
                String[] names = members.keySet().toArray(new String[0]);
                Arrays.sort(names); // String.compareTo compares UTF-16 code units, as RFC 8785 requires
                b.append('{');
                for (int i = 0; i < names.length; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    String childPath = path + "/" + names[i].replace("~", "~0").replace("/", "~1");
                    string(names[i], b, childPath);
                    b.append(':');
                    write(members.get(names[i]), b, childPath, depth + 1);
                }
                b.append('}');
                return;
            }
            default:
                throw new JcsException("unsupported JSON value type " + v.getValueType(), path);
        }
    }

    private static void checkDepth(int depth, String path) throws JcsException {
        if (depth >= MAX_DEPTH) {
            throw new JcsException("JSON nested deeper than " + MAX_DEPTH + " levels", path);
        }
    }

    private static void string(String s, StringBuilder b, String path) throws JcsException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair: one code point above U+FFFF, written as it is
            } else if (Character.isSurrogate(c)) {
                throw new JcsException("string has a lone surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i, path);
            }
        }
        CompactJson.appendQuoted(s, b); // RFC 8785 3.2.2.2: JSON.stringify's escapes, which are CompactJson's
    }

    private static void number(JsonNumber n, StringBuilder b, String path) throws JcsException {
        double d;
        if (n.isIntegral()) {
            BigDecimal exact = n.bigDecimalValue();
            if (exact.abs().compareTo(BigDecimal.valueOf(TWO_POW_53)) < 0) {
                b.append(exact.toBigIntegerExact().toString()); // exact; "-0" cannot occur for integral zero
                return;
            }
            d = exact.doubleValue();
        } else {
            d = n.doubleValue();
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new JcsException("number " + abbreviate(n.toString()) + " is outside the IEEE 754 double range", path);
        }
        b.append(toEcmaScriptString(d));
    }

    /**
     * {@return true when the number's decimal value is exactly the value JCS writes for it (the shortest decimal of
     * its IEEE 754 double), so that a proof over the canonical form covers this number and no other} False
     * for {@code 2.0000000000000001} (JCS writes {@code 2}, so a proof signed over {@code 2} would also
     * "cover" it), for integers beyond 2^53 that are not doubles, and for numbers outside the double range.
     *
     * @param n the number as parsed
     */
    public static boolean isCanonicalValue(JsonNumber n) {
        BigDecimal exact = n.bigDecimalValue();
        if (n.isIntegral() && exact.abs().compareTo(BigDecimal.valueOf(TWO_POW_53)) < 0) {
            return true;
        }
        double d = exact.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return false;
        }
        if (d == 0) {
            return exact.signum() == 0;
        }
        return exact.abs().compareTo(shortest(Math.abs(d))) == 0;
    }

    /**
     * The string ECMAScript's {@code Number.prototype.toString()} gives for a finite double: the shortest
     * decimal that rounds to it (the closest such, ties to even digit), in fixed notation for exponents from
     * -6 to 20 and in {@code d.ddde+n} notation otherwise.
     */
    static String toEcmaScriptString(double d) {
        if (d == 0) {
            return "0"; // both +0 and -0
        }
        String sign = d < 0 ? "-" : "";
        double a = Math.abs(d);
        if (a < TWO_POW_53 && a == Math.rint(a)) {
            return sign + (long) a;
        }
        BigDecimal shortest = shortest(a);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits * 10^n
        StringBuilder b = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            b.append(digits);
            for (int i = 0; i < n - k; i++) {
                b.append('0');
            }
        } else if (0 < n && n <= 21) {
            b.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            b.append("0.");
            for (int i = 0; i < -n; i++) {
                b.append('0');
            }
            b.append(digits);
        } else {
            b.append(digits.charAt(0));
            if (k > 1) {
                b.append('.').append(digits, 1, k);
            }
            int e = n - 1;
            b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return b.toString();
    }

    /** The shortest decimal (fewest significant digits) that rounds to {@code a}; the closest one if several. */
    private static BigDecimal shortest(double a) {
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean loOk = lo.doubleValue() == a;
            boolean hiOk = hi.doubleValue() == a;
            if (loOk && hiOk && lo.compareTo(hi) != 0) {
                int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
                if (cmp != 0) {
                    return (cmp < 0 ? lo : hi).stripTrailingZeros();
                }
                // equally close: the one whose last digit is even
                return (lo.unscaledValue().testBit(0) ? hi : lo).stripTrailingZeros();
            }
            if (loOk) {
                return lo.stripTrailingZeros();
            }
            if (hiOk) {
                return hi.stripTrailingZeros();
            }
        }
        return new BigDecimal(Double.toString(a)).stripTrailingZeros(); // not reached: 17 digits always suffice
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
