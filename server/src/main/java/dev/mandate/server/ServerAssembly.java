package dev.mandate.server;

import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.server.ApiHandler.ConfiguredIssuer;
import dev.mandate.server.ApiHandler.HostedDocument;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.SharedState;
import dev.mandate.state.redis.RedisSharedState;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import java.io.IOException;
import java.net.BindException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What {@link MandateServer.Builder#start()} does: makes the server's components from the configuration and the
 * builder's settings (keys and issuers through {@link IssuerSetup}, the verifier with its status checker through
 * {@link FetchSetup}, hosted did:web documents, shared state, challenges, the authorizer, the status, registry and
 * audit routes, readiness checks), wires them into the {@link ApiHandler} and Jetty ({@link JettySetup}), and starts
 * listening. When listening fails, what was opened is closed again.
 */
final class ServerAssembly {
    private static final String PARSSON_PROVIDER = "org.eclipse.parsson.JsonProviderImpl";

    private ServerAssembly() {
    }

    /**
     * What a started server holds. {@link MandateServer#close()} stops {@code jetty}, then closes the rest in the
     * order it documents; {@code stopping} is what the routes read to refuse new work during that.
     */
    record Parts(Server jetty, int port, ServerConfig config, ApiHandler api, AtomicBoolean stopping, AccessLogWriter accessLog,
                 Optional<AuditWriter> auditWriter, List<AutoCloseable> onStop, Optional<AuditHeadSigner> auditSigner,
                 Optional<RedisSharedState> sharedState, Optional<StatusEndpoints> status, StatusStreams statusStreams,
                 Readiness readiness) {
    }

