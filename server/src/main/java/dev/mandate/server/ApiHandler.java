package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.server.ServerConfig.Limits;
import dev.mandate.server.ServerConfig.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.mandate.server.VcApiBodies.describe;
import static dev.mandate.server.VcApiBodies.optionString;
import static dev.mandate.server.VcApiBodies.problems;
import static dev.mandate.server.VcApiBodies.requestedStatus;

/**
 * The HTTP API: routes each request, checks its access token, reads and bounds its body, and calls the
 * verifier, issuer or resolver. Every failure is a JSON answer; nothing a client sends can produce a stack trace.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** An issuer ready to sign. */
    record ConfiguredIssuer(String name, String did, String verificationMethod, String cryptosuite,
                            java.time.Duration validFor, dev.mandate.did.crypto.Signer signer) {
    }

    /** A did.json document served at a fixed path. */
    record HostedDocument(String did, String path, String contentType, byte[] body) {
    }

    private final Limits limits;
    private final BoundedJson.Limits jsonLimits;
    private final Verifier verifier;
    private final ResolutionEndpoint resolution;
    private final Issuer issuer;
    private final Map<String, ConfiguredIssuer> issuers;
    private final Optional<ConfiguredIssuer> defaultIssuer;
    private final Map<String, HostedDocument> hosted;
    private final dev.mandate.agent.state.ChallengeStore challenges;
    private final VerificationCache cache;
    private final AccessTokens tokens;
    private final Metrics metrics;
    private final BooleanSupplier stopping;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String idPrefix;
    private final AtomicLong idCounter = new AtomicLong();
    private volatile Optional<StatusEndpoints> status = Optional.empty();
    private volatile Optional<dev.mandate.agent.authz.Authorizer> authorizer = Optional.empty();
    private volatile Optional<RegistryEndpoints> registry = Optional.empty();
    /** {@code challenges.requireIssued}: presentations must answer a challenge this server (or its shared store) issued. */
    private volatile boolean requireIssued = true;

    ApiHandler(Limits limits, Verifier verifier, DidResolver resolver, Issuer issuer, Map<String, ConfiguredIssuer> issuers,
               Optional<ConfiguredIssuer> defaultIssuer, Map<String, HostedDocument> hosted, dev.mandate.agent.state.ChallengeStore challenges,
               VerificationCache cache, AccessTokens tokens, Metrics metrics, BooleanSupplier stopping) {
        this.limits = limits;
        this.jsonLimits = new BoundedJson.Limits(limits.maxBodyBytes(), limits.maxJsonDepth());
        this.verifier = verifier;
        this.resolution = new ResolutionEndpoint(resolver);
        this.issuer = issuer;
        this.issuers = Map.copyOf(issuers);
        this.defaultIssuer = defaultIssuer;
        this.hosted = Map.copyOf(hosted);
        this.challenges = challenges;
        this.cache = cache;
        this.tokens = tokens;
        this.metrics = metrics;
        this.stopping = stopping;
        byte[] p = new byte[4];
        new SecureRandom().nextBytes(p);
        this.idPrefix = HexFormat.of().formatHex(p) + "-";
        metrics.gauges(inFlight::get, challenges::outstanding);
    }

    /** Sets {@code challenges.requireIssued} (default true). */
    void requireIssuedChallenges(boolean require) {
        this.requireIssued = require;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Mounts the status-list and grant routes. */
    void authorizer(dev.mandate.agent.authz.Authorizer a) {
        this.authorizer = Optional.of(a);
    }

    private volatile Optional<AuditGate> auditGate = Optional.empty();
    private volatile Readiness readiness = new Readiness();

    /** Holds /authorize answers until their decision is in the audit log (see {@link AuditGate}). */
    void auditGate(AuditGate gate) {
        this.auditGate = Optional.of(gate);
    }

    void readiness(Readiness r) {
        this.readiness = r;
    }

    void status(StatusEndpoints endpoints) {
        this.status = Optional.of(endpoints);
    }

    /**
     * Issuance through the store: credentials issued here are audited and recorded for registered agents,
     * and the status issuer's credentials may ask for status entries ({@code options.credentialStatus}).
     */
    void issuance(dev.mandate.registry.StatusService service, String statusIssuerName) {
        this.statusIssuance = Optional.of(service);
        this.statusIssuerName = statusIssuerName;
        this.issuanceRecords = new dev.mandate.registry.agents.AgentRegistry(service.store());
    }

    private Optional<dev.mandate.registry.StatusService> statusIssuance = Optional.empty();
    /** Records issuances without status entries; one for all requests, so concurrent ones share a commit. */
    private dev.mandate.registry.agents.AgentRegistry issuanceRecords;
    private String statusIssuerName = "";

    /** Mounts the agent-registry and audit routes and the registry's did:web documents. */
    void registry(RegistryEndpoints endpoints) {
        this.registry = Optional.of(endpoints);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = requestId(request);
        request.setAttribute(Exchange.ATTR_REQUEST_ID, requestId);
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Exchange ex = new Exchange(request, response, callback, requestId);
        inFlight.incrementAndGet();
        try {
            route(ex);
        } catch (Throwable t) {
            LOG.warn("request {} {} {} failed", requestId, request.getMethod(), Exchange.clip(request.getHttpURI().getPath()), t);
            if (!response.isCommitted()) {
                response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
                ex.problem(500, Exchange.ERRORS + "INTERNAL_ERROR", "Internal Server Error",
                        "the server failed to handle this request; the operator can find request id " + requestId + " in its log");
            } else {
                callback.failed(t);
            }
        } finally {
            inFlight.decrementAndGet();
        }
        return true;
    }

    private String requestId(Request request) {
        String given = request.getHeaders().get("X-Request-Id");
        if (given != null && REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        return idPrefix + Long.toString(idCounter.incrementAndGet(), 36);
    }

    private void route(Exchange ex) {
        String path = ex.request.getHttpURI().getPath();
        if (path == null) {
            path = "/";
        }
        switch (path) {
            case "/health", "/health/live":
                if (method(ex, path, "GET")) {
                    health(ex);
                }
                return;
            case "/health/ready":
                if (method(ex, path, "GET")) {
                    ready(ex);
                }
                return;
            case "/metrics":
                if (method(ex, "/metrics", "GET")) {
                    metrics(ex);
                }
                return;
            case "/challenges":
                if (method(ex, "/challenges", "POST")) {
                    challenge(ex);
                }
                return;
            case "/credentials/verify":
                if (method(ex, "/credentials/verify", "POST")) {
                    verifyCredential(ex);
                }
                return;
            case "/presentations/verify":
                if (method(ex, "/presentations/verify", "POST")) {
                    verifyPresentation(ex);
                }
                return;
            case "/authorize":
                if (method(ex, "/authorize", "POST")) {
                    authorizeRequest(ex);
                }
                return;
            case "/credentials/issue":
                if (method(ex, "/credentials/issue", "POST")) {
                    if (defaultIssuer.isEmpty()) {
                        ex.problem(404, Exchange.ERRORS + "NOT_FOUND", "Not Found", issuers.isEmpty()
                                ? "this server has no issuers configured"
                                : "no default issuer is configured; use /issuers/{name}/credentials/issue");
                    } else {
                        issue(ex, defaultIssuer.get());
                    }
                }
                return;
            default:
                break;
        }
        if (path.startsWith("/issuers/") && path.endsWith("/credentials/issue")) {
            String name = path.substring("/issuers/".length(), path.length() - "/credentials/issue".length());
            if (method(ex, "/issuers/{name}/credentials/issue", "POST")) {
                ConfiguredIssuer ci = issuers.get(name);
                if (ci == null) {
                    ex.problem(404, Exchange.ERRORS + "NOT_FOUND", "Not Found", "no issuer named '" + Exchange.clip(name) + "' is configured");
                } else {
                    issue(ex, ci);
                }
            }
            return;
        }
        if (path.startsWith(ResolutionEndpoint.PREFIX)) {
            if (method(ex, "/1.0/identifiers/{did}", "GET") && authorize(ex, "resolve", "")) {
                resolution.resolve(ex, path.substring(ResolutionEndpoint.PREFIX.length()));
            }
            return;
        }
        if (status.isPresent() && status.get().handle(ex, path, new StatusEndpoints.Access() {
            @Override
            public boolean authorize(Exchange e) {
                return ApiHandler.this.authorize(e, "status", "");
            }

            @Override
            public Optional<byte[]> body(Exchange e) {
                return readBody(e);
            }
        })) {
            return;
        }
        if (registry.isPresent() && registry.get().handle(ex, path, new RegistryEndpoints.Access() {
            @Override
            public boolean authorize(Exchange e) {
                return ApiHandler.this.authorize(e, "registry", "");
            }

            @Override
            public Optional<JsonObject> object(Exchange e) {
                return readObject(e, "");
            }
        })) {
            return;
        }
        HostedDocument doc = hosted.get(path);
        if (doc == null && registry.isPresent() && registry.get().document(ex, path)) {
            return;
        }
        if (doc != null) {
            String route = path.equals("/.well-known/did.json") ? "/.well-known/did.json" : "/{path}/did.json";
            if (method(ex, route, "GET")) {
                ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=300");
                ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                ex.send(200, doc.contentType(), doc.body());
            }
            return;
        }
        ex.request.setAttribute(Exchange.ATTR_ROUTE, "unmatched");
        ex.problem(404, Exchange.ERRORS + "NOT_FOUND", "Not Found", "no endpoint at " + Exchange.clip(path));
    }

    private static boolean method(Exchange ex, String route, String allowed) {
        ex.request.setAttribute(Exchange.ATTR_ROUTE, route);
        if (ex.request.getMethod().equals(allowed)) {
            return true;
        }
        ex.response.getHeaders().put(HttpHeader.ALLOW, allowed);
        ex.problem(405, Exchange.ERRORS + "METHOD_NOT_ALLOWED", "Method Not Allowed",
                route + " accepts " + allowed + " only");
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // access control

    /** True if the request may proceed; otherwise a 401 or 403 has been sent. */
    private boolean authorize(Exchange ex, String group, String issuerName) {
        if (!group.equals("issue") && tokens.isOpen(group)) {
            return true;
        }
        String h = ex.request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || h.isBlank()) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized",
                    "this endpoint needs an access token: send 'Authorization: Bearer TOKEN'");
            return false;
        }
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"invalid_request\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized",
                    "the Authorization header must be 'Bearer TOKEN'");
            return false;
        }
        Optional<Token> token = tokens.find(h.substring(7).trim());
        if (token.isEmpty()) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"invalid_token\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized", "the access token is not valid");
            return false;
        }
        ex.request.setAttribute(Exchange.ATTR_TOKEN, token.get().name());
        if (!AccessTokens.allows(token.get(), group, issuerName)) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"insufficient_scope\"");
            ex.problem(403, Exchange.ERRORS + "FORBIDDEN", "Forbidden", "access token '" + token.get().name() + "' may not use "
                    + (group.equals("issue") ? "issuer '" + issuerName + "'" : "the " + group + " endpoints"));
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // bodies

    /** The request body as a JSON object, or empty after answering 4xx. */
    private Optional<JsonObject> readObject(Exchange ex, String shape) {
        return readBody(ex).flatMap(bytes -> parseObject(ex, bytes, shape));
    }

    /** The request body's bytes within the size limit, or empty after answering 4xx. */
    private Optional<byte[]> readBody(Exchange ex) {
        try {
            return Optional.of(ex.body(limits.maxBodyBytes()));
        } catch (Exchange.BodyException e) {
            if (e.status == 413) {
                ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            ex.problem(e.status, e.type, e.title, e.getMessage());
            return Optional.empty();
        }
    }

    /** The body parsed within the JSON limits as an object, or empty after answering 400. */
    private Optional<JsonObject> parseObject(Exchange ex, byte[] bytes, String shape) {
        JsonValue v;
        try {
            v = BoundedJson.parse(bytes, jsonLimits);
        } catch (JsonInputException e) {
            int status = e.reason() == JsonInputException.Reason.TOO_LARGE ? 413 : 400;
            ex.problem(status, e.errorType().typeUrl(), e.errorType().name(), "request body: " + e.getMessage());
            return Optional.empty();
        }
        if (!(v instanceof JsonObject o)) {
            ex.problem(400, ErrorType.PARSING_ERROR.typeUrl(), ErrorType.PARSING_ERROR.name(),
                    "the request body is " + describe(v) + "; send a JSON object " + shape);
            return Optional.empty();
        }
        return Optional.of(o);
    }

    // ---------------------------------------------------------------------------------------------
    // endpoints

    private void health(Exchange ex) {
        boolean stop = stopping.getAsBoolean();
        ex.json(stop ? 503 : 200, Jsonp.PROVIDER.createObjectBuilder().add("status", stop ? "stopping" : "ok").build());
    }

    /** 200 when this instance should get traffic, else 503 naming each failing check. */
    private void ready(Exchange ex) {
        if (stopping.getAsBoolean()) {
            ex.json(503, Jsonp.PROVIDER.createObjectBuilder().add("status", "stopping").build());
            return;
        }
        Readiness.Result r = readiness.run();
        ex.json(r.ready() ? 200 : 503, r.json());
    }

    private void metrics(Exchange ex) {
        if (authorize(ex, "metrics", "")) {
            ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
        }
    }

    private void challenge(Exchange ex) {
        if (!authorize(ex, "challenges", "")) {
            return;
        }
        Optional<String> c;
        try {
            c = challenges.issue();
        } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
            stateUnavailable(ex, "no challenge was issued: " + e.getMessage());
            return;
        }
        if (c.isEmpty()) {
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            ex.problem(503, Exchange.ERRORS + "TOO_MANY_CHALLENGES", "Service Unavailable",
                    "too many unused challenges are outstanding; retry when some are used or expire");
            return;
        }
        metrics.challengeIssued();
        ex.json(200, Jsonp.PROVIDER.createObjectBuilder().add("challenge", c.get())
                .add("expiresInSeconds", challenges.ttl().toSeconds()).build());
    }

    /**
     * {@code POST /authorize}: the agent's HTTP request as the partner's gateway received it,
     * {@code {"method", "uri", "headers": {...}, "body" | "bodyBase64"}}; 200 with the decision when allowed,
     * 403 with the same shape when denied. Uses the verify scope (open by default).
     */
    private void authorizeRequest(Exchange ex) {
        if (!authorize(ex, "verify", "")) {
            return;
        }
        if (authorizer.isEmpty()) {
            ex.problem(404, Exchange.ERRORS + "NOT_FOUND", "Not Found",
                    "this server has no authorization policy; start it with mandate serve --authorize-policy FILE");
            return;
        }
        Optional<byte[]> bytes = readBody(ex);
        if (bytes.isEmpty()) {
            return;
        }
        Optional<JsonObject> body = parseObject(ex, bytes.get(), "{\"method\", \"uri\", \"headers\": {...}, \"body\"}");
        if (body.isEmpty()) {
            return;
        }
        dev.mandate.agent.request.SimpleRequest request;
        try {
            request = dev.mandate.agent.request.SimpleRequest.fromJson(body.get());
        } catch (dev.mandate.agent.CapabilityException e) {
            ex.problem(400, Exchange.ERRORS + "MALFORMED_REQUEST", "Bad Request", e.getMessage());
            return;
        }
        Optional<AuditGate> gate = auditGate;
        Optional<String> refuse = gate.flatMap(AuditGate::refuseBeforeDeciding);
        if (refuse.isEmpty()) {
            dev.mandate.agent.authz.Decision d = authorizer.get().authorize(request);
            refuse = gate.flatMap(AuditGate::awaitRecorded);
            if (refuse.isEmpty()) {
                boolean unavailable = !d.allow() && d.reasons().stream().anyMatch(r -> r.code() == dev.mandate.agent.Reason.Code.STATE_UNAVAILABLE);
                if (unavailable) {
                    // fail closed, and say so: the gateway may retry at another instance, unlike after a 403
                    ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                }
                ex.send(d.allow() ? 200 : unavailable ? 503 : 403, Exchange.JSON, Exchange.serialize(d.toJson()));
                return;
            }
        }
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        ex.problem(503, Exchange.ERRORS + "AUDIT_UNAVAILABLE", "Service Unavailable", refuse.get());
    }

    /** Consumes {@code challenge}; when the shared store cannot answer, false with the reason in {@code unavailable[0]}. */
    private boolean consume(String challenge, String[] unavailable) {
        try {
            return challenges.consume(challenge);
        } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
            unavailable[0] = e.getMessage();
            return false;
        }
    }

    /** 503 STATE_UNAVAILABLE: the shared state (Redis) did not answer, so the server refuses rather than guess. */
    private static void stateUnavailable(Exchange ex, String detail) {
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        ex.problem(503, Exchange.ERRORS + "STATE_UNAVAILABLE", "Service Unavailable", detail);
    }

    private void verifyCredential(Exchange ex) {
        if (!authorize(ex, "verify", "")) {
            return;
        }
        Optional<byte[]> bytes = readBody(ex);
        if (bytes.isEmpty()) {
            return;
        }
        java.nio.ByteBuffer key = null;
        if (cache.enabled()) {
            key = VerificationCache.key(bytes.get());
            Optional<byte[]> hit = cache.get(key);
            if (hit.isPresent()) {
                metrics.cachedVerification("credentials");
                ex.send(200, Exchange.JSON, hit.get());
                return;
            }
            metrics.cacheMiss();
        }
        Optional<JsonObject> body = parseObject(ex, bytes.get(), "{\"verifiableCredential\": {...}, \"options\": {...}}");
        if (body.isEmpty()) {
            return;
        }
        List<Problem> requestProblems = new ArrayList<>();
        optionString(body.get(), "challenge", requestProblems);
        JsonValue vc = body.get().get("verifiableCredential");
        VerificationResult r;
        java.util.Optional<dev.mandate.vc.verifier.VerifiedCredential> verified = java.util.Optional.empty();
        if (!requestProblems.isEmpty()) {
            r = new VerificationResult(false, "credential", "unknown", List.of(), requestProblems, List.of());
        } else if (!(vc instanceof JsonObject doc)) {
            r = VerificationResult.failure("credential", "unknown", new Problem(ErrorType.PARSING_ERROR,
                    "verifiableCredential is " + describe(vc) + ", not a credential object", "/verifiableCredential"));
        } else if (Verifier.isPresentation(doc)) {
            r = VerificationResult.failure("presentation", "unknown", new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                    "verifiableCredential is a presentation; send it to /presentations/verify as verifiablePresentation", "/type"));
        } else {
            dev.mandate.vc.verifier.Verification v = verifier.verifyWithView(doc, VerifyOptions.none());
            r = v.result();
            verified = v.credential();
            if (r.kind().equals("presentation")) {
                r = withProblem(r, new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                        "verifiableCredential is a presentation; send it to /presentations/verify as verifiablePresentation", ""));
            }
        }
        metrics.verification("credentials", r);
        byte[] response = Exchange.serialize(r.toJson());
        if (key != null && verified.isPresent() && r.verified()) {
            cache.put(key, verified.get(), response);
        }
        ex.send(status(r), Exchange.JSON, response);
    }

    private void verifyPresentation(Exchange ex) {
        if (!authorize(ex, "verify", "")) {
            return;
        }
        Optional<JsonObject> body = readObject(ex, "{\"verifiablePresentation\": {...}, \"options\": {\"challenge\": ..., \"domain\": ...}}");
        if (body.isEmpty()) {
            return;
        }
        List<Problem> requestProblems = new ArrayList<>();
        Optional<String> given = optionString(body.get(), "challenge", requestProblems);
        String[] unavailable = new String[1];
        Optional<String> domain = optionString(body.get(), "domain", requestProblems);
        JsonValue vp = body.get().get("verifiablePresentation");
        VerificationResult r;
        if (!requestProblems.isEmpty()) {
            r = new VerificationResult(false, "presentation", "unknown", List.of(), requestProblems, List.of());
        } else if (!(vp instanceof JsonObject doc)) {
            r = VerificationResult.failure("presentation", "unknown", new Problem(ErrorType.PARSING_ERROR,
                    "verifiablePresentation is " + describe(vp) + ", not a presentation object", "/verifiablePresentation"));
        } else {
            Optional<String> expected = requireIssued ? given.or(() -> proofChallenge(doc)) : given;
            Problem challengeProblem = null;
            if (!requireIssued) {
                try {
                    challengeProblem = relyingPartyChallenge(given);
                } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
                    stateUnavailable(ex, "the presentation's challenge could not be checked, so it was not verified: " + e.getMessage());
                    return;
                }
            } else if (expected.isEmpty()) {
                challengeProblem = new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "no challenge: get one from POST /challenges, "
                        + "have the holder sign the presentation with it, and pass it as options.challenge", "/proof/challenge");
            } else if (consume(expected.get(), unavailable)) {
                metrics.challengeConsumed();
            } else if (unavailable[0] != null) {
                stateUnavailable(ex, "the presentation's challenge could not be checked, so it was not verified: " + unavailable[0]);
                return;
            } else {
                challengeProblem = new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the challenge was not issued by this server, "
                        + "has expired, or was already used (a presentation can be verified once)", "/proof/challenge");
            }
            VerifyOptions options = VerifyOptions.none();
            if (expected.isPresent()) {
                options = options.withChallenge(expected.get());
            }
            if (domain.isPresent()) {
                options = options.withDomain(domain.get());
            }
            r = verifier.verify(doc, options);
            if (r.kind().equals("credential")) {
                r = withProblem(r, new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                        "verifiablePresentation is a credential; send it to /credentials/verify as verifiableCredential", ""));
            }
            if (challengeProblem != null) {
                r = withProblem(r, challengeProblem);
            }
        }
        metrics.verification("presentations", r);
        ex.json(status(r), r.toJson());
    }

    /** Longest challenge a relying party may choose ({@code challenges.requireIssued = false}); each is remembered for its ttl. */
    static final int MAX_CHALLENGE_CHARS = 512;

    /**
     * {@code challenges.requireIssued = false}: the relying party's own challenge, {@code options.challenge}, is
     * required and usable once per server within the challenge ttl. Null when it may be used.
     */
    private Problem relyingPartyChallenge(Optional<String> given) {
        if (given.isEmpty()) {
            return new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "no challenge: pass the challenge the holder signed as "
                    + "options.challenge", "/options/challenge");
        }
        if (given.get().length() > MAX_CHALLENGE_CHARS) {
            return new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "options.challenge is longer than " + MAX_CHALLENGE_CHARS
                    + " characters; use a shorter random value", "/options/challenge");
        }
        return switch (challenges.useOnce(given.get())) {
            case FIRST -> {
                metrics.challengeConsumed();
                yield null;
            }
            case REPLAYED -> new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "this challenge was already used "
                    + "(a presentation can be verified once); use a fresh challenge for each presentation", "/options/challenge");
            case FULL -> new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "too many challenges are in use on this server; "
                    + "retry when some expire", "/options/challenge");
        };
    }

    /** The challenge in the (first) proof that has one. */
    private static Optional<String> proofChallenge(JsonObject doc) {
        JsonValue proof = doc.get("proof");
        List<JsonValue> proofs = proof instanceof JsonArray a ? a : proof == null ? List.of() : List.of(proof);
        for (JsonValue p : proofs) {
            if (p instanceof JsonObject o && o.get("challenge") instanceof JsonString s && !s.getString().isEmpty()) {
                return Optional.of(s.getString());
            }
        }
        return Optional.empty();
    }

    private static VerificationResult withProblem(VerificationResult r, Problem p) {
        List<Problem> problems = new ArrayList<>(r.problems());
        problems.add(p);
        return new VerificationResult(false, r.kind(), r.format(), r.checks(), problems, r.credentialResults());
    }

    /** 200 verified, 502 could not verify (a dependency failed), 400 verified as invalid. */
    private static int status(VerificationResult r) {
        return r.verified() ? 200 : r.operationalFailure() ? 502 : 400;
    }

    private void issue(Exchange ex, ConfiguredIssuer ci) {
        if (!authorize(ex, "issue", ci.name())) {
            return;
        }
        Optional<JsonObject> body = readObject(ex, "{\"credential\": {...}, \"options\": {...}}");
        if (body.isEmpty()) {
            return;
        }
        JsonValue c = body.get().get("credential");
        if (!(c instanceof JsonObject credential)) {
            ex.problem(400, ErrorType.MALFORMED_VALUE_ERROR.typeUrl(), ErrorType.MALFORMED_VALUE_ERROR.name(),
                    "credential is " + describe(c) + "; send {\"credential\": {...}} with an unsigned credential object");
            return;
        }
        if (!credential.containsKey("issuer")) {
            // VC-API: the caller names the issuer; filling it in would sign a claim nobody made
            ex.problem(400, ErrorType.MALFORMED_VALUE_ERROR.typeUrl(), ErrorType.MALFORMED_VALUE_ERROR.name(),
                    "the credential has no issuer; set \"issuer\" to this issuer's DID, " + ci.did(),
                    problems(List.of(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "issuer is required", "/issuer"))));
            return;
        }
        JsonValue options = body.get().get("options");
        if (options != null && options != JsonValue.NULL && !(options instanceof JsonObject)) {
            ex.problem(400, ErrorType.MALFORMED_VALUE_ERROR.typeUrl(), ErrorType.MALFORMED_VALUE_ERROR.name(),
                    "options must be an object, not " + describe(options));
            return;
        }
        java.util.Set<dev.mandate.vc.status.StatusPurpose> purposes;
        try {
            purposes = requestedStatus(options instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT, ci, statusIssuance.isPresent(),
                    statusIssuerName);
        } catch (IllegalArgumentException e) {
            ex.problem(400, ErrorType.MALFORMED_VALUE_ERROR.typeUrl(), ErrorType.MALFORMED_VALUE_ERROR.name(), e.getMessage());
            return;
        }
        JsonObject signed;
        Optional<java.time.Duration> validFor = ci.validFor().isZero() ? Optional.empty() : Optional.of(ci.validFor());
        try {
            IssuerKey key = new IssuerKey(ci.did(), ci.verificationMethod(), ci.cryptosuite(), ci.signer());
            signed = !purposes.isEmpty() ? statusIssuance.orElseThrow().issue(credential, purposes, "", validFor)
                    : validFor.isPresent() ? issuer.issue(credential, key, validFor.get()) : issuer.issue(credential, key);
        } catch (dev.mandate.registry.StoreException e) {
            LOG.warn("request {}: status entries for issuer '{}' failed: {}", ex.requestId, ci.name(), e.getMessage());
            ex.problem(503, "about:blank", "STORE_UNAVAILABLE", "the status store could not allocate entries: " + Exchange.clip(e.getMessage()));
            return;
        } catch (ProofException e) {
            ex.problem(400, e.type().typeUrl(), e.type().name(), "the credential cannot be issued: " + e.getMessage(),
                    problems(List.of(new Problem(e.type(), e.getMessage(), ""))));
            return;
        } catch (RuntimeException e) {
            LOG.warn("request {}: issuer '{}' could not sign a credential", ex.requestId, ci.name(), e);
            ex.problem(400, ErrorType.PROOF_GENERATION_ERROR.typeUrl(), ErrorType.PROOF_GENERATION_ERROR.name(),
                    "the credential cannot be signed: " + Exchange.clip(String.valueOf(e.getMessage())));
            return;
        }
        List<Problem> violations = DataModelValidator.validateCredential(signed);
        if (!violations.isEmpty()) {
            Problem first = violations.get(0);
            ex.problem(400, first.type().typeUrl(), first.type().name(), "the credential violates the VC data model: "
                    + first.message() + (first.path().isEmpty() ? "" : " (at " + first.path() + ")"), problems(violations));
            return;
        }
        if (statusIssuance.isPresent() && purposes.isEmpty()) {
            try {
                issuanceRecords.recordIssuance(signed, ci.did(), "issuance");
            } catch (dev.mandate.registry.StoreException e) {
                LOG.warn("request {}: the issuance could not be audited: {}", ex.requestId, e.getMessage());
                ex.problem(503, "about:blank", "STORE_UNAVAILABLE", "the issuance could not be recorded in the audit log; nothing was issued");
                return;
            }
        }
        metrics.issued(ci.name());
        ex.json(201, Jsonp.PROVIDER.createObjectBuilder().add("verifiableCredential", signed).build());
    }
}
