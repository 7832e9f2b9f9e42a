package dev.mandate.vc.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.Signer;

import java.util.Objects;
import java.util.Set;

/**
 * A Nimbus {@link JWSSigner} over a Mandate {@link Signer}, so any key (in memory, KMS, HSM) signs
 * JWS objects. It supports exactly one algorithm, the one of the signer's key type ({@code EdDSA},
 * {@code ES256}, {@code ES384} or {@code ES256K}), and refuses headers naming another. Our ECDSA
 * signers already return the raw {@code r||s} form JWS uses (RFC 7518 §3.4), and Ed25519 signing is
 * done by Bouncy Castle, so Nimbus's Tink-based Ed25519 signer is not needed. Thread-safe if the
 * underlying signer is.
 */
public final class JwsSignerAdapter implements JWSSigner {
    private final Signer signer;
    private final JWSAlgorithm alg;
    private final Set<JWSAlgorithm> algs;
    private final JCAContext jca = new JCAContext();

    /**
     * Adapts {@code signer}.
     *
     * @param signer the key (or KMS handle) Nimbus signs through
     */
    public JwsSignerAdapter(Signer signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.alg = JoseAlgorithms.forKeyType(signer.keyType());
        this.algs = Set.of(alg);
    }

    /** {@return the one algorithm this signer produces} */
    public JWSAlgorithm algorithm() { return alg; }

    @Override public Set<JWSAlgorithm> supportedJWSAlgorithms() { return algs; }

    @Override public JCAContext getJCAContext() { return jca; }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!alg.equals(header.getAlgorithm())) {
            throw new JOSEException("a " + signer.keyType().curve() + " key signs " + alg + ", not " + header.getAlgorithm());
        }
        byte[] sig = signer.sign(signingInput);
        if (sig == null || sig.length != signer.keyType().signatureLength()) {
            throw new JOSEException("signer returned " + (sig == null ? 0 : sig.length) + " bytes, expected "
                    + signer.keyType().signatureLength());
        }
        return Base64URL.encode(sig);
    }
}
