package dev.mandate.agent.authz;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.agent.ResourcePattern;
import dev.mandate.agent.chain.ChainLink;
import dev.mandate.agent.chain.ChainResult;
import dev.mandate.agent.chain.ChainVerifier;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.ContentDigest;
import dev.mandate.agent.request.HttpRequestView;
import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.state.SharedStateUnavailableException;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether one HTTP request from an agent is allowed (docs/capabilities.md, "Authorization").
 * In order: the proof header and chain header parse; the proof is a {@code mandate-req+jwt} JWS signed
 * by a key its issuer lists under authentication; it is fresh and short-lived; it was made for this
 * method, {@link dev.mandate.agent.CanonicalUrl canonical} URL, body and chain; no unsigned part of
 * the request contradicts the amount it declares ({@link Amounts}); the chain verifies under the
 * {@link TrustPolicy}; the proof's issuer is the chain's leaf agent; the nonce was not seen; the intent covers the request and a trusted leaf
 * capability covers the intent; and that capability's constraints (methods, time of day, audience,
 * the declared amount, rate per agent) hold. Never throws for bad input. Thread-safe; build once and share.
 */
public final class Authorizer {
    /** Largest accepted proof JWS, in characters. */
    public static final int MAX_PROOF_CHARS = 16 * 1024;
    /**
     * Informational header {@code Mandate-Amount: 120.50 EUR}: the amount is the one the proof declares
     * ({@code amt}, {@code cur}); when this header is present it must state the same, or the request is refused.
     */
    public static final String AMOUNT_HEADER = Amounts.HEADER;

    private final RequestProof proofs;
    private final ChainCache chainCache;
    private final TrustPolicy policy;
    private final Clock clock;
    private final Duration skew;
    private final ReplayCache replay;
    private final RateLimiter rates;
    private final List<DecisionListener> listeners;
    private final java.util.concurrent.atomic.LongAdder listenerFailures = new java.util.concurrent.atomic.LongAdder();

