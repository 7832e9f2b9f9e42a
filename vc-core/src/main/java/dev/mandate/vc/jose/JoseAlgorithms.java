package dev.mandate.vc.jose;

import com.nimbusds.jose.JWSAlgorithm;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JWS algorithms Mandate accepts, and how they map to key types. The allow-list is exactly
 * {@code EdDSA} (Ed25519), {@code ES256} (P-256), {@code ES384} (P-384) and {@code ES256K}
 * (secp256k1): never {@code none}, never HMAC, never RSA.
 */
public final class JoseAlgorithms {
    /** The allowed {@code alg} values. */
    public static final Set<String> ALLOWED = Set.of("EdDSA", "ES256", "ES384", "ES256K");

    private JoseAlgorithms() {
    }

    /**
     * {@return the Nimbus algorithm for signatures made with keys of {@code type}}
     *
     * @param type the key type
     */
    public static JWSAlgorithm forKeyType(KeyType type) {
        switch (Objects.requireNonNull(type, "type")) {
            case ED25519: return JWSAlgorithm.EdDSA;
            case P256: return JWSAlgorithm.ES256;
            case P384: return JWSAlgorithm.ES384;
            default: return JWSAlgorithm.ES256K;
        }
    }

    /**
     * {@return the key type an allowed {@code alg} signs with; empty for anything not on the allow-list}
     *
     * @param alg the header's {@code alg}
     */
    public static Optional<KeyType> keyTypeOf(String alg) {
        if (alg == null) return Optional.empty();
        switch (alg) {
            case "EdDSA": return Optional.of(KeyType.ED25519);
            case "ES256": return Optional.of(KeyType.P256);
            case "ES384": return Optional.of(KeyType.P384);
            case "ES256K": return Optional.of(KeyType.SECP256K1);
            default: return Optional.empty();
        }
    }

    /**
     * Checks {@code alg} against the allow-list, before the verification key is known.
     *
     * @param alg the header's {@code alg}
     * @return the key type {@code alg} signs with
     * @throws JoseException CRYPTOGRAPHIC_SECURITY_ERROR naming the refused algorithm
     */
    public static KeyType require(String alg) throws JoseException {
        Optional<KeyType> type = keyTypeOf(alg);
        if (type.isEmpty()) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, refusal(alg));
        }
        return type.get();
    }

    /**
     * Checks {@code alg} against the allow-list and against the key type of the verification key (algorithm
     * confusion: an {@code ES256} header on an Ed25519 key).
     *
     * @param alg      the header's {@code alg}
     * @param expected the verification key's type; not null
     * @return the key type {@code alg} signs with
     * @throws JoseException        CRYPTOGRAPHIC_SECURITY_ERROR naming the refused algorithm, or the mismatch
     * @throws NullPointerException if {@code expected} is null
     */
    public static KeyType require(String alg, KeyType expected) throws JoseException {
        Objects.requireNonNull(expected, "expected");
        KeyType type = require(alg);
        if (expected != type) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "JOSE header alg '" + alg
                    + "' does not match the " + expected.curve() + " verification key (expected '"
                    + expected.jwsAlgorithm() + "')");
        }
        return type;
    }

    /**
     * Checks {@code alg} against the allow-list and, when {@code expected} is given, against the key
     * type of the verification key.
     *
     * @param alg      the header's {@code alg}
     * @param expected the verification key's type, or empty when not yet known
     * @return the key type {@code alg} signs with
     * @throws JoseException CRYPTOGRAPHIC_SECURITY_ERROR naming the refused algorithm
     * @deprecated use {@link #require(String)} when the key is not yet known, {@link #require(String, KeyType)}
     *     when it is; this form delegates to them
     */
    @Deprecated
    public static KeyType require(String alg, Optional<KeyType> expected) throws JoseException {
        return expected.isPresent() ? require(alg, expected.get()) : require(alg);
    }

    private static String refusal(String alg) {
        if (alg == null || alg.isEmpty()) {
            return "JOSE header has no alg";
        }
        String a = alg.toUpperCase(Locale.ROOT);
        String why;
        if (a.equals("NONE")) {
            why = "unsecured JWTs are never accepted";
        } else if (a.startsWith("HS")) {
            why = "HMAC algorithms are never accepted for credentials";
        } else {
            why = "not on the allow-list";
        }
        return "JOSE header alg '" + shorten(alg) + "' refused: " + why + " (allowed: EdDSA, ES256, ES384, ES256K)";
    }

    static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
