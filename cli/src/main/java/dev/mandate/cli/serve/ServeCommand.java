package dev.mandate.cli.serve;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyStoreAccess;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.KeyStoreConfig;
import dev.mandate.server.config.SecretSource;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.SharedState;
import dev.mandate.server.config.Tls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mandate serve}: runs the HTTP verifier, issuer, DID resolver and did:web host until SIGTERM or
 * Ctrl-C, then shuts down gracefully. Prints {@code {"url": ..., "port": ...}} on stdout once listening.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {HashTokenCommand.class},
        description = {"Run the HTTP service: VC-API verifier and issuer, DID resolver endpoint, did:web hosting,",
                "health and Prometheus metrics. Without --config: a verifier on 127.0.0.1:8080.",
                "Stops gracefully on SIGTERM or Ctrl-C. The configuration file is described in docs/server.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate serve --port 8080",
                "  mandate serve --config mandate-server.json",
                "  curl -s -X POST localhost:8080/credentials/verify -H 'Content-Type: application/json' \\",
                "       -d '{\"verifiableCredential\": ...}'",
                "  mandate serve hash-token --generate",
                "  mandate serve --config issuer.json --store jdbc:postgresql://db/mandate?user=mandate --status-url https://issuer.example/status-lists/",
                "  mandate serve --config org.json --authorize-policy policy.json --guard --guard-webhook https://alerts.example/hooks/mandate",
                "  MANDATE_REDIS=redis://:PASSWORD@10.0.0.5:6379/0 mandate serve --config org.json --authorize-policy policy.json",
                "    (several instances behind a load balancer: one replay cache, one rate limit, challenges usable anywhere;",
                "     see docs/deployment.md)"})
public final class ServeCommand extends MandateSubcommand {
    /** The server of the serve command running in this JVM, for in-process tests. */
    static final AtomicReference<MandateServer> RUNNING = new AtomicReference<>();

