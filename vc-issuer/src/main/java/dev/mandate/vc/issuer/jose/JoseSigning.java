package dev.mandate.vc.issuer.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.mandate.vc.issuer.jose.JoseIssuer.CREDENTIALS_V2;

/**
 * What every JOSE form of {@link JoseIssuer} shares: preparing a credential (issuer, validity), the checks on the
 * key's {@code kid} and the {@code @context}, the header, and signing. Stateless.
 */
final class JoseSigning {
    static final JsonBuilderFactory JSON = dev.mandate.vc.json.Jsonp.PROVIDER.createBuilderFactory(Map.of());

    private JoseSigning() {
    }

    /**
     * Sets {@code issuer} to {@code issuerDid} when absent (refuses a different one), the start of validity to
     * {@code now} unless present and its end to now + {@code validFor} when given ({@code issuanceDate} /
     * {@code expirationDate} when {@code v1}); refuses vc/vp members and an existing proof.
     */
    static JsonObject prepare(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Instant now,
                              boolean v1) throws JoseException {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(issuerDid, "issuerDid");
        Objects.requireNonNull(validFor, "validFor");
        requireKidOf(kid, issuerDid);
        for (String banned : List.of("vc", "vp")) {
            if (credential.containsKey(banned)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential has a '" + banned
                        + "' member; JOSE-secured credentials are the credential itself (VC-JOSE-COSE forbids vc/vp claims)", "/" + banned);
            }
        }
        if (credential.containsKey("proof")) {
            throw new JoseException(ErrorType.PROOF_GENERATION_ERROR, "the credential already has a Data Integrity proof; secure an unsigned credential", "/proof");
        }
        JsonValue existingIssuer = credential.get("issuer");
        String existing = existingIssuer instanceof JsonString ? ((JsonString) existingIssuer).getString()
                : existingIssuer instanceof JsonObject && ((JsonObject) existingIssuer).get("id") instanceof JsonString
                ? ((JsonObject) existingIssuer).getString("id") : null;
        if (existingIssuer != null && existing == null) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "issuer must be a URL or an object with an id", "/issuer");
        }
        if (existing != null && !existing.equals(issuerDid)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential names issuer " + existing
                    + " but it would be signed by " + issuerDid, "/issuer");
        }
        JsonObjectBuilder b = JSON.createObjectBuilder(credential);
        if (existingIssuer == null) {
            b.add("issuer", issuerDid);
        }
        String from = v1 ? "issuanceDate" : "validFrom";
        String until = v1 ? "expirationDate" : "validUntil";
        if (!credential.containsKey(from)) {
            b.add(from, DataIntegrity.format(now));
        }
        validFor.ifPresent(d -> b.add(until, DataIntegrity.format(now.plus(d))));
        return b.build();
    }

    /**
     * The payload builder of a {@code vp+jwt}: refuses a {@code type} without {@code VerifiablePresentation}, a
     * {@code vc}, {@code vp} or {@code proof} member and a {@code holder} other than {@code holderDid}, and sets
     * {@code holder} when absent.
     */
    static JsonObjectBuilder unsecuredPresentation(JsonObject presentation, String holderDid) throws JoseException {
        JsonValue type = presentation.get("type");
        boolean isVp = type instanceof JsonString ? ((JsonString) type).getString().equals("VerifiablePresentation")
                : type instanceof JsonArray && ((JsonArray) type).contains(dev.mandate.vc.json.Jsonp.PROVIDER.createValue("VerifiablePresentation"));
        if (!isVp) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "type must include VerifiablePresentation", "/type");
        }
        for (String banned : List.of("vc", "vp", "proof")) {
            if (presentation.containsKey(banned)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the presentation has a '" + banned
                        + "' member; a vp+jwt payload is an unsecured presentation", "/" + banned);
            }
        }
        JsonValue existing = presentation.get("holder");
        String existingId = existing instanceof JsonString ? ((JsonString) existing).getString()
                : existing instanceof JsonObject && ((JsonObject) existing).get("id") instanceof JsonString
                ? ((JsonObject) existing).getString("id") : null;
        if (existing != null && !holderDid.equals(existingId)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the presentation names holder " + existingId
                    + " but it would be signed by " + holderDid, "/holder");
        }
        JsonObjectBuilder vp = JSON.createObjectBuilder(presentation);
        if (existing == null) {
            vp.add("holder", holderDid);
        }
        return vp;
    }

    /** Refuses a {@code kid} that is not a DID URL {@code did#fragment} of {@code did}. */
    static void requireKidOf(String kid, String did) throws JoseException {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(did, "did");
        if (!kid.startsWith(did + "#") || kid.length() == did.length() + 1) {
            throw new JoseException(ErrorType.PROOF_GENERATION_ERROR, "kid " + kid + " is not a verification method of " + did
                    + " (expected " + did + "#...)");
        }
    }

    /** Refuses a document whose first {@code @context} is not {@code context}. */
    static void requireContext(JsonObject credential, String context, String format) throws JoseException {
        Objects.requireNonNull(credential, "credential");
        Optional<String> first = firstContext(credential);
        if (first.isEmpty() || !first.get().equals(context)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, format + " secures VC Data Model "
                    + (context.equals(CREDENTIALS_V2) ? "2.0" : "1.1") + " credentials whose first @context is " + context
                    + "; found " + first.orElse("none"), "/@context");
        }
    }

    /** The first {@code @context} entry when it is a string. */
    static Optional<String> firstContext(JsonObject credential) {
        JsonValue ctx = credential.get("@context");
        if (ctx instanceof JsonString) return Optional.of(((JsonString) ctx).getString());
        if (ctx instanceof JsonArray && !((JsonArray) ctx).isEmpty() && ((JsonArray) ctx).get(0) instanceof JsonString) {
            return Optional.of(((JsonArray) ctx).getString(0));
        }
        return Optional.empty();
    }

    /** The date member {@code name}, refusing one that is not a dateTimeStamp. */
    static Optional<Instant> date(JsonObject vc, String name) throws JoseException {
        JsonValue v = vc.get(name);
        if (v == null) return Optional.empty();
        Optional<Instant> t = v instanceof JsonString s ? dev.mandate.vc.model.DateTimeStamp.parse(s.getString()) : Optional.empty();
        if (t.isEmpty()) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, name + " is not an XML Schema dateTimeStamp", "/" + name);
        }
        return t;
    }

    /** The protected header: {@code alg} from the key type, {@code typ}, {@code kid} and {@code cty} when not null. */
    static JWSHeader header(Signer signer, String typ, String cty, String kid) {
        JWSHeader.Builder h = CompactJws.headerFor(signer).type(new JOSEObjectType(typ)).keyID(kid);
        if (cty != null) {
            h.contentType(cty);
        }
        return h.build();
    }

    /** Signs the JSON payload as a compact JWS. */
    static String sign(JWSHeader header, JsonObject payload, Signer signer) throws JoseException {
        return CompactJws.sign(header, payload.toString().getBytes(StandardCharsets.UTF_8), signer);
    }
}
