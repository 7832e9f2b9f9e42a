package dev.mandate.server;

import com.nimbusds.jose.JOSEObjectType;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.request.ContentDigest;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.vc.jose.CompactJws;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the documents of {@link AttackRegressionTest} out of real signed ones. Each rewrite keeps what a
 * signature covers (the JWS, or the RDF graph an RDFC proof signs) and changes what a reader of the JSON sees.
 * The request attacks are signed by the agent itself, with its genuine chain: an agent may sign anything.
 */
public final class Attacks {
    public static final String V2 = "https://www.w3.org/ns/credentials/v2";
    public static final String AGENT_CONTEXT = "https://mandate.dev/ns/agent/v1";
    public static final String CRED = "https://www.w3.org/2018/credentials#";
    /** The term definition of {@code validUntil} in the bundled credentials v2 context. */
    public static final JsonObject VALID_UNTIL = Json.createObjectBuilder().add("@id", CRED + "validUntil")
            .add("@type", "http://www.w3.org/2001/XMLSchema#dateTime").build();
    /** The term definition of {@code credentialStatus} in the bundled credentials v2 context. */
    public static final JsonObject CREDENTIAL_STATUS = Json.createObjectBuilder().add("@id", CRED + "credentialStatus")
            .add("@type", "@id").build();

    /**
     * The maxAmount bypass body: JSON that any JSON backend books as 100000 EUR, behind a UTF-8 byte order
     * mark, sent with {@link #AMOUNT_BYPASS_HEADERS}.
     */
    public static final String AMOUNT_BYPASS_BODY = "\ufeff{\"amount\":\"100000\",\"currency\":\"EUR\"}";
    /** Upper-case JSON Content-Type, and a Mandate-Amount header claiming 1 EUR. */
    public static final Map<String, String> AMOUNT_BYPASS_HEADERS = Map.of("Content-Type", "application/JSON", "Mandate-Amount", "1 EUR");
    /** A path Tomcat and Spring read as {@code /admin/users} ({@code ..;} is {@code ..}), under a grant of {@code /orders/}. */
    public static final String PATH_ESCAPE = "orders/..;/admin/users";

    private Attacks() {
    }

    /**
     * {@code request} with a request proof ({@code mandate-req+jwt}) signed by {@code key} for exactly its
     * method, its URI as written (not canonicalised: {@link RequestSigner} refuses to sign a URL that is not
     * canonical), its body and {@code chain}, plus the chain header; {@code amt}/{@code cur} from the
     * intent's amount, if any.
     */
    public static SimpleRequest signedVerbatim(SimpleRequest request, KeyMaterial key, String did, String vm, List<JsonObject> chain,
                                               Intent intent) throws Exception {
        long now = Instant.now().getEpochSecond();
        var claims = Json.createObjectBuilder().add("iss", did).add("htm", request.method()).add("htu", request.uri())
                .add("content_digest", ContentDigest.of(request.body())).add("chain_digest", Chains.digest(chain))
                .add("jti", UUID.randomUUID().toString()).add("iat", now).add("exp", now + 30)
                .add("intent", Json.createObjectBuilder().add("action", intent.action()).add("resource", intent.resource()));
        intent.amount().ifPresent(a -> claims.add("amt", a.decimal()).add("cur", a.currency()));
        String jws = CompactJws.sign(CompactJws.headerFor(key.signer()).type(new JOSEObjectType(RequestSigner.TYP)).keyID(vm).build(),
                claims.build().toString().getBytes(StandardCharsets.UTF_8), key.signer());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.put("Authorization", RequestSigner.SCHEME + " " + jws);
        headers.put(Chains.HEADER, Chains.encodeHeader(chain));
        return new SimpleRequest(request.method(), request.uri(), headers, request.body());
    }

    /** {@code signed} with one more inline object appended to its {@code @context}. */
    public static JsonObject withInlineContext(JsonObject signed, JsonObject inline) {
        return Json.createObjectBuilder(signed)
                .add("@context", Json.createArrayBuilder(signed.getJsonArray("@context")).add(inline)).build();
    }

    /**
     * Renames the top-level member {@code member} to {@code alias}, defining {@code alias} inline with
     * {@code definition} (the definition the v2 context gives {@code member}): the RDF graph is unchanged.
     */
    public static JsonObject alias(JsonObject signed, String member, String alias, JsonValue definition) {
        JsonObject renamed = Json.createObjectBuilder(signed).add(alias, signed.get(member)).remove(member).build();
        return withInlineContext(renamed, Json.createObjectBuilder().add(alias, definition).build());
    }

    /** Renames {@code credentialSubject.id} to {@code alias}, with {@code "alias": "@id"} inline: the graph is unchanged. */
    public static JsonObject aliasSubjectId(JsonObject signed, String alias) {
        JsonObject subject = signed.getJsonObject("credentialSubject");
        JsonObject renamed = Json.createObjectBuilder(signed).add("credentialSubject",
                Json.createObjectBuilder(subject).remove("id").add(alias, subject.get("id"))).build();
        return withInlineContext(renamed, Json.createObjectBuilder().add(alias, "@id").build());
    }

    /**
     * An inline context redefining the protected term {@code issuer}. The type-scoped context of
     * VerifiableCredential defines it again on top, so the graph (and the proof) stay the same.
     */
    public static JsonObject redefineIssuer(JsonObject signed) {
        return withInlineContext(signed, Json.createObjectBuilder()
                .add("issuer", Json.createObjectBuilder().add("@id", "https://example.com/vocab#notTheIssuer").add("@type", "@id")).build());
    }

    /** An {@code EnvelopedVerifiableCredential} (or presentation) for {@code secured} of media type {@code mediaType}. */
    public static JsonObject envelope(String type, String mediaType, String secured) {
        return Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add(V2))
                .add("id", "data:" + mediaType + "," + secured).add("type", type).build();
    }

    /**
     * The forged capability root: the attacker's own, validly signed {@code jwt} as the envelope's {@code id},
     * and around it, unsigned, the trusted {@code claimedIssuer}, the attacker agent {@code subject} and any
     * {@code capability} it likes.
     */
    public static JsonObject forgedEnvelope(String jwt, String claimedIssuer, String subject, JsonArray capability) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(V2).add(AGENT_CONTEXT))
                .add("id", "data:application/vc+jwt," + jwt)
                .add("type", Json.createArrayBuilder().add("EnvelopedVerifiableCredential").add("AgentCapabilityCredential"))
                .add("issuer", claimedIssuer)
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject).add("capability", capability).add("delegationDepth", 1))
                .build();
    }

    /**
     * {@code jws} with the last base64url character of its signature replaced by another that decodes to the
     * same bytes (only the unused low bits differ): a second encoding of the same signature.
     */
    public static String sameBytesSignature(String jws) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int dot = jws.lastIndexOf('.');
        String sig = jws.substring(dot + 1);
        if (sig.length() % 4 != 2 && sig.length() % 4 != 3) {
            throw new IllegalArgumentException("the signature has no unused bits to change");
        }
        char last = sig.charAt(sig.length() - 1);
        char other = alphabet.charAt(alphabet.indexOf(last) ^ 1); // the lowest bit of the last character is never used
        String altered = jws.substring(0, jws.length() - 1) + other;
        byte[] a = Base64.getUrlDecoder().decode(sig);
        byte[] b = Base64.getUrlDecoder().decode(altered.substring(dot + 1));
        if (!java.util.Arrays.equals(a, b)) {
            throw new IllegalStateException("the altered signature decodes to other bytes");
        }
        return altered;
    }
}
