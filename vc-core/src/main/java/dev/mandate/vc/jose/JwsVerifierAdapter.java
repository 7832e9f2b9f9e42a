package dev.mandate.vc.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.Base64Url;
import dev.mandate.did.crypto.SignatureVerifier;

import java.util.Objects;
import java.util.Set;

/**
 * A Nimbus {@link JWSVerifier} over a Mandate {@link SignatureVerifier}. It accepts only the
 * algorithm of the key's type, so an {@code ES256} header can never be checked against an Ed25519
 * key, and it returns false (never throws) for any header that names {@code crit} parameters,
 * since it understands none. Thread-safe.
 */
public final class JwsVerifierAdapter implements JWSVerifier {
    private final SignatureVerifier key;
    private final JWSAlgorithm alg;
    private final Set<JWSAlgorithm> algs;
    private final JCAContext jca = new JCAContext();

    /**
     * Adapts {@code key}.
     *
     * @param key the verification key Nimbus checks through
     */
    public JwsVerifierAdapter(SignatureVerifier key) {
        this.key = Objects.requireNonNull(key, "key");
        this.alg = JoseAlgorithms.forKeyType(key.keyType());
        this.algs = Set.of(alg);
    }

    @Override public Set<JWSAlgorithm> supportedJWSAlgorithms() { return algs; }

    @Override public JCAContext getJCAContext() { return jca; }

    /**
     * Nimbus's entry point: false also when the signature text is not canonical base64url, since
     * Nimbus's own parser accepts a re-spelled signature (padding, non-zero pad bits) that
     * {@link CompactJws#parse} refuses.
     */
    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        return signature != null && Base64Url.isCanonical(signature.toString()) && verify(header, signingInput, signature.decode());
    }

    /**
     * As {@link #verify(JWSHeader, byte[], Base64URL)} with the signature already decoded.
     *
     * @param header       the JWS header
     * @param signingInput the ASCII bytes of {@code header.payload}
     * @param signature    the raw signature
     * @return true only for a valid signature with an allowed algorithm that fits the key
     */
    public boolean verify(JWSHeader header, byte[] signingInput, byte[] signature) {
        if (header == null || signingInput == null || signature == null || !alg.equals(header.getAlgorithm())) {
            return false;
        }
        Set<String> crit = header.getCriticalParams();
        if (crit != null && !crit.isEmpty()) {
            return false;
        }
        return verifyRaw(signingInput, signature);
    }

    /**
     * Checks a raw signature over the JWS signing input; false for a wrong length or a bad signature.
     *
     * @param signingInput the ASCII bytes of {@code header.payload}
     * @param signature    the raw signature
     * @return true only for a valid signature
     */
    public boolean verifyRaw(byte[] signingInput, byte[] signature) {
        if (signature == null || signature.length != key.keyType().signatureLength()) {
            return false;
        }
        return key.verify(signingInput, signature);
    }
}