    @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration file (see docs/server.md).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (overrides the file; 0 picks a free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (overrides the file; default 127.0.0.1).")
    String bind;

    @picocli.CommandLine.Mixin
    dev.mandate.cli.status.StoreOption storeOption;

    @picocli.CommandLine.Mixin
    dev.mandate.cli.RedisOption redisOption;

    @Option(names = "--status-issuer", paramLabel = "NAME",
            description = "With issuers configured, the issuer that signs status lists and grants (default: the default issuer).")
    String statusIssuer;

    @Option(names = "--no-status", description = "Do not host status lists and grants even though issuers are configured.")
    boolean noStatus;

    @Option(names = "--authorize-policy", paramLabel = "FILE",
            description = "Serve POST /authorize, deciding agents' signed requests under this trust policy (JSON, see docs/capabilities.md).")
    String authorizePolicy;

    @Option(names = "--audit-sign-every", paramLabel = "DURATION", defaultValue = "1m",
            description = "With a status store: sign the audit log's tree head with the status issuer's key this often when it grew,"
                    + " and on shutdown (default ${DEFAULT-VALUE}; 0 turns it off).")
    String auditSignEvery;

    @Option(names = "--verifier-name", paramLabel = "NAME", defaultValue = "mandate-serve",
            description = "With --authorize-policy and a store: each /authorize decision is written to the store's audit log under this name (default: ${DEFAULT-VALUE}).")
    String verifierName;

    @Option(names = "--audit-sync",
            description = "Write each /authorize decision to the audit log before answering (one commit per decision) instead of"
                    + " queueing it for a batched write; decisions are then never lost with the process. See docs/audit.md.")
    boolean auditSync;

    @Option(names = "--guard", description = "Run the behaviour guard on the /authorize decisions (needs --authorize-policy; uses --store). See docs/guard.md.")
    boolean guard;

    @Option(names = "--guard-config", paramLabel = "FILE", description = "Guard configuration (JSON; default: the built-in defaults, see 'mandate guard config').")
    String guardConfig;

    @Option(names = "--check-config",
            description = {"Check the configuration and exit: 0 and {\"valid\": true} if the server would start, else exit 2 with one line",
                    "naming the field. Reads the key store for the keys it names and loads TLS files; opens no store and binds",
                    "only a throw-away port on 127.0.0.1."})
    boolean checkConfig;

    @Option(names = "--guard-webhook", paramLabel = "URL",
            description = "POST each guard alert (an agent suspended, the audit log behind audit.maxUnpersistedSeconds) as JSON to this URL (bearer token from $" + dev.mandate.cli.guard.GuardCommand.WEBHOOK_TOKEN_VAR + ").")
    String guardWebhook;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig cfg = loadConfig();
        if ((guard || guardConfig != null || guardWebhook != null) && authorizePolicy == null) {
            throw CliException.usage("--guard", "the guard watches /authorize decisions, but no --authorize-policy is given",
                    "add --authorize-policy FILE");
        }
        if (auditSync && authorizePolicy == null) {
            throw CliException.usage("--audit-sync", "it applies to /authorize decisions, but no --authorize-policy is given",
                    "add --authorize-policy FILE");
        }
        if (!guard && (guardConfig != null || guardWebhook != null)) {
            throw CliException.usage(guardConfig != null ? "--guard-config" : "--guard-webhook", "only applies with --guard", "add --guard");
        }
        dev.mandate.guard.GuardConfig guardSettings = guardConfig == null ? dev.mandate.guard.GuardConfig.defaults()
                : dev.mandate.cli.guard.GuardCommand.parse(guardConfig, dev.mandate.cli.vc.Inputs.read(guardConfig, environment()));
        if (statusIssuer != null && statusIssuer.isEmpty()) {
            throw CliException.usage("--status-issuer", "is empty", "name a configured issuer, or drop --status-issuer for the default one");
        }
        if (checkConfig) {
            return check(cfg);
        }
        Optional<dev.mandate.guard.service.Webhook> webhook = guard
                ? dev.mandate.cli.guard.GuardCommand.webhook(guardWebhook, environment()) : Optional.empty();
        dev.mandate.registry.audit.AuditWriter auditWriter = null;
        dev.mandate.guard.service.GuardService guardService = null;
        KeySource keys = keys(cfg);
        MandateServer server;
        dev.mandate.registry.Store store = null;
        try {
            MandateServer.Builder builder = MandateServer.builder(cfg).keys(keys).environment(environment().env());
            dev.mandate.agent.chain.TrustPolicy authorizePolicyValue = null;
            if (authorizePolicy != null) {
                try {
                    authorizePolicyValue = dev.mandate.agent.chain.TrustPolicy.parse(dev.mandate.cli.vc.Inputs.read(authorizePolicy, environment()));
                    builder.authorizePolicy(authorizePolicyValue);
                } catch (dev.mandate.agent.CapabilityException e) {
                    throw dev.mandate.cli.CliException.usage("--authorize-policy " + authorizePolicy, e.getMessage(),
                            "see the trust policy format in docs/capabilities.md", e);
                }
            }
            if (!cfg.issuers().isEmpty() && !noStatus) {
                store = storeOption.open(environment());
                // loopback and wildcard binds publish under localhost: the default --status-url of vc issue, cap grant
                // and grant (http://localhost:8080/status-lists/), so credentials they issue point at this server's lists
                String host = cfg.bind().equals("0.0.0.0") || cfg.bind().equals("::") || cfg.bind().equals("127.0.0.1")
                        || cfg.bind().equals("::1") ? "localhost"
                        : cfg.bind().contains(":") ? "[" + cfg.bind() + "]" : cfg.bind();
                Optional<String> explicitBase = storeOption.explicitStatusBase(environment());
                if (explicitBase.isEmpty() && cfg.port() == 0) {
                    // the lists' URLs go into every credential issued: they must name the port actually served
                    cfg = cfg.withPort(freePort(cfg.bind()));
                    builder = MandateServer.builder(cfg).keys(keys).environment(environment().env());
                    if (authorizePolicyValue != null) {
                        builder.authorizePolicy(authorizePolicyValue);
                    }
                }
                String base = explicitBase.orElse(
                        (cfg.tls() instanceof Tls.Disabled ? "http" : "https") + "://" + host + ":" + cfg.port() + "/status-lists/");
                (statusIssuer == null ? builder.status(store, base) : builder.status(store, base, statusIssuer))
                        .signAuditLogEvery(auditSignEvery.trim().matches("0+(ms|s|m|h|d)?") ? java.time.Duration.ZERO
                                : dev.mandate.cli.Durations.parse("--audit-sign-every", auditSignEvery));
            }
            if (authorizePolicy != null && (store != null || guard || storeOption.explicit(environment()))) {
                if (store == null) {
                    store = storeOption.open(environment());
                }
                var auditLog = new dev.mandate.registry.audit.AuditLog(store);
                if (!auditSync) {
                    auditWriter = new dev.mandate.registry.audit.AuditWriter(auditLog);
                }
                dev.mandate.guard.service.DurableAuditWatch durableWatch = null;
                if (guard) {
                    // each alert is logged as one line on stderr (logger dev.mandate.guard), and posted to the webhook
                    var gb = dev.mandate.guard.service.GuardService.builder(store, new dev.mandate.guard.Guard(guardSettings))
                            .checkpointEvery(dev.mandate.guard.service.GuardService.DEFAULT_CHECKPOINT_EVERY);
                    webhook.ifPresent(gb::alertAll);
                    if (auditWriter != null) { // alerts when decisions are not recorded within audit.maxUnpersistedSeconds, and the recovery
                        gb.watchAudit(auditWriter, cfg.audit().maxUnpersisted(), verifierName);
                    } else { // --audit-sync: alerts when a decision cannot be recorded before its answer, and the recovery
                        durableWatch = new dev.mandate.guard.service.DurableAuditWatch(verifierName);
                        gb.watchAudit(durableWatch);
                    }
                    if (storeOption.explicit(environment())) { // several instances on one store: one guard acts (docs/guard.md)
                        gb.leadership(dev.mandate.guard.service.Leadership.forStore(storeOption.url(environment())));
                    }
                    guardService = gb.build().start();
                }
                Runnable poke = guardService == null ? () -> { } : guardService::poke;
                if (auditSync) {
                    // required: a decision whose entry could not be committed is refused (503 AUDIT_UNAVAILABLE), unless
                    // audit.onFailure is allow
                    var durable = dev.mandate.guard.service.DecisionAuditor.durable(auditLog, verifierName, poke);
                    if (cfg.audit().failOpen()) {
                        durable = durable.answeringUnrecorded();
                    }
                    if (durableWatch != null) {
                        durable = durable.alertingTo(durableWatch);
                    }
                    builder.onDecision(durable);
                } else {
                    auditWriter.onCommitted(entries -> poke.run());
                    builder.onDecision(new dev.mandate.guard.service.DecisionAuditor(auditWriter, verifierName));
                    // the server holds each answer until its decision is committed, and drains the writer on close
                    builder.auditWriter(auditWriter);
                }
                if (guardService != null) {
                    builder.onStop(guardService); // after the writer drained: the guard reads the last decisions
                }
                MandateServer.Builder b = builder;
                webhook.ifPresent(w -> b.onStop(w::close));
                if (cfg.issuers().isEmpty() || noStatus) {
                    builder.readinessCheck("store", MandateServer.storeCheck(store));
                }
            }
            server = builder.start();
        } catch (dev.mandate.registry.StoreException e) {
            stopAuditing(auditWriter, guardService, webhook);
            closeQuietly(store);
            throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
        } catch (ServerConfigException e) {
            stopAuditing(auditWriter, guardService, webhook);
            closeQuietly(store);
            if (e.getCause() instanceof EncryptedKeyStoreException kse) {
                throw keyStore().translate(kse);
            }
            throw CliException.usage(config == null ? "mandate serve" : config.toString(), e.getMessage(),
                    "fix the configuration (see docs/server.md)", e);
        } catch (IOException e) {
            stopAuditing(auditWriter, guardService, webhook);
            closeQuietly(store);
            throw CliException.dependency(cfg.bind() + ":" + cfg.port(), e.getMessage(), "choose another --port or --bind", e);
        }
        RUNNING.set(server);
        dev.mandate.registry.Store openStore = store;
        // SIGTERM: the JVM ends when this hook returns, so the whole orderly stop happens here: requests finish,
        // the audit writer drains, the guard reads the last entries, the final tree head is signed, then the store closes
        ServerConfig served = cfg;
        Thread hook = new Thread(() -> {
            note("mandate serve: stopping (requests in flight may take up to "
                    + served.limits().shutdownGrace().toSeconds() + " s)");
            server.close();
            closeQuietly(openStore);
        }, "mandate-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printJson(Jsonp.PROVIDER.createObjectBuilder().add("url", server.uri().toString()).add("port", server.port()).build());
        note("mandate serve: listening on " + server.uri() + describe(served));
        server.sharedStateHealth().filter(h -> !h.up()).ifPresent(h -> note("mandate serve: warning: " + h.detail()
                + "; /authorize and challenges answer 503 until it does"));
        try {
            server.join();
        } finally {
            RUNNING.compareAndSet(server, null);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        server.close(); // waits for a close already under way (the hook's), so the store is closed last
        closeQuietly(store);
        note("mandate serve: stopped");
        return ExitCode.OK;
    }

    /** {@code --check-config}: builds the whole server (keys, TLS, issuers, did:web, policy) on a throw-away port, then stops it. */
    private int check(ServerConfig cfg) {
        KeySource keys = keys(cfg);
        MandateServer.Builder builder = MandateServer.builder(cfg.withBind("127.0.0.1").withPort(0)).keys(keys).environment(environment().env());
        if (authorizePolicy != null) {
            try {
                builder.authorizePolicy(dev.mandate.agent.chain.TrustPolicy.parse(dev.mandate.cli.vc.Inputs.read(authorizePolicy, environment())));
            } catch (dev.mandate.agent.CapabilityException e) {
                throw CliException.usage("--authorize-policy " + authorizePolicy, e.getMessage(), "see the trust policy format in docs/capabilities.md", e);
            }
        }
        try (MandateServer server = builder.start()) {
            server.port();
        } catch (ServerConfigException e) {
            if (e.getCause() instanceof EncryptedKeyStoreException kse) {
                throw keyStore().translate(kse);
            }
            throw CliException.usage(config == null ? "mandate serve" : config.toString(), e.getMessage(),
                    "fix the configuration (see docs/server.md)", e);
        } catch (IOException e) {
            throw CliException.dependency("127.0.0.1:0", e.getMessage(), "free a port on loopback and check again", e);
        }
        printJson(Jsonp.PROVIDER.createObjectBuilder().add("config", config == null ? "(defaults)" : config.toString())
                .add("valid", true).add("bind", cfg.bind()).add("port", cfg.port())
                .add("issuers", cfg.issuers().size()).add("didWeb", cfg.didWeb().size()).build());
        note("mandate serve: the configuration is valid");
        return ExitCode.OK;
    }

    /**
     * A port free on {@code bind} now, for {@code --port 0} with status lists: their URL prefix is fixed before the
     * server starts and is written into every credential issued, so it must carry the real port, never 0.
     */
    private static int freePort(String bind) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(bind), 0));
            return s.getLocalPort();
        }
    }

    /** Writes the queued decisions, lets the guard read them, then stops both. */
    private static void stopAuditing(dev.mandate.registry.audit.AuditWriter writer, dev.mandate.guard.service.GuardService guard,
                                     Optional<dev.mandate.guard.service.Webhook> webhook) {
        if (writer != null) {
            writer.close();
        }
        if (guard != null) {
            guard.close();
        }
        webhook.ifPresent(dev.mandate.guard.service.Webhook::close);
    }

    private static void closeQuietly(dev.mandate.registry.Store store) {
        if (store != null) {
            try {
                store.close();
            } catch (dev.mandate.registry.StoreException ignored) {
                // stopping anyway
            }
        }
    }

    private static String describe(ServerConfig cfg) {
        StringBuilder b = new StringBuilder();
        if (!cfg.issuers().isEmpty()) {
            b.append(" (issuers: ").append(String.join(", ", cfg.issuers().stream().map(IssuerConfig::name).toList())).append(')');
        }
        if (!cfg.didWeb().isEmpty()) {
            b.append(" (did:web: ").append(String.join(", ", cfg.didWeb().stream().map(HostedDid::did).toList())).append(')');
        }
        if (cfg.sharedState() instanceof SharedState.Redis r) {
            b.append(" (shared state: ").append(r.settings().redactedUrl()).append(", keys ").append(r.settings().keyPrefix()).append("*)");
        }
        return b.toString();
    }

    private ServerConfig loadConfig() {
        ServerConfig cfg;
        if (config != null) {
            config = environment().resolve(config);
        }
        if (config == null) {
            cfg = ServerConfig.defaults();
        } else {
            try {
                cfg = ServerConfig.load(config);
            } catch (ServerConfigException e) {
                throw CliException.usage(config.toString(), e.getMessage().startsWith(config + ": ")
                        ? e.getMessage().substring(config.toString().length() + 2) : e.getMessage(),
                        "fix the configuration (see docs/server.md)", e);
            }
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw CliException.usage("--port " + port, "not a port number", "use 0 to 65535");
            }
            cfg = cfg.withPort(port);
        }
        if (bind != null) {
            if (bind.isBlank()) {
                throw CliException.usage("--bind", "empty address", "use an IP address such as 127.0.0.1 or 0.0.0.0");
            }
            cfg = cfg.withBind(bind);
        }
        Optional<dev.mandate.state.redis.RedisSettings> configured = cfg.sharedState() instanceof SharedState.Redis r
                ? Optional.of(r.settings()) : Optional.empty();
        Optional<dev.mandate.state.redis.RedisSettings> redis = redisOption.settings(environment(), configured);
        if (redis.isPresent()) {
            cfg = cfg.withSharedState(new SharedState.Redis(redis.get()));
        }
        return cfg;
    }

    /**
     * The keys for issuers and hosted did:web documents: the configured key store, or else the CLI's
     * ({@code --keystore}, {@code MANDATE_KEYSTORE}, {@code ~/.mandate/keystore}); the passphrase from the
     * configured file or variable, or else the CLI's ({@code --passphrase-file}, {@code MANDATE_PASSPHRASE}, a prompt).
     */
    private KeySource keys(ServerConfig cfg) {
        boolean needed = !cfg.issuers().isEmpty() || cfg.didWeb().stream().anyMatch(h -> h instanceof HostedDid.FromKey);
        if (!needed) {
            return KeySource.none();
        }
        KeyStoreAccess access = keyStore();
        KeyStoreConfig defaults = KeyStoreConfig.defaults();
        Path path = cfg.keyStore().path().equals(defaults.path()) ? access.path() : cfg.keyStore().path();
        EncryptedKeyStore store = EncryptedKeyStore.at(path);
        if (!store.exists()) {
            throw CliException.negative(path.toString(), "no key store here, but the configuration names keys",
                    "create the keys with 'mandate key generate', or set keyStore.path in the configuration");
        }
        char[] pass;
        if (cfg.keyStore().passphrase().equals(defaults.passphrase())) {
            pass = access.passphrase(false);
        } else {
            SecretSource source = cfg.keyStore().passphrase();
            try {
                pass = source.read(environment().env());
            } catch (ServerConfigException e) {
                throw CliException.usage("keyStore", e.getMessage(), "fix keyStore.passphraseFile or keyStore.passphraseEnv", e);
            }
        }
        try {
            return KeySource.keyStore(store, pass);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /** The running server, if a serve command runs in this JVM. */
    static Optional<MandateServer> running() {
        return Optional.ofNullable(RUNNING.get());
    }
}
