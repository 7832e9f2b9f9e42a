package dev.mandate.vc.jose;

import jakarta.json.spi.JsonProvider;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.Base64Url;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SD-JWT Disclosure (RFC 9901 §4.2): the base64url encoding of {@code [salt, name, value]} for an
 * object property or {@code [salt, value]} for an array element. The digest is SHA-256 over the
 * ASCII of the encoded string itself, base64url-encoded ({@code _sd_alg} {@code sha-256}), so the
 * encoding chosen by the issuer is what is signed and no canonicalization is involved.
 */
public final class Disclosure {
    /** The only {@code _sd_alg} Mandate issues and accepts. */
    public static final String SHA_256 = "sha-256";
    /** Bound on one encoded Disclosure. */
    public static final int MAX_ENCODED_CHARS = 256 * 1024;

    static final JsonBuilderFactory JSON = JsonProvider.provider().createBuilderFactory(Map.of());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.Base64.Decoder B64URL = java.util.Base64.getUrlDecoder();
    private static final BoundedJson.Limits LIMITS = new BoundedJson.Limits(MAX_ENCODED_CHARS, 64);

    private final String encoded;
    private final String salt;
    private final String claimName; // null for an array element
    private final JsonValue value;
    private final String digest;

    private Disclosure(String encoded, String salt, String claimName, JsonValue value) {
        this.encoded = encoded;
        this.salt = salt;
        this.claimName = claimName;
        this.value = value;
        this.digest = digest(encoded);
    }

    /**
     * {@return a Disclosure for an object property}
     *
     * @param salt  a random base64url salt (RFC 9901 asks for 128 bits or more)
     * @param name  the claim name
     * @param value the claim value
     * @throws IllegalArgumentException if {@code name} is {@code _sd} or {@code ...}
     */
    public static Disclosure forProperty(String salt, String name, JsonValue value) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("_sd") || name.equals("...")) {
            throw new IllegalArgumentException("claim name '" + name + "' cannot be selectively disclosed");
        }
        JsonArrayBuilder a = JSON.createArrayBuilder().add(salt).add(name).add(value);
        return new Disclosure(encode(a.build()), salt, name, value);
    }

    /**
     * {@return a Disclosure for an array element}
     *
     * @param salt  a random base64url salt
     * @param value the element value
     */
    public static Disclosure forArrayElement(String salt, JsonValue value) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(value, "value");
        return new Disclosure(encode(JSON.createArrayBuilder().add(salt).add(value).build()), salt, null, value);
    }

    private static String encode(JsonArray array) {
        return Base64URL.encode(array.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Decodes a Disclosure string.
     *
     * @param encoded the base64url Disclosure
     * @return the Disclosure
     * @throws JoseException PARSING_ERROR (not canonical base64url, not a JSON array), LIMIT_EXCEEDED_ERROR,
     *     MALFORMED_VALUE_ERROR (not 2 or 3 elements, salt or name not a string, reserved claim name)
     */
    public static Disclosure parse(String encoded) throws JoseException {
        if (encoded == null || encoded.isEmpty()) {
            throw new JoseException(ErrorType.PARSING_ERROR, "empty disclosure");
        }
        if (encoded.length() > MAX_ENCODED_CHARS) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "disclosure longer than " + MAX_ENCODED_CHARS + " characters");
        }
        String why = Base64Url.check(encoded, 0, encoded.length(), "disclosure");
        if (why != null) {
            throw new JoseException(ErrorType.PARSING_ERROR, why);
        }
        JsonValue parsed;
        try {
            parsed = BoundedJson.parse(B64URL.decode(encoded), LIMITS);
        } catch (JsonInputException e) {
            throw new JoseException(e.errorType(), "disclosure is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof JsonArray)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure is not a JSON array");
        }
        JsonArray a = (JsonArray) parsed;
        if (a.size() != 2 && a.size() != 3) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure has " + a.size()
                    + " elements; expected [salt, name, value] or [salt, value]");
        }
        if (!(a.get(0) instanceof JsonString)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure salt is not a string");
        }
        String salt = ((JsonString) a.get(0)).getString();
        if (a.size() == 2) {
            return new Disclosure(encoded, salt, null, a.get(1));
        }
        if (!(a.get(1) instanceof JsonString)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure claim name is not a string");
        }
        String name = ((JsonString) a.get(1)).getString();
        if (name.equals("_sd") || name.equals("...")) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure uses the reserved claim name '" + name + "'");
        }
        return new Disclosure(encoded, salt, name, a.get(2));
    }

    /** {@return the Disclosure string as it travels (base64url)} */
    public String encoded() { return encoded; }

    /** {@return the salt} */
    public String salt() { return salt; }

    /** {@return the claim name, or empty for an array element} */
    public Optional<String> claimName() { return Optional.ofNullable(claimName); }

    /** {@return true for an array-element Disclosure ({@code [salt, value]})} */
    public boolean isArrayElement() { return claimName == null; }

    /** {@return the disclosed value} */
    public JsonValue value() { return value; }

    /** {@return the base64url SHA-256 digest of {@link #encoded()}} */
    public String digest() { return digest; }

    /**
     * Base64url of SHA-256 over the US-ASCII bytes of {@code text}.
     *
     * @param text the encoded Disclosure (or an SD-JWT for {@code sd_hash})
     * @return the digest, base64url without padding
     */
    public static String digest(String text) {
        return Base64URL.encode(sha256().digest(text.getBytes(StandardCharsets.US_ASCII))).toString();
    }

    /** {@return a fresh salt: 128 bits from a cryptographically secure random source, base64url-encoded} */
    public static String newSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64URL.encode(b).toString();
    }

    /** {@return a decoy digest: the SHA-256 of 32 random bytes, base64url-encoded (RFC 9901 §4.2.5)} */
    public static String decoyDigest() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64URL.encode(sha256().digest(b)).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof Disclosure d && d.encoded.equals(encoded);
    }

    @Override public int hashCode() { return encoded.hashCode(); }

    /** The claim name (or "array element") and digest; never the value or salt. */
    @Override public String toString() {
        return "Disclosure[" + (claimName == null ? "array element" : claimName) + ", " + digest + "]";
    }
}
