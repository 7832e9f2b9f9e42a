package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.server.ApiHandler.ConfiguredIssuer;
import dev.mandate.server.ApiHandler.HostedDocument;
import dev.mandate.server.config.AuditConfig;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.SharedState;
import dev.mandate.server.config.Tls;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The {@code mandate serve} HTTP server (Jetty 12): the VC-API verifier and issuer, the DID resolver
 * endpoint, did:web hosting, health and metrics. Start one with {@link #start(ServerConfig)} or
 * {@link #builder(ServerConfig)}, read its {@link #port()}, and {@link #close()} it to shut down
 * gracefully (in-flight requests finish within {@link Limits#shutdownGrace()}).
 *
 * <pre>{@code
 * try (MandateServer server = MandateServer.start(ServerConfig.defaults().withPort(0))) {
 *     URI verify = server.uri().resolve("/credentials/verify");
 *     ...
 * }
 * }</pre>
 */
public final class MandateServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConfig config;
    private final AccessLogWriter accessLog;
    private final boolean tls;
    private final ApiHandler api;
    private volatile Optional<StatusEndpoints> status = Optional.empty();
    private volatile StatusStreams statusStreams = new StatusStreams(List.of(), 0);
    private volatile Optional<AuditHeadSigner> auditSigner = Optional.empty();
    private volatile Optional<dev.mandate.state.redis.RedisSharedState> sharedState = Optional.empty();
    private volatile Optional<dev.mandate.registry.audit.AuditWriter> auditWriter = Optional.empty();
    private volatile List<AutoCloseable> onStop = List.of();
    private volatile Readiness readiness;
    private volatile int port = -1;
    private volatile boolean stopping;
    private boolean closed;

    private MandateServer(Server jetty, ServerConfig config, AccessLogWriter accessLog, ApiHandler api) {
        this.jetty = jetty;
        this.api = api;
        this.config = config;
        this.accessLog = accessLog;
        this.tls = !(config.tls() instanceof Tls.Disabled);
    }

    /**
     * Starts a server with everything taken from {@code config}: keys from its key store (the passphrase from
     * the configured file or environment variable), the standard DID resolvers, the system clock.
     *
     * @param config the configuration
     * @return the running server
     * @throws ServerConfigException if the configuration cannot be used (a key is missing, a certificate does not parse, ...)
     * @throws IOException           if the server cannot listen on the address and port
     */
    public static MandateServer start(ServerConfig config) throws ServerConfigException, IOException {
        return builder(config).start();
    }

    /**
     * A builder to start a server with {@code config} and other keys, resolver, clock or log sink.
     *
     * @param config the configuration; not null
     * @return a builder with the defaults documented on its setters
     */
    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    /** Status event streams this server's verifier subscribed to, configured and discovered (tests). */
    int statusSubscriptions() {
        return statusStreams.subscriptions();
    }

    /** Status event streams this server serves now (tests). */
    int statusEventStreamsServed() {
        return status.map(StatusEndpoints::streams).orElse(0);
    }

    /** {@return the port the server listens on (the real one when the configuration said 0)} */
    public int port() {
        return port;
    }

    /**
     * {@return the base URI, e.g. {@code http://127.0.0.1:8080/} (https with TLS); a wildcard bind address is
     * given as {@code 127.0.0.1}}
     */
    public URI uri() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /** {@return the configuration the server runs with} */
    public ServerConfig config() {
        return config;
    }

    /** {@return true while the server accepts requests (false once {@link #close()} began)} */
    public boolean isRunning() {
        return jetty.isRunning() && !stopping;
    }

    /** {@return the number of requests being handled now} */
    public int inFlightRequests() {
        return api.inFlight();
    }

    /**
     * Whether the shared state answers: empty with the state in this process ({@code sharedState} not configured),
     * else Redis's answer to a {@code PING} within the configured timeout (for {@code /health/ready}).
     *
     * @return the health, or empty without Redis
     */
    public Optional<dev.mandate.state.redis.RedisSharedState.Health> sharedStateHealth() {
        return sharedState.map(dev.mandate.state.redis.RedisSharedState::health);
    }

    /**
     * Waits until the server has stopped.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully, in this order: no new connections are accepted and requests in flight finish (for at
     * most the configured grace period); the audit writer appends what it holds (its decisions were answered);
     * the {@link Builder#onStop(AutoCloseable) on-stop} resources close (the guard reads the last entries); the
     * final tree head is signed; the status routes close. The caller's store is still open throughout, so close
     * it after this returns. Idempotent; a second caller waits until the first has finished. Safe from a
     * shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopping = true;
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping is best effort: whatever is left is released with the process
        } finally {
            closed = true;
            auditWriter.ifPresent(dev.mandate.registry.audit.AuditWriter::close);
            for (AutoCloseable c : onStop) {
                try {
                    c.close();
                } catch (Exception e) {
                    // each resource is closed regardless of the others
                }
            }
            auditSigner.ifPresent(AuditHeadSigner::close);
            sharedState.ifPresent(dev.mandate.state.redis.RedisSharedState::close);
            status.ifPresent(StatusEndpoints::close);
            Readiness r = readiness;
            if (r != null) {
                r.close();
            }
            accessLog.close();
        }
    }

    /**
     * A readiness check that reads the store's schema version (one round trip).
     *
     * @param store the store to check; not null
     * @return a check that reports the store's error, or nothing when it answers
     */
    public static ReadinessCheck storeCheck(dev.mandate.registry.Store store) {
        Objects.requireNonNull(store, "store");
        return () -> {
            try {
                store.schemaVersion();
                return Optional.empty();
            } catch (dev.mandate.registry.StoreException e) {
                return Optional.of("the " + store.kind() + " store cannot be read: " + e.getMessage());
            }
        };
    }

    private static Optional<String> auditProblem(dev.mandate.registry.audit.AuditWriter w, AuditConfig audit) {
        if (!w.running()) {
            return Optional.of("the audit writer is stopped");
        }
        Duration behind = w.behind();
        if (behind.compareTo(audit.maxUnpersisted()) > 0) {
            String e = w.lastError();
            return Optional.of("the oldest unwritten decision waits " + behind.toMillis() + " ms, over audit.maxUnpersistedSeconds = "
                    + audit.maxUnpersisted().toSeconds() + (e.isEmpty() ? "" : " (" + e + ")"));
        }
        if (!w.lastError().isEmpty()) {
            return Optional.of("the last audit append failed (retrying): " + w.lastError());
        }
        return Optional.empty();
    }

    private static final String PARSSON_PROVIDER = "org.eclipse.parsson.JsonProviderImpl";

    /** Starts a {@link MandateServer} with injected keys, resolver, clock, environment or access-log sink. */
    public static final class Builder {
        private final ServerConfig config;
        private KeySource keys;
        private DidResolver resolver;
        private Clock clock = Clock.systemUTC();
        private Map<String, String> env = System.getenv();
        private Consumer<String> accessLogSink;
        private dev.mandate.registry.Store statusStore;
        private dev.mandate.agent.chain.TrustPolicy authorizePolicy;
        private final List<dev.mandate.agent.authz.DecisionListener> decisionListeners = new java.util.ArrayList<>();
        private String statusBaseUrl = "";
        private String statusIssuer = ""; // "" here: the default issuer
        private Duration feedPoll = Duration.ofMillis(50);
        private Duration auditSigning = Duration.ofMinutes(1);
        private dev.mandate.registry.audit.AuditWriter auditWriter;
        private final List<AutoCloseable> onStop = new java.util.ArrayList<>();
        private final java.util.LinkedHashMap<String, ReadinessCheck> readinessChecks = new java.util.LinkedHashMap<>();

        private Builder(ServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Where issuer and did:web keys come from (default: the configured key store).
         *
         * @param source the keys; not null
         * @return this builder
         */
        public Builder keys(KeySource source) {
            this.keys = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * The DID resolver for verification and the resolver endpoint (default: did:key, did:jwk, did:web per the
         * configuration).
         *
         * @param r the resolver; not null
         * @return this builder
         */
        public Builder resolver(DidResolver r) {
            this.resolver = Objects.requireNonNull(r, "resolver");
            return this;
        }

        /**
         * The clock for verification, issuing and challenge expiry (default: system UTC).
         *
         * @param c the clock; not null
         * @return this builder
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * The environment secrets are read from (default: the process environment).
         *
         * @param variables variable names to values; copied
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.env = Map.copyOf(variables);
            return this;
        }

        /**
         * Like {@link #status(dev.mandate.registry.Store, String, String)}, with lists and grants signed by the default
         * issuer.
         *
         * @param store       the registry store
         * @param listBaseUrl this server's public URL prefix of the lists, e.g. {@code https://issuer.example/status-lists/}
         * @return this builder
         */
        public Builder status(dev.mandate.registry.Store store, String listBaseUrl) {
            this.statusStore = Objects.requireNonNull(store, "store");
            this.statusBaseUrl = Objects.requireNonNull(listBaseUrl, "listBaseUrl");
            this.statusIssuer = "";
            return this;
        }

        /**
         * Hosts status lists and grants from {@code store}: {@code GET /status-lists/{id}} (lists served at
         * {@code listBaseUrl + id}, which must be this server's public URL prefix), the {@code /status-lists/events}
         * stream, {@code POST /credentials/status} and {@code /grants}. Lists and grants are signed by the
         * configured issuer named {@code issuerName}. The caller keeps ownership of
         * the store (closes it after the server). The same store also serves the agent registry and audit routes
         * ({@code /agents}, {@code /audit/...}, token scope {@code registry}) and registered agents' did:web documents.
         *
         * @param store       the registry store
         * @param listBaseUrl this server's public URL prefix of the lists, e.g. {@code https://issuer.example/status-lists/}
         * @param issuerName  the signing issuer's name; not empty ({@link #status(dev.mandate.registry.Store, String)}
         *                    signs with the default issuer)
         * @return this builder
         * @throws IllegalArgumentException if {@code issuerName} is empty
         */
        public Builder status(dev.mandate.registry.Store store, String listBaseUrl, String issuerName) {
            this.statusStore = Objects.requireNonNull(store, "store");
            this.statusBaseUrl = Objects.requireNonNull(listBaseUrl, "listBaseUrl");
            Objects.requireNonNull(issuerName, "issuerName");
            if (issuerName.isEmpty()) {
                throw new IllegalArgumentException("issuerName must not be empty; status(store, listBaseUrl) signs with the default issuer");
            }
            this.statusIssuer = issuerName;
            return this;
        }

        /**
         * Calls {@code listener} with every {@code POST /authorize} decision (for example a
         * {@code DecisionAuditor} that writes them to the audit log, which the behaviour guard watches).
         *
         * @param listener called on the request thread; see {@link dev.mandate.agent.authz.DecisionListener}
         * @return this builder
         */
        public Builder onDecision(dev.mandate.agent.authz.DecisionListener listener) {
            decisionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The writer that records {@code POST /authorize} decisions (through a {@code DecisionAuditor} given to
         * {@link #onDecision}). The server then answers a decision only once its entry is committed, or 503 when
         * that takes longer than {@code audit.maxUnpersistedSeconds} (unless {@code "onFailure": "allow"}); it
         * reports the writer in {@code /health/ready}; and on {@link MandateServer#close()} it drains the writer
         * before signing the final tree head. The server closes the writer.
         *
         * @param writer the audit writer; not null
         * @return this builder
         */
        public Builder auditWriter(dev.mandate.registry.audit.AuditWriter writer) {
            this.auditWriter = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /**
         * Closes {@code resource} on {@link MandateServer#close()} after the audit writer drained and before the
         * final tree head is signed (for example the behaviour guard, so it reads the last decisions).
         *
         * @param resource closed once, in the order added; an exception it throws is not propagated
         * @return this builder
         */
        public Builder onStop(AutoCloseable resource) {
            onStop.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Adds a dependency to {@code GET /health/ready} under {@code name} (the store and the audit writer are
         * checked without asking). A failing check makes the server answer 503 naming it.
         *
         * @param name  the name shown in the answer; not blank; a second check with the same name replaces the first
         * @param check the check
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder readinessCheck(String name, ReadinessCheck check) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("a readiness check needs a name");
            }
            readinessChecks.put(name, Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Serves {@code POST /authorize}: decides agents' signed requests (capability chains, request proofs)
         * under {@code policy} (trusted root issuers per resource, maximum depth).
         *
         * @param policy the trust policy; not null
         * @return this builder
         */
        public Builder authorizePolicy(dev.mandate.agent.chain.TrustPolicy policy) {
            this.authorizePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * With a status store: how often the audit log's tree head is signed with the status issuer's key
         * when the log grew (default 1 minute; also once on close). {@link Duration#ZERO} turns it off.
         *
         * @param d the interval, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is negative
         */
        public Builder signAuditLogEvery(Duration d) {
            if (Objects.requireNonNull(d, "d").isNegative()) {
                throw new IllegalArgumentException("the audit signing interval must not be negative");
            }
            this.auditSigning = d;
            return this;
        }

        /**
         * How often the status change log is polled for the event stream (default 50 ms).
         *
         * @param d the poll interval; not null
         * @return this builder
         */
        public Builder statusFeedPoll(Duration d) {
            this.feedPoll = Objects.requireNonNull(d, "d");
            return this;
        }

        /**
         * Sends access-log lines to {@code sink} instead of the configured target.
         *
         * @param sink receives one JSON line per request, from request threads
         * @return this builder
         */
        public Builder accessLog(Consumer<String> sink) {
            this.accessLogSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Builds everything and starts listening.
         *
         * @return the running server
         * @throws ServerConfigException if the configuration cannot be used
         * @throws IOException           if the server cannot listen
         */
        public MandateServer start() throws ServerConfigException, IOException {
            preferParssonProvider();
            boolean needsKeys = !config.issuers().isEmpty() || config.didWeb().stream().anyMatch(h -> h instanceof HostedDid.FromKey);
            KeySource ks = keys != null ? keys : needsKeys ? IssuerSetup.keyStore(config, env) : KeySource.none();
            DidResolver res = resolver != null ? resolver : DidResolvers.standard(FetchSetup.webOptions(config.resolver()));
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
            String[] signerName = {""};
            if (statusStore != null) {
                signerName[0] = statusIssuer.isEmpty() ? dflt.map(ConfiguredIssuer::name).orElse("") : statusIssuer;
                ConfiguredIssuer signer = statusIssuer.isEmpty() ? dflt.orElseThrow(() -> new ServerConfigException(
                        "status: no default issuer to sign status lists; name one"))
                        : Optional.ofNullable(issuers.get(statusIssuer)).orElseThrow(() -> new ServerConfigException(
                        "status: no issuer named '" + statusIssuer + "' is configured"));
                if (!statusBaseUrl.startsWith("https://") && !statusBaseUrl.startsWith("http://")) {
                    throw new ServerConfigException("status: the list URL prefix must be an http(s) URL: " + statusBaseUrl);
                }
                String base = statusBaseUrl.endsWith("/") ? statusBaseUrl : statusBaseUrl + "/";
                statusService = Optional.of(new dev.mandate.registry.StatusService(statusStore, base,
                        new dev.mandate.vc.issuer.IssuerKey(signer.did(), signer.verificationMethod(), signer.cryptosuite(), signer.signer()),
                        new Issuer(clock)));
            }
            StatusStreams streams = new StatusStreams(config.verifier().trustedIssuers(), config.verifier().maxDiscoveredStatusStreams());
            Verifier verifier = Verifier.builder(new DidMethodResolver(res)).clock(clock)
                    .clockSkew(config.verifier().clockSkew())
                    .limits(new BoundedJson.Limits(limits.maxBodyBytes(), limits.maxJsonDepth()))
                    .issuerMustControlProofKey(config.verifier().issuerMustControlProofKey())
                    .trustedIssuers(config.verifier().trustedIssuers())
                    .statusChecker(FetchSetup.statusChecker(config, statusService, streams, onStop)).build();

            Map<String, HostedDocument> hosted = new HashMap<>();
            for (int i = 0; i < config.didWeb().size(); i++) {
                HostedDocument d = IssuerSetup.host(config.didWeb().get(i), "didWeb[" + i + "]", ks);
                HostedDocument before = hosted.putIfAbsent(d.path(), d);
                if (before != null) {
                    throw new ServerConfigException("didWeb[" + i + "]: " + d.did() + " would be served at " + d.path()
                            + ", where " + before.did() + " is already served");
                }
            }

            AccessLogWriter log = accessLogSink != null ? AccessLogWriter.to(accessLogSink) : JettySetup.accessLog(config.accessLog());
            MandateServer[] self = new MandateServer[1];
            Metrics metrics = new Metrics();
            // replay cache, rate limits and challenges: one per process, or shared by every instance through Redis
            Optional<dev.mandate.state.redis.RedisSharedState> shared = config.sharedState() instanceof SharedState.Redis r
                    ? Optional.of(dev.mandate.state.redis.RedisSharedState.open(r.settings())) : Optional.empty();
            dev.mandate.agent.state.ChallengeStore challenges = shared.isPresent()
                    ? shared.get().challengeStore(config.challenges().ttl(), config.challenges().maxOutstanding(), clock)
                    : dev.mandate.agent.state.ChallengeStore.inMemory(config.challenges().ttl(), config.challenges().maxOutstanding(), clock);
            VerificationCache cache = new VerificationCache(config.verifier().cacheTtl(), config.verifier().cacheEntries(), clock);
            ApiHandler api = new ApiHandler(limits, verifier, res, new Issuer(clock), issuers, dflt, hosted, challenges, cache,
                    new AccessTokens(config.auth()), metrics, () -> self[0] != null && self[0].stopping);
            api.requireIssuedChallenges(config.challenges().requireIssued());
            if (authorizePolicy != null) {
                var ab = dev.mandate.agent.authz.Authorizer.builder(verifier, authorizePolicy);
                decisionListeners.forEach(ab::onDecision);
                shared.ifPresent(st -> ab.replayCache(st.replayCache()).rateLimiter(st.rateLimiter()));
                api.authorizer(ab.clock(clock).clockSkew(config.verifier().clockSkew()).build());
            }

            JettySetup.Assembled assembled = JettySetup.assemble(config, env, api, metrics, log);
            Server jetty = assembled.jetty();
            ServerConnector connector = assembled.connector();

            MandateServer server = new MandateServer(jetty, config, log, api);
            server.sharedState = shared;
            self[0] = server;
            Readiness readiness = new Readiness();
            if (statusStore != null && !readinessChecks.containsKey("store")) {
                readiness.add("store", storeCheck(statusStore));
            }
            if (auditWriter != null) {
                dev.mandate.registry.audit.AuditWriter w = auditWriter;
                readiness.add("auditWriter", () -> auditProblem(w, config.audit()));
                api.auditGate(new AuditGate(w, config.audit()));
                server.auditWriter = Optional.of(w);
            }
            shared.ifPresent(st -> readiness.add("redis", () -> {
                dev.mandate.state.redis.RedisSharedState.Health h = st.health();
                return h.up() ? Optional.empty() : Optional.of(h.detail());
            }));
            readinessChecks.forEach(readiness::add);
            api.readiness(readiness);
            server.readiness = readiness;
            server.onStop = List.copyOf(onStop);
            server.statusStreams = streams;
            if (statusService.isPresent()) {
                dev.mandate.registry.StatusService ss = statusService.get();
                dev.mandate.registry.ChangeFeed feed;
                try {
                    feed = new dev.mandate.registry.ChangeFeed(statusStore, ss::listUrl, feedPoll);
                } catch (dev.mandate.registry.StoreException e) {
                    throw new ServerConfigException("status: the store cannot be read: " + e.getMessage(), e);
                }
                StatusEndpoints endpoints = new StatusEndpoints(new dev.mandate.registry.StatusApi(ss,
                        new dev.mandate.registry.GrantService(ss, clock), feed), feed, () -> server.stopping);
                api.status(endpoints);
                api.issuance(ss, signerName[0]);
                server.status = Optional.of(endpoints);
                api.registry(new RegistryEndpoints(statusStore, statusService, clock, verifier.resolver()));
                if (!auditSigning.isZero()) {
                    server.auditSigner = Optional.of(new AuditHeadSigner(statusStore, ss.key(), auditSigning, clock));
                }
            }
            try {
                jetty.start();
                server.port = connector.getLocalPort();
            } catch (Exception e) {
                try {
                    jetty.stop();
                } catch (Exception ignored) {
                    // already failing
                }
                server.status.ifPresent(StatusEndpoints::close);
                server.auditSigner.ifPresent(AuditHeadSigner::close);
                shared.ifPresent(dev.mandate.state.redis.RedisSharedState::close);
                log.close();
                Throwable cause = e;
                while (cause != null && !(cause instanceof BindException) && cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                String why = cause instanceof BindException ? cause.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + " (" + why + ")", e);
            }
            return server;
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
}
