package dev.mandate.server;

import dev.mandate.did.resolve.DidResolver;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.Tls;
import dev.mandate.state.redis.RedisSharedState;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;

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
    // What a server is made of and how it starts is ServerAssembly's (with IssuerSetup, FetchSetup, JettySetup);
    // this class is the running server: what it reports, and its shutdown in order.

    private final Server jetty;
    private final int port;
    private final ServerConfig config;
    private final AccessLogWriter accessLog;
    private final boolean tls;
    private final ApiHandler api;
    private final AtomicBoolean stopping;
    private final Optional<StatusEndpoints> status;
    private final StatusStreams statusStreams;
    private final Optional<AuditHeadSigner> auditSigner;
    private final Optional<RedisSharedState> sharedState;
    private final Optional<AuditWriter> auditWriter;
    private final List<AutoCloseable> onStop;
    private final Readiness readiness;
    private boolean closed;

    private MandateServer(ServerAssembly.Parts p) {
        this.jetty = p.jetty();
        this.port = p.port();
        this.config = p.config();
        this.accessLog = p.accessLog();
        this.tls = !(config.tls() instanceof Tls.Disabled);
        this.api = p.api();
        this.stopping = p.stopping();
        this.status = p.status();
        this.statusStreams = p.statusStreams();
        this.auditSigner = p.auditSigner();
        this.sharedState = p.sharedState();
        this.auditWriter = p.auditWriter();
        this.onStop = p.onStop();
        this.readiness = p.readiness();
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
        return jetty.isRunning() && !stopping.get();
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
    public Optional<RedisSharedState.Health> sharedStateHealth() {
        return sharedState.map(RedisSharedState::health);
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
     * status event streams the verifier follows close; the final tree head is signed; the status routes close. The
     * caller's store is still open throughout, so close it after this returns. Idempotent; a second caller waits
     * until the first has finished. Safe from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopping.set(true);
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping is best effort: whatever is left is released with the process
        } finally {
            closed = true;
            auditWriter.ifPresent(AuditWriter::close);
            for (AutoCloseable c : onStop) {
                try {
                    c.close();
                } catch (Exception e) {
                    // each resource is closed regardless of the others
                }
            }
            statusStreams.close();
            auditSigner.ifPresent(AuditHeadSigner::close);
            sharedState.ifPresent(RedisSharedState::close);
            status.ifPresent(StatusEndpoints::close);
            readiness.close();
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

    /** Starts a {@link MandateServer} with injected keys, resolver, clock, environment or access-log sink. */
    public static final class Builder {
        // read by ServerAssembly.start
        final ServerConfig config;
        KeySource keys;
        DidResolver resolver;
        Clock clock = Clock.systemUTC();
        Map<String, String> env = System.getenv();
        Consumer<String> accessLogSink;
        dev.mandate.registry.Store statusStore;
        dev.mandate.agent.chain.TrustPolicy authorizePolicy;
        final List<dev.mandate.agent.authz.DecisionListener> decisionListeners = new ArrayList<>();
        String statusBaseUrl = "";
        String statusIssuer = ""; // "" here: the default issuer
        Duration feedPoll = Duration.ofMillis(50);
        Duration auditSigning = Duration.ofMinutes(1);
        AuditWriter auditWriter;
        final List<AutoCloseable> onStop = new ArrayList<>();
        final LinkedHashMap<String, ReadinessCheck> readinessChecks = new LinkedHashMap<>();

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
        public Builder auditWriter(AuditWriter writer) {
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
         * Builds everything and starts listening. When this throws, what it opened (status event streams, the
         * change feed, Redis connections, threads) is closed again; the audit writer, the on-stop resources and the
         * store stay the caller's to close.
         *
         * @return the running server
         * @throws ServerConfigException if the configuration cannot be used
         * @throws IOException           if the server cannot listen
         */
        public MandateServer start() throws ServerConfigException, IOException {
            return new MandateServer(ServerAssembly.start(this));
        }
    }
}
