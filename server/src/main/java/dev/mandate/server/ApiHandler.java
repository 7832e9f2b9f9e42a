package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.server.config.Limits;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
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
import static dev.mandate.server.VcApiBodies.problems;
import static dev.mandate.server.VcApiBodies.requestedStatus;

/**
 * The HTTP API: routes each request, checks its access token, reads and bounds its body ({@link RequestChecks}), and
 * calls the verifier ({@link VerificationEndpoints}), the authorizer ({@link AuthorizeEndpoint}), the issuer (here) or
 * the resolver. Every failure is a JSON answer; nothing a client sends can produce a stack trace.
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

    private final RequestChecks checks;
    private final VerificationEndpoints verification;
    private final AuthorizeEndpoint authorization;
    private final ResolutionEndpoint resolution;
    private final Issuer issuer;
    private final Map<String, ConfiguredIssuer> issuers;
    private final Optional<ConfiguredIssuer> defaultIssuer;
    private final Map<String, HostedDocument> hosted;
    private final Metrics metrics;
    private final BooleanSupplier stopping;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String idPrefix;
    private final AtomicLong idCounter = new AtomicLong();
    private volatile Optional<StatusEndpoints> status = Optional.empty();
    private volatile Optional<RegistryEndpoints> registry = Optional.empty();

    ApiHandler(Limits limits, Verifier verifier, DidResolver resolver, Issuer issuer, Map<String, ConfiguredIssuer> issuers,
               Optional<ConfiguredIssuer> defaultIssuer, Map<String, HostedDocument> hosted, dev.mandate.agent.state.ChallengeStore challenges,
               VerificationCache cache, AccessTokens tokens, Metrics metrics, BooleanSupplier stopping) {
        this.checks = new RequestChecks(limits, tokens);
        this.verification = new VerificationEndpoints(checks, verifier, challenges, cache, metrics);
        this.authorization = new AuthorizeEndpoint(checks);
        this.resolution = new ResolutionEndpoint(resolver);
        this.issuer = issuer;
        this.issuers = Map.copyOf(issuers);
        this.defaultIssuer = defaultIssuer;
        this.hosted = Map.copyOf(hosted);
        this.metrics = metrics;
        this.stopping = stopping;
        byte[] p = new byte[4];
        new SecureRandom().nextBytes(p);
        this.idPrefix = HexFormat.of().formatHex(p) + "-";
        metrics.gauges(inFlight::get, challenges::outstanding);
    }

    /** Sets {@code challenges.requireIssued} (default true). */
    void requireIssuedChallenges(boolean require) {
        verification.requireIssuedChallenges(require);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Mounts the status-list and grant routes. */
    void authorizer(dev.mandate.agent.authz.Authorizer a) {
        authorization.authorizer(a);
    }

    private volatile Readiness readiness = new Readiness();

    /** Holds /authorize answers until their decision is in the audit log (see {@link AuditGate}). */
    void auditGate(AuditGate gate) {
        authorization.auditGate(gate);
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
                    verification.challenge(ex);
                }
                return;
            case "/credentials/verify":
                if (method(ex, "/credentials/verify", "POST")) {
                    verification.verifyCredential(ex);
                }
                return;
            case "/presentations/verify":
                if (method(ex, "/presentations/verify", "POST")) {
                    verification.verifyPresentation(ex);
                }
                return;
            case "/authorize":
                if (method(ex, "/authorize", "POST")) {
                    authorization.authorizeRequest(ex);
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
    // access control and bodies (RequestChecks)

    /** True if the request may proceed; otherwise a 401 or 403 has been sent (see {@link RequestChecks}). */
    private boolean authorize(Exchange ex, String group, String issuerName) {
        return checks.authorize(ex, group, issuerName);
    }

    /** The request body as a JSON object, or empty after answering 4xx. */
    private Optional<JsonObject> readObject(Exchange ex, String shape) {
        return checks.readObject(ex, shape);
    }

    /** The request body's bytes within the size limit, or empty after answering 4xx. */
    private Optional<byte[]> readBody(Exchange ex) {
        return checks.readBody(ex);
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
            signed = !purposes.isEmpty() ? statusIssuance.orElseThrow().issue(credential, validFor.isPresent()
                    ? dev.mandate.registry.IssueOptions.purposes(purposes).withValidFor(validFor.get()) : dev.mandate.registry.IssueOptions.purposes(purposes))
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
