package dev.mandate.vc.verifier;

import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential that passed every stage of the {@link Verifier} pipeline: its proof, the data model, the
 * JSON-LD integrity rule, trusted issuers, its validity period and its status. Only the pipeline creates
 * one (the constructor is not public), so code that takes a {@code VerifiedCredential} (capability
 * chains, authorization, registries) cannot be handed unverified JSON.
 *
 * <p>{@link #view()} is the <em>verified view</em>: exactly the JSON the proof covers. For a Data Integrity
 * credential that is the document (whose inline contexts passed {@link dev.mandate.vc.model.JsonLdIntegrity});
 * for {@code vc+jwt} the JWS payload; for an {@code EnvelopedVerifiableCredential} the payload of the JWT in
 * its {@code id}, never the envelope's own members; for VC-JWT 1.1 the {@code vc} claim with the registered
 * claims mapped onto it; for SD-JWT the payload with the verified disclosures applied.
 */
public final class VerifiedCredential {
    private final JsonObject view;
    private final String format;
    private final String issuer;
    private final VerificationResult result;
    /** The verifier that admitted it: only that one may {@link Verifier#recheck recheck} it. */
    private final Verifier verifiedBy;
    /** When its time checks pass, worked out by its verifier at the first recheck; null until then. */
    private volatile TimeWindow window;
    /** The last recheck's outcome and the status reading it rests on; null until a recheck may be reused. */
    private volatile Recheck lastRecheck;

    /**
     * A recheck's outcome, reusable while its inputs are unchanged: the trusted issuers and the proofs' outcome
     * (fixed for its verifier), the validity period (reused only while the time window admits it) and the status
     * {@code status} read (null: none checked), which the status checker can tell is still current.
     */
    record Recheck(Verification verification, dev.mandate.vc.verifier.status.StatusChecker.Reading status) {}

    /**
     * The credential the pipeline admitted, which a recheck's credential stands for: the memos live there, so a chain
     * of rechecks (each of the last one's credential) keeps one memo, not one per link.
     */
    private final VerifiedCredential admitted;

    VerifiedCredential(JsonObject view, String format, String issuer, VerificationResult result, Verifier verifiedBy) {
        this(view, format, issuer, result, verifiedBy, null);
    }

    /** A recheck's credential: the same view as {@code admitted}, with the recheck's result. */
    VerifiedCredential(VerifiedCredential admitted, VerificationResult result) {
        this(admitted.view, admitted.format, admitted.issuer, result, admitted.verifiedBy, admitted.admitted);
    }

    private VerifiedCredential(JsonObject view, String format, String issuer, VerificationResult result, Verifier verifiedBy,
                               VerifiedCredential admitted) {
        this.admitted = admitted == null ? this : admitted;
        this.verifiedBy = Objects.requireNonNull(verifiedBy, "verifiedBy");
        this.view = Objects.requireNonNull(view, "view");
        this.format = Objects.requireNonNull(format, "format");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.result = Objects.requireNonNull(result, "result");
        if (!result.verified()) {
            throw new IllegalArgumentException("a VerifiedCredential needs a verified result");
        }
    }

    /** {@return the verified view: the JSON the proof covers} */
    public JsonObject view() { return view; }

    /** {@return the securing format ({@code data-integrity}, {@code vc+jwt}, {@code vc-jwt-1.1}, {@code sd-jwt})} */
    public String format() { return format; }

    /** {@return the authenticated issuer DID (the controller of the key that signed)} */
    public String issuer() { return issuer; }

    /** {@return the verification result that admitted this credential} */
    public VerificationResult result() { return result; }

    /** {@return whether {@code verifier} admitted this credential} */
    boolean verifiedBy(Verifier verifier) { return verifiedBy == verifier; }

    /** {@return the window its verifier worked out, computing it once (the view never changes)} */
    TimeWindow window(java.util.function.Function<JsonObject, TimeWindow> compute) {
        TimeWindow w = admitted.window;
        if (w == null) {
            w = compute.apply(view);
            admitted.window = w;
        }
        return w;
    }

    /** {@return the last recheck that may be reused, or null} */
    Recheck lastRecheck() { return admitted.lastRecheck; }

    /** Remembers a recheck's outcome for the next one. */
    void rememberRecheck(Recheck r) { admitted.lastRecheck = r; }

    /** {@return the credential's types as written in the view} */
    public List<String> types() {
        JsonValue t = view.get("type");
        List<String> out = new ArrayList<>();
        if (t instanceof JsonString s) {
            out.add(s.getString());
        } else if (t instanceof JsonArray a) {
            a.forEach(v -> {
                if (v instanceof JsonString s) out.add(s.getString());
            });
        }
        return List.copyOf(out);
    }

    /** {@return the credential's {@code id}, if it has one} */
    public Optional<String> id() {
        return view.get("id") instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    /** {@return {@code validFrom} (or VC 1.1 {@code issuanceDate})} */
    public Optional<Instant> validFrom() {
        return time("validFrom").or(() -> time("issuanceDate"));
    }

    /** {@return {@code validUntil} (or VC 1.1 {@code expirationDate})} */
    public Optional<Instant> validUntil() {
        return time("validUntil").or(() -> time("expirationDate"));
    }

    private Optional<Instant> time(String member) {
        return view.get(member) instanceof JsonString s ? DateTimeStamp.parse(s.getString()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "VerifiedCredential[" + format + ", issuer " + issuer + id().map(i -> ", id " + i).orElse("") + "]";
    }
}
