package dev.mandate.agent.request;

import com.nimbusds.jose.JOSEObjectType;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.ResourcePattern;
import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.chain.Chains;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs HTTP requests for an agent (docs/capabilities.md, "Request proof"): a compact JWS with
 * {@code typ: mandate-req+jwt} and {@code kid} the agent's verification method, whose claims bind the
 * method, the URL, the body digest, a fresh nonce, the time, the intent and the chain digest, and, when the
 * intent declares one, the amount ({@code amt}, {@code cur}). The URL is bound in its {@link CanonicalUrl}
 * form; a URL that form refuses is not signed. Thread-safe.
 */
public final class RequestSigner {
    /** The JWS {@code typ}. */
    public static final String TYP = "mandate-req+jwt";
    /** The Authorization scheme. */
    public static final String SCHEME = "Mandate";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String agentDid;
    private final String vm;
    private final Signer signer;
    private final List<JsonObject> chain;
    private final String chainHeader;
    private final String chainDigest;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * A signer for the agent whose key is {@code agent} (its DID, its authentication method and signer; the
     * cryptosuite is not used: the key type decides the JWS {@code alg}).
     *
     * @param agent    the agent's key; its DID is the chain's leaf subject
     * @param chain    the capability chain, root first
     * @param clock    for iat/exp
     * @param lifetime proof lifetime (seconds; at most the verifier's limit, 60 s by default)
     * @throws CapabilityException if the chain cannot be encoded
     */
    public RequestSigner(IssuerKey agent, List<JsonObject> chain, Clock clock, Duration lifetime) throws CapabilityException {
        this(agent.did(), agent.verificationMethod(), agent.signer(), chain, clock, lifetime);
    }

    /**
     * Positional form of {@link #RequestSigner(IssuerKey, List, Clock, Duration)}.
     *
     * @param agentDid the agent's DID (the chain's leaf subject)
     * @param vm       its verification method, listed under authentication
     * @param signer   its key
     * @param chain    the capability chain, root first
     * @param clock    for iat/exp
     * @param lifetime proof lifetime (seconds; at most the verifier's limit, 60 s by default)
     * @throws CapabilityException if the chain cannot be encoded
     */
    public RequestSigner(String agentDid, String vm, Signer signer, List<JsonObject> chain, Clock clock, Duration lifetime)
            throws CapabilityException {
        this.agentDid = Objects.requireNonNull(agentDid);
        this.vm = Objects.requireNonNull(vm);
        this.signer = Objects.requireNonNull(signer);
        this.chain = List.copyOf(chain);
        this.chainHeader = Chains.encodeHeader(this.chain);
        this.chainDigest = Chains.digest(this.chain);
        this.clock = Objects.requireNonNull(clock);
        this.lifetime = Objects.requireNonNull(lifetime);
    }

    /**
     * The proof JWS for one request to a verifier that handed out no challenge. Each call makes a new nonce, so a
     * proof is good for one request only.
     *
     * @param method the HTTP method, any case (signed upper case as {@code htm})
     * @param url    the absolute URL the request goes to, query included (signed canonical as {@code htu})
     * @param body   the exact body bytes to send, empty for none (signed as {@code content_digest})
     * @param intent the action, resource and amount the request claims
     * @return the compact JWS
     * @throws CapabilityException if the URL or the intent's resource is not one {@link CanonicalUrl} accepts (the
     *                             message names the rule), or the key cannot sign
     */
    public String proof(String method, String url, byte[] body, Intent intent) throws CapabilityException {
        return sign(method, url, body, intent, Optional.empty());
    }

    /**
     * The proof JWS for one request, carrying the verifier's challenge (signed as {@code challenge}). Each call makes
     * a new nonce, so a proof is good for one request only.
     *
     * @param method    the HTTP method, any case (signed upper case as {@code htm})
     * @param url       the absolute URL the request goes to, query included (signed canonical as {@code htu})
     * @param body      the exact body bytes to send, empty for none (signed as {@code content_digest})
     * @param intent    the action, resource and amount the request claims
     * @param challenge the challenge the verifier handed out; not empty (a verifier without challenges gets
     *                  {@link #proof(String, String, byte[], Intent)})
     * @return the compact JWS
     * @throws CapabilityException if the challenge is empty, the URL or the intent's resource is not one
     *                             {@link CanonicalUrl} accepts (the message names the rule), or the key cannot sign
     * @throws NullPointerException if {@code challenge} is null
     */
    public String proof(String method, String url, byte[] body, Intent intent, String challenge) throws CapabilityException {
        Objects.requireNonNull(challenge, "challenge");
        if (challenge.isEmpty()) {
            throw new CapabilityException("the verifier's challenge is empty; sign without one with proof(method, url, body, intent)"
                    + " when the verifier handed out none");
        }
        return sign(method, url, body, intent, Optional.of(challenge));
    }

    private String sign(String method, String url, byte[] body, Intent intent, Optional<String> challenge) throws CapabilityException {
        try {
            ResourcePattern.parse(intent.resource());
        } catch (CapabilityException e) {
            throw new CapabilityException("intent resource: " + e.getMessage()
                    + (intent.resource().indexOf('?') >= 0 ? " (Intent.forRequest(action, url) leaves the query out)" : ""));
        }
        long now = clock.instant().getEpochSecond();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        JsonObjectBuilder claims = Jsonp.PROVIDER.createObjectBuilder()
                .add("iss", agentDid)
                .add("htm", method.toUpperCase(java.util.Locale.ROOT))
                .add("htu", CanonicalUrl.request(url).toString())
                .add("content_digest", ContentDigest.of(body))
                .add("chain_digest", chainDigest)
                .add("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce))
                .add("iat", now)
                .add("exp", now + Math.max(1, lifetime.toSeconds()))
                .add("intent", Jsonp.PROVIDER.createObjectBuilder().add("action", intent.action()).add("resource", intent.resource()));
        intent.amount().ifPresent(a -> claims.add("amt", a.decimal()).add("cur", a.currency()));
        challenge.ifPresent(c -> claims.add("challenge", c));
        try {
            return CompactJws.sign(CompactJws.headerFor(signer).type(new JOSEObjectType(TYP)).keyID(vm).build(),
                    claims.build().toString().getBytes(StandardCharsets.UTF_8), signer);
        } catch (JoseException e) {
            throw new CapabilityException("could not sign the request proof: " + e.getMessage());
        }
    }

    /**
     * The headers to add to a request: {@code Authorization: Mandate <jws>}, {@code Mandate-Chain} and
     * {@code Content-Digest}.
     *
     * @param method the HTTP method
     * @param url    the absolute URL, query included
     * @param body   the exact body bytes to send, empty for none
     * @param intent what the request claims to do
     * @return the three headers, in that order
     * @throws CapabilityException as {@link #proof} does
     */
    public Map<String, String> headers(String method, String url, byte[] body, Intent intent) throws CapabilityException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", SCHEME + " " + proof(method, url, body, intent));
        h.put(Chains.HEADER, chainHeader);
        h.put(ContentDigest.HEADER, ContentDigest.of(body));
        return h;
    }

    /** {@return the agent's DID, the {@code iss} of every proof} */
    public String agentDid() { return agentDid; }
}
