package dev.mandate.vc.verifier;

import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * What a format adapter established about one secured document, before the shared stages run: the
 * first stage of the {@link Verifier} pipeline. Only the pipeline turns it into a
 * {@link VerifiedCredential} or {@link VerifiedPresentation}, after every stage passed; nothing else can.
 *
 * @param kind      {@code credential}, {@code presentation} or {@code unknown}
 * @param format    the securing format ({@code data-integrity}, {@code vc+jwt}, {@code sd-jwt}, ...)
 * @param model     which data model the view follows, so the shared stages know what to check
 * @param view      the verified view: exactly the JSON the proof covers (the JWS payload, the credential
 *                  rebuilt from VC-JWT 1.1 claims, the SD-JWT payload with its verified disclosures
 *                  applied, or the Data Integrity document itself); meaningful only when {@code authentic}
 * @param authentic true when the signature verified, so {@code view} is what the signer signed
 * @param party     the authenticated issuer (credentials) or holder (presentations) DID, "" when unknown
 * @param checks    the format's checks that passed (header, signature, proof, keyBinding, ...)
 * @param problems  the format's problems
 * @param proofs    one entry per proof or signature checked
 * @param nested    for presentations: the {@code verifiableCredential} items of the view, each to re-enter
 *                  the pipeline; empty otherwise
 * @param nestedPath the JSON pointer of the view's {@code verifiableCredential} member (for problem paths)
 */
public record SecuredDocument(String kind, String format, Model model, JsonObject view, boolean authentic, String party,
                              List<String> checks, List<Problem> problems, List<ProofCheck> proofs,
                              List<JsonValue> nested, String nestedPath) {
    /** The data model a verified view follows. */
    public enum Model {
        /** A W3C credential or presentation (VC Data Model 2.0 or 1.1) secured as a whole. */
        W3C,
        /** A W3C credential or presentation rebuilt from VC-JWT 1.1 claims. */
        W3C_JWT_11,
        /** An IETF SD-JWT VC ({@code dc+sd-jwt}): claims, not a W3C credential. */
        SD_JWT_VC
    }

    /**
     * Checks that no component is null and copies the lists.
     *
     * @param kind       credential or presentation
     * @param format     the securing format
     * @param model      the data model of the view
     * @param view       the verified view
     * @param authentic  whether the signature verified
     * @param party      the authenticated issuer or holder
     * @param checks     the checks that passed (copied)
     * @param problems   the format's problems (copied)
     * @param proofs     the proofs checked (copied)
     * @param nested     a presentation's credential items (copied)
     * @param nestedPath the pointer of {@code verifiableCredential}
     */
    public SecuredDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(party, "party");
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
        proofs = List.copyOf(proofs);
        nested = List.copyOf(nested);
        Objects.requireNonNull(nestedPath, "nestedPath");
    }

    /** {@return true for a presentation} */
    public boolean presentation() {
        return "presentation".equals(kind);
    }
}