    /**
     * Builds everything {@code b} and its configuration describe and starts listening. When anything fails on the
     * way (a bad setting, an unreadable store, a port in use), what this call opened (status event streams, the
     * change feed, Redis connections, the head signer, readiness threads, the access log) is closed again before the
     * exception leaves, so a failed start leaves no thread or connection behind. What the caller handed over (the
     * audit writer, on-stop resources, the store) stays the caller's to close.
     */
    static Parts start(MandateServer.Builder b) throws ServerConfigException, IOException {
        java.util.ArrayDeque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        try {
            return assemble(b, opened);
        } catch (ServerConfigException | IOException | RuntimeException | Error e) {
            while (!opened.isEmpty()) { // last opened first
                try {
                    opened.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** {@link #start}'s work; pushes each resource it opens onto {@code opened}. */
    private static Parts assemble(MandateServer.Builder b, java.util.ArrayDeque<AutoCloseable> opened)
            throws ServerConfigException, IOException {
        preferParssonProvider();
        ServerConfig config = b.config;
        boolean needsKeys = !config.issuers().isEmpty() || config.didWeb().stream().anyMatch(h -> h instanceof HostedDid.FromKey);
        KeySource ks = b.keys != null ? b.keys : needsKeys ? IssuerSetup.keyStore(config, b.env) : KeySource.none();
        DidResolver res = b.resolver != null ? b.resolver : DidResolvers.standard(FetchSetup.webOptions(config.resolver()));
        Limits limits = config.limits();
        Map<String, ConfiguredIssuer> issuers = new LinkedHashMap<>();
        Optional<ConfiguredIssuer> dflt = Optional.empty();
        for (int i = 0; i < config.issuers().size(); i++) {
            IssuerConfig ic = config.issuers().get(i);
            ConfiguredIssuer ci = IssuerSetup.configure(ic, "issuers[" + i + "]", ks);
            issuers.put(ci.name(), ci);
            if (ic.isDefault() || config.issuers().size() == 1) {
                dflt = Optional.of(ci);
            }
        }
        // status: lists this server hosts are read from its store; others are fetched over HTTP
        Optional<dev.mandate.registry.StatusService> statusService = Optional.empty();
        String signerName = "";
        if (b.statusStore != null) {
            signerName = b.statusIssuer.isEmpty() ? dflt.map(ConfiguredIssuer::name).orElse("") : b.statusIssuer;
            ConfiguredIssuer signer = b.statusIssuer.isEmpty() ? dflt.orElseThrow(() -> new ServerConfigException(
                    "status: no default issuer to sign status lists; name one"))
                    : Optional.ofNullable(issuers.get(b.statusIssuer)).orElseThrow(() -> new ServerConfigException(
                    "status: no issuer named '" + b.statusIssuer + "' is configured"));
            if (!b.statusBaseUrl.startsWith("https://") && !b.statusBaseUrl.startsWith("http://")) {
                throw new ServerConfigException("status: the list URL prefix must be an http(s) URL: " + b.statusBaseUrl);
            }
            String base = b.statusBaseUrl.endsWith("/") ? b.statusBaseUrl : b.statusBaseUrl + "/";
            statusService = Optional.of(new dev.mandate.registry.StatusService(b.statusStore, base,
                    new dev.mandate.vc.issuer.IssuerKey(signer.did(), signer.verificationMethod(), signer.cryptosuite(), signer.signer()),
                    new Issuer(b.clock)));
        }
        StatusStreams streams = new StatusStreams(config.verifier().trustedIssuers(), config.verifier().maxDiscoveredStatusStreams());
        opened.push(streams);
        Verifier verifier = Verifier.builder(new DidMethodResolver(res)).clock(b.clock)
                .clockSkew(config.verifier().clockSkew())
                .limits(new BoundedJson.Limits(limits.maxBodyBytes(), limits.maxJsonDepth()))
                .issuerMustControlProofKey(config.verifier().issuerMustControlProofKey())
                .trustedIssuers(config.verifier().trustedIssuers())
                .statusChecker(FetchSetup.statusChecker(config, statusService, streams)).build();

        Map<String, HostedDocument> hosted = new HashMap<>();
        for (int i = 0; i < config.didWeb().size(); i++) {
            HostedDocument d = IssuerSetup.host(config.didWeb().get(i), "didWeb[" + i + "]", ks);
            HostedDocument before = hosted.putIfAbsent(d.path(), d);
            if (before != null) {
                throw new ServerConfigException("didWeb[" + i + "]: " + d.did() + " would be served at " + d.path()
                        + ", where " + before.did() + " is already served");
            }
        }

        AccessLogWriter log = b.accessLogSink != null ? AccessLogWriter.to(b.accessLogSink) : JettySetup.accessLog(config.accessLog());
        opened.push(log::close);
        AtomicBoolean stopping = new AtomicBoolean();
        Metrics metrics = new Metrics();
        // replay cache, rate limits and challenges: one per process, or shared by every instance through Redis
        Optional<RedisSharedState> shared = config.sharedState() instanceof SharedState.Redis r
                ? Optional.of(RedisSharedState.open(r.settings())) : Optional.empty();
        shared.ifPresent(opened::push);
        dev.mandate.agent.state.ChallengeStore challenges = shared.isPresent()
                ? shared.get().challengeStore(config.challenges().ttl(), config.challenges().maxOutstanding(), b.clock)
                : dev.mandate.agent.state.ChallengeStore.inMemory(config.challenges().ttl(), config.challenges().maxOutstanding(), b.clock);
        VerificationCache cache = new VerificationCache(config.verifier().cacheTtl(), config.verifier().cacheEntries(), b.clock,
                config.verifier().cacheStatusKilobytes() * 1024L);
        metrics.verificationCache(cache::notKeptForEntries, cache::notKeptForViews, cache::viewBytes);
        ApiHandler api = new ApiHandler(limits, verifier, res, new Issuer(b.clock), issuers, dflt, hosted, challenges, cache,
                new AccessTokens(config.auth()), metrics, stopping::get);
        api.requireIssuedChallenges(config.challenges().requireIssued());
        if (b.authorizePolicy != null) {
            var ab = dev.mandate.agent.authz.Authorizer.builder(verifier, b.authorizePolicy);
            b.decisionListeners.forEach(ab::onDecision);
            shared.ifPresent(st -> ab.replayCache(st.replayCache()).rateLimiter(st.rateLimiter()));
            api.authorizer(ab.clock(b.clock).clockSkew(config.verifier().clockSkew()).build());
        }

        JettySetup.Assembled assembled = JettySetup.assemble(config, b.env, api, metrics, log);
        Server jetty = assembled.jetty();
        ServerConnector connector = assembled.connector();

        Readiness readiness = new Readiness();
        opened.push(readiness::close);
        if (b.statusStore != null && !b.readinessChecks.containsKey("store")) {
            readiness.add("store", MandateServer.storeCheck(b.statusStore));
        }
        Optional<AuditWriter> auditWriter = Optional.empty();
        if (b.auditWriter != null) {
            AuditGate gate = new AuditGate(b.auditWriter, config.audit());
            readiness.add("auditWriter", gate::readinessProblem);
            api.auditGate(gate);
            auditWriter = Optional.of(b.auditWriter);
        }
        shared.ifPresent(st -> readiness.add("redis", () -> {
            RedisSharedState.Health h = st.health();
            return h.up() ? Optional.empty() : Optional.of(h.detail());
        }));
        b.readinessChecks.forEach(readiness::add);
        api.readiness(readiness);
        Optional<StatusEndpoints> status = Optional.empty();
        Optional<AuditHeadSigner> auditSigner = Optional.empty();
        if (statusService.isPresent()) {
            dev.mandate.registry.StatusService ss = statusService.get();
            dev.mandate.registry.ChangeFeed feed;
            try {
                feed = new dev.mandate.registry.ChangeFeed(b.statusStore, ss::listUrl, b.feedPoll);
            } catch (dev.mandate.registry.StoreException e) {
                throw new ServerConfigException("status: the store cannot be read: " + e.getMessage(), e);
            }
            opened.push(feed::close);
            StatusEndpoints endpoints = new StatusEndpoints(new dev.mandate.registry.StatusApi(ss,
                    new dev.mandate.registry.GrantService(ss, b.clock), feed), feed, stopping::get);
            api.status(endpoints);
            api.issuance(ss, signerName);
            status = Optional.of(endpoints);
            api.registry(new RegistryEndpoints(b.statusStore, statusService, b.clock, verifier.resolver()));
            if (!b.auditSigning.isZero()) {
                auditSigner = Optional.of(new AuditHeadSigner(b.statusStore, ss.key(), b.auditSigning, b.clock));
                opened.push(auditSigner.get()::close);
            }
        }
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing; start() closes the rest
            }
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String why = cause instanceof BindException ? cause.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + " (" + why + ")", e);
        }
        return new Parts(jetty, connector.getLocalPort(), config, api, stopping, log, auditWriter, List.copyOf(b.onStop), auditSigner,
                shared, status, streams, readiness);
    }

    /**
     * Every {@code Jsonp.PROVIDER.createX(...)} call asks {@code JsonProvider.provider()}, which, unless the
     * {@value jakarta.json.spi.JsonProvider#JSONP_PROVIDER_FACTORY} system property names a provider, runs a
     * ServiceLoader scan that reads META-INF/services from the jar under a global lock on every call: under
     * load that lock serialized all request threads. Naming Parsson (the provider the scan finds anyway)
     * replaces the scan with a cached class lookup. Set only when the property is unset and Parsson is present.
     */
    private static void preferParssonProvider() {
        if (System.getProperty(jakarta.json.spi.JsonProvider.JSONP_PROVIDER_FACTORY) != null) {
            return;
        }
        try {
            Class.forName(PARSSON_PROVIDER, false, MandateServer.class.getClassLoader());
            System.setProperty(jakarta.json.spi.JsonProvider.JSONP_PROVIDER_FACTORY, PARSSON_PROVIDER);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // another provider is in use: leave the lookup as it is
        }
    }
}