    private Authorizer(Builder b) {
        this.chainCache = new ChainCache(new ChainVerifier(b.verifier), b.policy, b.chainCacheTtl);
        this.proofs = new RequestProof(b.resolver, b.skew, b.maxLifetime);
        this.policy = b.policy;
        this.clock = b.clock;
        this.skew = b.skew;
        this.replay = b.replay != null ? b.replay : ReplayCache.inMemory(b.replayEntries);
        this.rates = b.rates != null ? b.rates : RateLimiter.inMemory(b.rateKeys);
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Starts an authorizer.
     *
     * @param verifier verifies each chain link (and its status, if it checks status); its
     *                 {@linkplain Verifier#resolver() resolver} also resolves the request proof's {@code kid}
     * @param policy   trusted root issuers, maximum depth, this verifier's audience ids
     * @return a builder with the defaults documented on its setters
     * @throws NullPointerException if {@code verifier} or {@code policy} is null
     */
    public static Builder builder(Verifier verifier, TrustPolicy policy) {
        return new Builder(verifier, verifier.resolver(), policy);
    }

    /**
     * The agent an {@code Authorization: Mandate <jws>} header's proof <em>claims</em> to come from (its
     * {@code iss}), read without any check. Only for comparing with the owner of a session or task before
     * {@link #authorize(HttpRequestView, Operation) authorizing} (which refuses the request unless the proof
     * verifies and {@code iss} is the authenticated agent): a request whose claimed agent is not the owner
     * becomes a {@linkplain Operation#refused refused operation}; one that claims the owner falsely fails
     * authentication. Empty when the header is absent or not a readable proof.
     *
     * @param authorization the {@code Authorization} header's value, or null when absent
     * @return the proof's unverified {@code iss}, or empty
     */
    public static Optional<String> claimedAgent(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, RequestSigner.SCHEME + " ", 0, 8)) {
            return Optional.empty();
        }
        try {
            JsonObject claims = CompactJws.parse(authorization.substring(8).trim(), MAX_PROOF_CHARS)
                    .payloadObject(BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_PROOF_CHARS).withMaxDepth(8));
            String iss = str(claims, "iss");
            return iss.isEmpty() ? Optional.empty() : Optional.of(iss);
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Decides on {@code request}, reading the proof from its headers (no verifier challenge).
     *
     * @param request the request as received: method, URL, headers and body
     * @return the decision with its reasons; a denial for any bad input, never an exception
     */
    public Decision authorize(HttpRequestView request) {
        return authorize(request, null, null);
    }

    /**
     * Decides on {@code request}; the proof's {@code challenge} claim must equal {@code challenge} (for verifiers
     * that hand out challenges instead of relying on the nonce cache alone). An empty challenge is denied, not read
     * as "none": a verifier that handed out none calls {@link #authorize(HttpRequestView)}.
     *
     * @param request   the request as received
     * @param challenge the challenge this verifier handed out; not null or empty
     * @return the decision with its reasons; a denial for any bad input, never an exception
     * @throws NullPointerException if {@code challenge} is null
     */
    public Decision authorize(HttpRequestView request, String challenge) {
        return authorize(request, Objects.requireNonNull(challenge, "challenge"), null);
    }

    /**
     * Decides on {@code request} for an {@link Operation} the server derived from it (an MCP tool call,
     * docs/mcp.md), instead of "the intent's action on the request URL": every other check is the same;
     * the intent must name the operation, and a capability must cover the operation's resource (unless the
     * operation needs none). The operation's {@linkplain Operation#stated() stated amounts} must agree with
     * the declared amount like the body does.
     *
     * @param request   the request as received
     * @param operation what the request does, or a refusal the server already made
     * @return the decision with its reasons; a denial for any bad input, never an exception
     * @throws NullPointerException if {@code operation} is null
     */
    public Decision authorize(HttpRequestView request, Operation operation) {
        return authorize(request, null, Objects.requireNonNull(operation, "operation"));
    }

    private Decision authorize(HttpRequestView request, String challenge, Operation op) {
        if (listeners.isEmpty()) {
            return decide(request, challenge, clock.instant(), null, op);
        }
        Instant now = clock.instant();
        Seen seen = new Seen();
        Decision d = decide(request, challenge, now, seen, op);
        DecisionEvent event = new DecisionEvent(now, request.method(), seen.url.isEmpty() ? request.uri() : seen.url,
                seen.action, seen.resource, seen.scope, d, seen.amount);
        String unrecorded = null;
        for (DecisionListener l : listeners) {
            try {
                l.onDecision(event);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                if (l.required() && unrecorded == null) {
                    unrecorded = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
        }
        return unrecorded == null ? d : d.unrecorded(unrecorded); // fail closed: never answer what was not recorded
    }

    /**
     * How many times a {@link DecisionListener} threw since this authorizer was built (each failure is counted;
     * a {@linkplain DecisionListener#required() required} listener's failure also turns the decision into a denial).
     *
     * @return the count, read without locking
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /** What the decision learned about the request, for listeners (null when there are none). */
    private static final class Seen {
        String url = "";
        String action = "";
        String resource = "";
        List<Capability> scope = List.of();
        Optional<Amount> amount = Optional.empty();
    }

    private Decision decide(HttpRequestView request, String challenge, Instant now, Seen seen, Operation op) {
        List<String> checks = new ArrayList<>();
        String auth = request.header("Authorization").orElse("");
        if (auth.length() < 8 || !auth.regionMatches(true, 0, RequestSigner.SCHEME + " ", 0, 8)) {
            return deny("", List.of(), checks, Reason.of(Code.PROOF_MISSING, "no \"Authorization: Mandate <jws>\" header"));
        }
        String jws = auth.substring(8).trim();
        Optional<String> chainHeader = request.header(Chains.HEADER);
        if (chainHeader.isEmpty()) return deny("", List.of(), checks, Reason.of(Code.CHAIN_MALFORMED, "no " + Chains.HEADER + " header"));
        List<JsonObject> chain;
        String chainDigest;
        try {
            chain = Chains.decodeHeader(chainHeader.get());
            chainDigest = Chains.digest(chain);
        } catch (CapabilityException e) {
            return deny("", List.of(), checks, Reason.of(Code.CHAIN_MALFORMED, e.getMessage()));
        }
        // --- proof: parse, type, key, signature, freshness
        RequestProof.Checked checked = proofs.check(jws, now, checks);
        if (checked.denial().isPresent()) return deny(checked.iss(), List.of(), checks, checked.denial().get());
        String iss = checked.iss();
        JsonObject claims = checked.claims();
        long t = now.getEpochSecond();
        long exp = checked.exp();
        // --- request binding
        CanonicalUrl url;
        try {
            url = CanonicalUrl.request(request.uri());
        } catch (CapabilityException e) {
            return deny(iss, List.of(), checks, Reason.of(Code.URL_NOT_CANONICAL, "request " + e.getMessage()));
        }
        String htu = url.toString();
        if (seen != null) seen.url = url.withoutQuery();
        byte[] body = request.body();
        String digest = ContentDigest.of(body);
        if (!request.method().equals(str(claims, "htm"))) {
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "proof was made for method " + str(claims, "htm") + ", not " + request.method()));
        }
        if (!htu.equals(str(claims, "htu"))) {
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "proof was made for " + str(claims, "htu") + ", not " + htu));
        }
        if (!eq(digest, str(claims, "content_digest"))) {
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "body does not match the proof's content_digest (altered body)"));
        }
        Optional<String> cdHeader = request.header(ContentDigest.HEADER);
        if (cdHeader.isPresent() && !cdHeader.get().trim().equals(digest)) {
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "Content-Digest header does not match the body"));
        }
        if (!eq(chainDigest, str(claims, "chain_digest"))) {
            return deny(iss, List.of(), checks, Reason.of(Code.CHAIN_DIGEST_MISMATCH, "the Mandate-Chain sent is not the chain the proof commits to"));
        }
        if (challenge != null && challenge.isEmpty()) { // null: the verifier handed out none; "" is not read as none
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "this verifier's challenge is empty, so no proof"
                    + " can carry it; a verifier that hands out no challenge authorizes without one"));
        }
        if (challenge != null && !eq(challenge, str(claims, "challenge"))) {
            return deny(iss, List.of(), checks, Reason.of(Code.REQUEST_MISMATCH, "proof does not carry this verifier's challenge"));
        }
        Optional<Amount> declared;
        try {
            declared = Amounts.declared(claims);
            if (seen != null) seen.amount = declared; // the verified proof's amt/cur, for the audit log and the guard
        } catch (CapabilityException e) {
            return deny(iss, List.of(), checks, Reason.of(Code.PROOF_INVALID, e.getMessage()));
        }
        Optional<Reason> contradiction = Amounts.contradiction(declared, request, body, url);
        if (contradiction.isEmpty() && op != null) contradiction = Amounts.contradiction(declared, op.stated());
        if (contradiction.isPresent()) return deny(iss, List.of(), checks, contradiction.get());
        checks.add("request binding (method, URL, Content-Digest, chain digest" + (challenge == null ? "" : ", challenge")
                + declared.map(a -> ", declared amount " + a + " not contradicted by body, query or " + AMOUNT_HEADER).orElse("") + ")");
        // --- replay
        String jti = str(claims, "jti");
        if (jti.length() < 16 || jti.length() > 128) return deny(iss, List.of(), checks, Reason.of(Code.PROOF_INVALID, "proof jti must be a nonce of 16 to 128 characters"));
        ReplayCache.Outcome o;
        try {
            o = replay.checkAndRecord(iss + " " + jti, exp + skew.toSeconds(), t);
        } catch (SharedStateUnavailableException e) {
            return deny(iss, List.of(), checks, Reason.of(Code.STATE_UNAVAILABLE, "the replay check could not be made, so the request is refused: "
                    + e.getMessage()));
        }
        if (o == ReplayCache.Outcome.REPLAY) return deny(iss, List.of(), checks, Reason.of(Code.REPLAY, "proof nonce " + jti + " was already used"));
        if (o == ReplayCache.Outcome.FULL) return deny(iss, List.of(), checks, Reason.of(Code.REPLAY_CACHE_FULL, "replay cache is full; retry later"));
        checks.add("nonce fresh");
        // --- chain
        ChainResult cr = chainCache.verify(chain, chainDigest, now);
        if (seen != null && cr.valid()) seen.scope = cr.capabilities();
        if (!cr.valid()) return new Decision(false, iss, null, cr.links(), checks, cr.reasons());
        checks.add("chain of " + cr.links().size() + " verified; root " + cr.links().get(0).credential().issuer() + " trusted");
        if (!cr.agentDid().equals(iss)) {
            return deny(iss, cr.links(), checks, Reason.of(Code.HOLDER_MISMATCH, "proof signed by " + iss + " but the chain was granted to " + cr.agentDid()));
        }
        checks.add("holder binding");
        // --- intent
        if (!(claims.get("intent") instanceof JsonObject intent)) return deny(iss, cr.links(), checks, Reason.of(Code.INTENT_MISMATCH, "proof has no intent"));
        String action = str(intent, "action");
        if (seen != null) {
            seen.action = action;
            seen.resource = str(intent, "resource");
        }
        ResourcePattern intentResource;
        try {
            intentResource = ResourcePattern.parse(str(intent, "resource"));
        } catch (CapabilityException e) {
            return deny(iss, cr.links(), checks, Reason.of(Code.URL_NOT_CANONICAL, "intent resource: " + e.getMessage()));
        }
        if (op != null && op.refusal().isPresent()) return deny(iss, cr.links(), checks, op.refusal().get());
        if (op != null && !op.action().equals(action)) {
            return deny(iss, cr.links(), checks, Reason.of(Code.INTENT_MISMATCH, "intent action " + action + " is not the request's operation "
                    + op.action() + " " + op.resource()));
        }
        if (!intentResource.matches(op == null ? url : op.resource())) {
            return deny(iss, cr.links(), checks, Reason.of(Code.INTENT_MISMATCH, "intent resource " + intentResource + " does not cover "
                    + (op == null ? htu : op.resource())));
        }
        if (op != null && !op.needsCapability()) {
            checks.add("operation " + action + " " + op.resource() + " needs no capability");
            return new Decision(true, iss, null, cr.links(), checks, List.of());
        }
        List<Capability> candidates = cr.capabilities().stream()
                .filter(c -> c.action().equals(action) && c.resource().covers(intentResource)).toList();
        if (candidates.isEmpty()) {
            return deny(iss, cr.links(), checks, Reason.of(Code.INTENT_MISMATCH, "no capability of " + iss + " allows " + action + " on " + intentResource));
        }
        checks.add("intent " + action + " " + intentResource + " within the chain");
        // --- constraints
        List<Reason> failures = new ArrayList<>();
        for (Capability c : candidates) {
            Optional<Reason> why = constraintFailure(c.constraints(), request, declared, now);
            if (why.isPresent()) {
                failures.add(why.get());
                continue;
            }
            if (c.constraints().ratePerMinute().isPresent()) {
                boolean acquired;
                try {
                    acquired = rates.tryAcquire(iss + " " + cr.links().get(0).credential().id() + " " + c,
                            c.constraints().ratePerMinute().get(), now.toEpochMilli());
                } catch (SharedStateUnavailableException e) {
                    return new Decision(false, iss, null, cr.links(), checks, List.of(Reason.of(Code.STATE_UNAVAILABLE,
                            "the rate limit could not be checked, so the request is refused: " + e.getMessage())));
                }
                if (!acquired) {
                    failures.add(Reason.of(Code.RATE_LIMITED, iss + " exceeded " + c.constraints().ratePerMinute().get() + " requests per minute"));
                    continue;
                }
            }
            checks.add("constraints " + Capability.class.getSimpleName().toLowerCase(Locale.ROOT) + " " + c.action() + " " + c.resource());
            return new Decision(true, iss, c, cr.links(), checks, List.of());
        }
        return new Decision(false, iss, null, cr.links(), checks, failures);
    }

    private Optional<Reason> constraintFailure(Constraints k, HttpRequestView request, Optional<Amount> declared, Instant now) {
        if (!k.methods().isEmpty() && !k.methods().contains(request.method())) {
            return Optional.of(Reason.of(Code.METHOD_NOT_ALLOWED, "method " + request.method() + " is not in " + k.methods()));
        }
        if (k.timeOfDay().isPresent() && !k.timeOfDay().get().contains(now)) {
            return Optional.of(Reason.of(Code.OUTSIDE_TIME_WINDOW, "now is outside " + k.timeOfDay().get() + " UTC"));
        }
        if (!k.audience().isEmpty() && policy.audience().stream().noneMatch(k.audience()::contains)) {
            return Optional.of(Reason.of(Code.AUDIENCE_MISMATCH, "this verifier " + policy.audience() + " is not in the audience " + k.audience()));
        }
        return Amounts.outsideLimit(k, declared);
    }

    private static Decision deny(String agent, List<ChainLink> links, List<String> checks, Reason r) {
        return new Decision(false, agent, null, links, checks, List.of(r));
    }

    private static String str(JsonObject o, String k) {
        return o.get(k) instanceof JsonString s ? s.getString() : "";
    }

    private static boolean eq(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Configures an {@link Authorizer}. */
    public static final class Builder {
        private final Verifier verifier;
        private final MethodResolver resolver;
        private final TrustPolicy policy;
        private Clock clock = Clock.systemUTC();
        private Duration skew = Duration.ofSeconds(5);
        private Duration maxLifetime = Duration.ofSeconds(60);
        private int replayEntries = 100_000;
        private int rateKeys = 100_000;
        private ReplayCache replay;
        private RateLimiter rates;
        private Duration chainCacheTtl = Duration.ZERO;
        private final List<DecisionListener> listeners = new ArrayList<>();

        private Builder(Verifier verifier, MethodResolver resolver, TrustPolicy policy) {
            this.verifier = Objects.requireNonNull(verifier);
            this.resolver = Objects.requireNonNull(resolver);
            this.policy = Objects.requireNonNull(policy);
        }

        /**
         * The clock (default: system UTC). Use the same clock as the Verifier.
         *
         * @param c the clock that times proofs, constraints and the chain cache; not null
         * @return this builder
         */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }
        /**
         * Tolerated clock difference for the proof's {@code iat} and {@code exp} (default 5 s).
         *
         * @param d the tolerance; not null
         * @return this builder
         */
        public Builder clockSkew(Duration d) { this.skew = Objects.requireNonNull(d); return this; }
        /**
         * Longest accepted {@code exp - iat} of a request proof (default 60 s).
         *
         * @param d the longest lifetime; not null
         * @return this builder
         */
        public Builder maxProofLifetime(Duration d) { this.maxLifetime = Objects.requireNonNull(d); return this; }
        /**
         * Most live nonces the default in-process replay cache remembers (default 100 000); ignored when a
         * {@link #replayCache} is set.
         *
         * @param n the bound, positive
         * @return this builder
         */
        public Builder replayCacheEntries(int n) { this.replayEntries = n; return this; }
        /**
         * Most agents the default in-process rate limiter tracks at once (default 100 000); ignored when a
         * {@link #rateLimiter} is set.
         *
         * @param n the bound, positive
         * @return this builder
         */
        public Builder rateLimitKeys(int n) { this.rateKeys = n; return this; }
        /**
         * The replay cache (default: in this process, {@link #replayCacheEntries} live nonces). Instances behind
         * one load balancer must share one (Redis, module {@code mandate-state-redis}). When the cache cannot
         * answer, the request is denied with {@link Code#STATE_UNAVAILABLE}.
         *
         * @param cache the shared cache; not null
         * @return this builder
         */
        public Builder replayCache(ReplayCache cache) { this.replay = Objects.requireNonNull(cache, "cache"); return this; }
        /**
         * The rate limiter for {@code ratePerMinute} constraints (default: in this process, {@link #rateLimitKeys}
         * keys). Instances behind one load balancer must share one. When the limiter cannot answer, the request is
         * denied with {@link Code#STATE_UNAVAILABLE}.
         *
         * @param limiter the shared limiter; not null
         * @return this builder
         */
        public Builder rateLimiter(RateLimiter limiter) { this.rates = Objects.requireNonNull(limiter, "limiter"); return this; }
        /**
         * Remembers valid chains (by chain digest) for up to {@code ttl}, never past a link's validUntil
         * (default zero: verify every chain every time). A revocation or suspension is then seen only
         * after at most {@code ttl}; the request proof itself is always verified.
         *
         * @param ttl how long a verified chain is reused; zero turns the cache off
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is negative
         */
        public Builder chainCacheTtl(Duration ttl) {
            if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative");
            this.chainCacheTtl = ttl;
            return this;
        }
        /**
         * Calls {@code listener} with every decision, allow and deny, after it is made and before
         * {@code authorize} returns (for an audit log or the behaviour guard). A listener must be fast
         * (hand off to a queue); an exception it throws is counted ({@link #listenerFailures()}) and does
         * not change the decision.
         *
         * @param listener called on the deciding thread; several listeners are called in the order added
         * @return this builder
         */
        public Builder onDecision(DecisionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }
        /**
         * Builds the authorizer; the builder may be reused afterwards.
         *
         * @return a new, thread-safe authorizer
         */
        public Authorizer build() { return new Authorizer(this); }
    }
}
