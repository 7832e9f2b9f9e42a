package dev.mandate.vc.jose;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.Base64Url;
import dev.mandate.did.crypto.SignatureVerifier;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JWS in compact serialization ({@code header.payload.signature}), parsed with Nimbus, and the
 * signing side on Nimbus with a {@link JwsSignerAdapter}.
 *
 * <p>{@link #parse} checks only structure: three canonical base64url parts (no padding, no non-zero pad
 * bits, so a JWS has exactly one spelling), a JSON header that is a JWS header
 * (an {@code alg} of {@code none} is refused here, an encrypted JWE is refused too). Algorithm policy,
 * {@code typ}, {@code crit} and key checks are left to the caller ({@link JoseAlgorithms},
 * {@link #verifySignature}). Parsing never throws an unchecked exception for bad input.
 */
public final class CompactJws {
    /** Default bound on the size of a compact JWS, checked before anything is decoded. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;

    private static final java.util.Base64.Decoder B64URL = java.util.Base64.getUrlDecoder();

    private final String compact;
    private final JWSHeader header;
    private final int dot1;
    private final int dot2;

    private CompactJws(String compact, JWSHeader header, int dot1, int dot2) {
        this.compact = compact;
        this.header = header;
        this.dot1 = dot1;
        this.dot2 = dot2;
    }

    /**
     * Parses within {@link #DEFAULT_MAX_CHARS}.
     *
     * @param compact the compact JWS
     * @return the parsed JWS (signature not checked)
     * @throws JoseException as {@link #parse(String, int)}
     */
    public static CompactJws parse(String compact) throws JoseException {
        return parse(compact, DEFAULT_MAX_CHARS);
    }

    /**
     * Parses a compact JWS of at most {@code maxChars} characters.
     *
     * @param compact  the compact JWS
     * @param maxChars the most characters accepted
     * @return the parsed JWS (signature not checked)
     * @throws JoseException LIMIT_EXCEEDED_ERROR (too long), PARSING_ERROR (not three canonical base64url parts,
     *     header not JSON or not a JWS header), CRYPTOGRAPHIC_SECURITY_ERROR ({@code alg} {@code none})
     */
    public static CompactJws parse(String compact, int maxChars) throws JoseException {
        if (compact == null || compact.isEmpty()) {
            throw new JoseException(ErrorType.PARSING_ERROR, "no JWS given");
        }
        if (compact.length() > maxChars) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "JWS is " + compact.length()
                    + " characters, more than the limit of " + maxChars);
        }
        int dot1 = compact.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : compact.indexOf('.', dot1 + 1);
        if (dot2 < 0) {
            throw new JoseException(ErrorType.PARSING_ERROR, "not a compact JWS: expected three base64url parts separated by '.'");
        }
        if (compact.indexOf('.', dot2 + 1) >= 0) {
            throw new JoseException(ErrorType.PARSING_ERROR,
                    "not a compact JWS: more than three parts (an encrypted JWE is not accepted)");
        }
        if (dot1 == 0) {
            throw new JoseException(ErrorType.PARSING_ERROR, "compact JWS has an empty header part");
        }
        requireBase64Url(compact, 0, dot1, "header");
        requireBase64Url(compact, dot1 + 1, dot2, "payload");
        requireBase64Url(compact, dot2 + 1, compact.length(), "signature");
        Header parsed;
        try {
            parsed = Header.parse(new Base64URL(compact.substring(0, dot1)));
        } catch (ParseException | RuntimeException e) {
            throw new JoseException(ErrorType.PARSING_ERROR, "JOSE header is not a valid JSON object: " + oneLine(e.getMessage()));
        }
        if (parsed instanceof PlainHeader) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                    "JOSE header alg 'none' refused: unsecured JWTs are never accepted (allowed: EdDSA, ES256, ES384, ES256K)");
        }
        if (!(parsed instanceof JWSHeader)) {
            throw new JoseException(ErrorType.PARSING_ERROR, "JOSE header is not a JWS header (an encrypted JWE is not accepted)");
        }
        return new CompactJws(compact, (JWSHeader) parsed, dot1, dot2);
    }

    // RFC 7515 §2 and RFC 4648 §3.5: unpadded base64url with zero pad bits, so one JWS has one spelling
    // (a re-spelled signature would otherwise still verify and pass a replay cache keyed on the text).
    private static void requireBase64Url(String s, int from, int to, String part) throws JoseException {
        String why = Base64Url.check(s, from, to, "JWS " + part);
        if (why != null) {
            throw new JoseException(ErrorType.PARSING_ERROR, why);
        }
    }

    /** {@return the parsed protected header} */
    public JWSHeader header() { return header; }

    /** {@return the {@code alg} header value} */
    public String alg() { return header.getAlgorithm().getName(); }

    /** {@return the {@code typ} header value, if any} */
    public Optional<String> typ() {
        JOSEObjectType t = header.getType();
        return t == null ? Optional.empty() : Optional.ofNullable(t.getType());
    }

    /** {@return the {@code cty} header value, if any} */
    public Optional<String> cty() { return Optional.ofNullable(header.getContentType()); }

    /** {@return the {@code kid} header value, if any} */
    public Optional<String> kid() { return Optional.ofNullable(header.getKeyID()); }

    /** {@return the {@code crit} header names; empty if absent} */
    public Set<String> crit() {
        Set<String> c = header.getCriticalParams();
        return c == null ? Set.of() : c;
    }

    /** {@return the bytes the signature covers: ASCII of {@code header.payload}} */
    public byte[] signingInput() {
        return compact.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@return the decoded payload bytes} */
    public byte[] payload() {
        return decode(dot1 + 1, dot2);
    }

    // The parts were checked to be canonical base64url without padding, which the JDK decoder (an intrinsic,
    // several times faster than a table-driven one) accepts as is.
    private byte[] decode(int from, int to) {
        return B64URL.decode(compact.substring(from, to));
    }

    /**
     * {@return the payload parsed as a JSON object within {@code limits}}
     *
     * @param limits size and depth bounds for the payload
     * @throws JoseException PARSING_ERROR or LIMIT_EXCEEDED_ERROR
     */
    public JsonObject payloadObject(BoundedJson.Limits limits) throws JoseException {
        try {
            return BoundedJson.parseObject(payload(), limits);
        } catch (JsonInputException e) {
            throw new JoseException(e.errorType(), "JWT payload: " + e.getMessage());
        }
    }

    /** {@return the decoded signature bytes} */
    public byte[] signature() {
        return decode(dot2 + 1, compact.length());
    }

    /**
     * {@return true only if the signature verifies with {@code key} (through {@link JwsVerifierAdapter}: the header's
     * alg must be the key type's algorithm and no {@code crit} may be present)}
     *
     * @param key the verification method's key
     */
    public boolean verifySignature(SignatureVerifier key) {
        return new JwsVerifierAdapter(key).verify(header, signingInput(), signature());
    }

    /** {@return the compact serialization this was parsed from} */
    public String serialize() { return compact; }

    /**
     * {@return a header builder with the {@code alg} of the signer's key type}
     *
     * @param signer the signer whose key type decides {@code alg}
     */
    public static JWSHeader.Builder headerFor(Signer signer) {
        return new JWSHeader.Builder(JoseAlgorithms.forKeyType(signer.keyType()));
    }

    /**
     * Signs {@code payload} under {@code header} with Nimbus and returns the compact serialization.
     *
     * @param header  the protected header
     * @param payload the payload bytes
     * @param signer  signs the JWS signing input
     * @return the compact JWS
     * @throws JoseException PROOF_GENERATION_ERROR if the header's alg does not fit the signer's key
     */
    public static String sign(JWSHeader header, byte[] payload, Signer signer) throws JoseException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(new JwsSignerAdapter(signer));
        } catch (JOSEException e) {
            throw new JoseException(ErrorType.PROOF_GENERATION_ERROR, "could not sign JWS: " + oneLine(e.getMessage()));
        }
        return jws.serialize();
    }

    static String oneLine(String s) {
        if (s == null) return "syntax error";
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }
}
