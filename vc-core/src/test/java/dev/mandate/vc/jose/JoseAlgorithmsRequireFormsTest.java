package dev.mandate.vc.jose;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link JoseAlgorithms#require(String)} and {@link JoseAlgorithms#require(String, KeyType)} answer exactly as the
 * deprecated {@code require(String, Optional)} did (same key type, same refusal and message), and the key-type form
 * refuses a null key type instead of reading it as "not yet known".
 */
@SuppressWarnings("deprecation") // calling the deprecated form is the point of this test
class JoseAlgorithmsRequireFormsTest {
    static final String[] ALGS = {"EdDSA", "ES256", "ES384", "ES256K", "none", "NONE", "HS256", "RS256", "ES512", "", null,
            "x".repeat(200)};

    /** The key type, or the refusal's type and message. */
    static String outcome(JoseCall call) {
        try {
            return "ok " + call.run();
        } catch (JoseException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return e.type() + " " + e.getMessage();
        }
    }

    interface JoseCall {
        KeyType run() throws JoseException;
    }

    @Test
    void sameAnswersAsTheOptionalForm() {
        List<String> seen = new ArrayList<>();
        for (String alg : ALGS) {
            seen.add(outcome(() -> JoseAlgorithms.require(alg)));
            assertEquals(outcome(() -> JoseAlgorithms.require(alg, Optional.empty())), outcome(() -> JoseAlgorithms.require(alg)), alg);
            for (KeyType t : KeyType.values()) {
                assertEquals(outcome(() -> JoseAlgorithms.require(alg, Optional.of(t))), outcome(() -> JoseAlgorithms.require(alg, t)),
                        alg + " on " + t);
            }
        }
        assertEquals("ok " + KeyType.P256, seen.get(1));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR + " JOSE header alg 'none' refused: unsecured JWTs are never accepted"
                + " (allowed: EdDSA, ES256, ES384, ES256K)", seen.get(4));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR + " JOSE header has no alg", seen.get(10));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR + " JOSE header alg 'ES256' does not match the Ed25519 verification key"
                + " (expected 'EdDSA')", outcome(() -> JoseAlgorithms.require("ES256", KeyType.ED25519)));
    }

    @Test
    void aNullKeyTypeIsRefusedNotReadAsUnknown() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> JoseAlgorithms.require("EdDSA", (KeyType) null));
        assertEquals("expected", e.getMessage());
    }
}
