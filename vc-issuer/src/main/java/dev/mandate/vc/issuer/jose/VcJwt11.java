package dev.mandate.vc.issuer.jose;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static dev.mandate.vc.issuer.jose.JoseIssuer.CREDENTIALS_V1;
import static dev.mandate.vc.issuer.jose.JoseIssuer.CREDENTIALS_V2;
import static dev.mandate.vc.issuer.jose.JoseSigning.JSON;

/**
 * The VC-JWT 1.1 forms of {@link JoseIssuer} (VC Data Model 1.1 §6.3): the {@code vc} / {@code vp} claim with
 * {@code iss}, {@code sub}, {@code nbf}, {@code exp}, {@code jti}, for older relying parties.
 */
final class VcJwt11 {
    private VcJwt11() {
    }

    /** See {@link JoseIssuer#issueJwt11(JsonObject, IssuerKey, Duration)}. */
    static String issue(JsonObject credential, IssuerKey key, Optional<Duration> validFor, Instant now) throws JoseException {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(key, "key");
        boolean v1 = JoseSigning.firstContext(credential).map(CREDENTIALS_V1::equals).orElse(false);
        if (!v1) {
            JoseSigning.requireContext(credential, CREDENTIALS_V2, "VC-JWT 1.1");
        }
        JsonObject vc = JoseSigning.prepare(credential, key.did(), key.verificationMethod(), validFor, now, v1);
        String from = v1 ? "issuanceDate" : "validFrom";
        String until = v1 ? "expirationDate" : "validUntil";
        JsonObjectBuilder claims = JSON.createObjectBuilder().add("iss", key.did());
        JsonObjectBuilder inner = JSON.createObjectBuilder(vc).remove("issuer").remove(from).remove(until);
        Optional<Instant> nbf = JoseSigning.date(vc, from);
        Optional<Instant> exp = JoseSigning.date(vc, until);
        nbf.ifPresent(t -> claims.add("nbf", t.getEpochSecond()));
        exp.ifPresent(t -> claims.add("exp", t.getEpochSecond()));
        if (vc.get("id") instanceof JsonString) {
            claims.add("jti", vc.getString("id"));
            inner.remove("id");
        }
        JsonValue subject = vc.get("credentialSubject");
        if (subject instanceof JsonObject && ((JsonObject) subject).get("id") instanceof JsonString) {
            claims.add("sub", ((JsonObject) subject).getString("id"));
            inner.add("credentialSubject", JSON.createObjectBuilder((JsonObject) subject).remove("id"));
        }
        claims.add("iat", now.getEpochSecond()).add("vc", inner);
        return JoseSigning.sign(JoseSigning.header(key.signer(), "JWT", null, key.verificationMethod()), claims.build(), key.signer());
    }

    /** See {@link JoseIssuer#presentJwt11(List, IssuerKey, PresentationOptions)}. */
    static String present(List<String> jwtCredentials, IssuerKey holder, PresentationOptions options, Instant now)
            throws JoseException {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(options, "options");
        JoseSigning.requireKidOf(holder.verificationMethod(), holder.did());
        JsonArrayBuilder vcs = JSON.createArrayBuilder();
        for (String c : jwtCredentials) {
            vcs.add(CompactJws.parse(Objects.requireNonNull(c, "credential").strip()).serialize());
        }
        JsonObjectBuilder claims = JSON.createObjectBuilder()
                .add("iss", holder.did())
                .add("jti", "urn:uuid:" + UUID.randomUUID())
                .add("iat", now.getEpochSecond());
        options.nonce().ifPresent(n -> claims.add("nonce", n));
        options.audience().ifPresent(a -> claims.add("aud", a));
        claims.add("vp", JSON.createObjectBuilder()
                .add("@context", JSON.createArrayBuilder().add(CREDENTIALS_V1))
                .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                .add("verifiableCredential", vcs));
        return JoseSigning.sign(JoseSigning.header(holder.signer(), "JWT", null, holder.verificationMethod()), claims.build(),
                holder.signer());
    }
}
