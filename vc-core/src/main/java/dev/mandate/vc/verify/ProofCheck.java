package dev.mandate.vc.verify;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * The outcome of checking one proof (a Data Integrity proof, or the JWS of a JOSE-secured document).
 *
 * @param type               the proof type ({@code DataIntegrityProof}, {@code Ed25519Signature2020}) or
 *                           {@code JWS} for JOSE
 * @param suite              the cryptosuite ({@code eddsa-rdfc-2022}, ...) or the JWS {@code alg}
 * @param verificationMethod the verification method (DID URL) the proof names, or "" when none was named
 * @param purpose            the proof purpose checked ({@code assertionMethod}, {@code authentication})
 * @param verified           true when the signature verified with a method the signer controls
 */
public record ProofCheck(String type, String suite, String verificationMethod, String purpose, boolean verified) {
    /**
     * Checks that the strings are present.
     *
     * @param type               the proof type
     * @param suite              the cryptosuite ({@code eddsa-rdfc-2022}, ...) or the JWS {@code alg}
     * @param verificationMethod the verification method (DID URL) the proof names, or "" when none was named
     * @param purpose            the proof purpose checked ({@code assertionMethod}, {@code authentication})
     * @param verified           true when the signature verified with a method the signer controls
     */
    public ProofCheck {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(verificationMethod, "verificationMethod");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** {@return {@code {type, cryptosuite, verificationMethod, proofPurpose, verified}}} */
    public JsonObject toJson() {
        return dev.mandate.vc.json.JsonSink.Tree.object(this::members);
    }

    /**
     * Writes the members of {@link #toJson()} into the open object.
     *
     * @param s where to write them
     */
    public void members(dev.mandate.vc.json.JsonSink s) {
        s.add("type", type);
        s.add("cryptosuite", suite);
        s.add("verificationMethod", verificationMethod);
        s.add("proofPurpose", purpose);
        s.add("verified", verified);
    }
}
