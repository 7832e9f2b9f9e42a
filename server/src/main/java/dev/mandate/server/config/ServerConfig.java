package dev.mandate.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code mandate serve} is configured with. Read it from the JSON configuration file with
 * {@link #load(Path)} (every field is documented in {@code docs/server.md}), or build it in code from
 * {@link #defaults()} with the {@code with...} methods. Immutable.
 *
 * @param bind        address to listen on (default {@code 127.0.0.1})
 * @param port        TCP port (default 8080; 0 picks a free port, see {@link dev.mandate.server.MandateServer#port()})
 * @param tls         TLS termination, or {@link Tls.Disabled}
 * @param keyStore    the encrypted key store holding issuer and did:web keys, and where its passphrase comes from
 * @param issuers     the configured issuers, each at {@code /issuers/{name}/credentials/issue}
 * @param didWeb      the did:web documents this server hosts
 * @param auth        access tokens and which endpoint groups are open
 * @param limits      request limits and timeouts
 * @param challenges  lifetime and count bound of challenges from {@code POST /challenges}
 * @param verifier    verification policy
 * @param resolver    DID resolution (did:web) safety options
 * @param accessLog   where the JSON access log goes
 * @param sharedState where the replay cache, rate limits and challenges live: this process (one instance) or Redis
 *                    (several instances behind a load balancer)
 * @param audit       how long an /authorize decision may stay unwritten to the audit log, and what happens then
 */
public record ServerConfig(String bind, int port, Tls tls, KeyStoreConfig keyStore, List<IssuerConfig> issuers,
                           List<HostedDid> didWeb, AuthConfig auth, Limits limits, ChallengeConfig challenges,
                           VerifierConfig verifier, ResolverConfig resolver, AccessLog accessLog, SharedState sharedState,
                           AuditConfig audit) {
    /** Default listen address: loopback only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;

    /**
     * Checks ranges and copies the lists.
     *
     * @param bind        address to listen on
     * @param port        0 to 65535
     * @param tls         TLS termination
     * @param keyStore    the key store
     * @param issuers     the issuers; copied
     * @param didWeb      the hosted did:web documents; copied
     * @param auth        access rules
     * @param limits      request limits
     * @param challenges  challenge settings
     * @param verifier    verification policy
     * @param resolver    resolution options
     * @param accessLog   access-log target
     * @param sharedState where shared state lives
     * @param audit       audit-log settings
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the port is out of range
     */
    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(keyStore, "keyStore");
        issuers = List.copyOf(issuers);
        didWeb = List.copyOf(didWeb);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(sharedState, "sharedState");
        Objects.requireNonNull(audit, "audit");
    }

    /**
     * A configuration with the default audit settings ({@link AuditConfig#defaults()}).
     *
     * @param bind        address to listen on
     * @param port        0 to 65535
     * @param tls         TLS termination
     * @param keyStore    the key store
     * @param issuers     the issuers
     * @param didWeb      the hosted did:web documents
     * @param auth        access rules
     * @param limits      request limits
     * @param challenges  challenge settings
     * @param verifier    verification policy
     * @param resolver    resolution options
     * @param accessLog   access-log target
     * @param sharedState where shared state lives
     */
    public ServerConfig(String bind, int port, Tls tls, KeyStoreConfig keyStore, List<IssuerConfig> issuers,
                        List<HostedDid> didWeb, AuthConfig auth, Limits limits, ChallengeConfig challenges,
                        VerifierConfig verifier, ResolverConfig resolver, AccessLog accessLog, SharedState sharedState) {
        this(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, AuditConfig.defaults());
    }

    /**
     * A configuration with the state in this process and the given audit settings.
     *
     * @param bind       address to listen on
     * @param port       0 to 65535
     * @param tls        TLS termination
     * @param keyStore   the key store
     * @param issuers    the issuers
     * @param didWeb     the hosted did:web documents
     * @param auth       access rules
     * @param limits     request limits
     * @param challenges challenge settings
     * @param verifier   verification policy
     * @param resolver   resolution options
     * @param accessLog  access-log target
     * @param audit      audit-log settings
     */
    public ServerConfig(String bind, int port, Tls tls, KeyStoreConfig keyStore, List<IssuerConfig> issuers,
                        List<HostedDid> didWeb, AuthConfig auth, Limits limits, ChallengeConfig challenges,
                        VerifierConfig verifier, ResolverConfig resolver, AccessLog accessLog, AuditConfig audit) {
        this(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, new SharedState.InProcess(), audit);
    }

    /**
     * A verifier-only server on 127.0.0.1:8080 without TLS: verifying and resolving are open, no
     * issuers, no tokens, default limits, access log on stderr.
     *
     * @return the default configuration; the key store is {@link KeyStoreConfig#defaults()}, opened only if needed
     */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, new Tls.Disabled(), KeyStoreConfig.defaults(), List.of(), List.of(),
                AuthConfig.defaults(), Limits.defaults(), ChallengeConfig.defaults(), VerifierConfig.defaults(),
                ResolverConfig.defaults(), new AccessLog.Stderr(), new SharedState.InProcess());
    }

    /**
     * Reads a JSON configuration file. Relative paths in it are resolved against the file's directory;
     * unknown fields are errors (a typo must not silently weaken a setting).
     *
     * @param file the JSON configuration file
     * @return the configuration; secrets named by it are not read yet
     * @throws ServerConfigException naming the field that is wrong, or if the file cannot be read
     */
    public static ServerConfig load(Path file) throws ServerConfigException {
        return ConfigReader.load(file);
    }

    /**
     * Parses JSON configuration text; relative paths are resolved against {@code baseDir}.
     *
     * @param json    the configuration, as in a file {@link #load} reads
     * @param baseDir the directory relative paths in it are resolved against
     * @return the configuration
     * @throws ServerConfigException naming the field that is wrong
     */
    public static ServerConfig parse(String json, Path baseDir) throws ServerConfigException {
        return ConfigReader.parse(json, baseDir);
    }

    /**
     * This configuration with another listen address.
     *
     * @param newBind an address or host name to listen on, e.g. {@code 0.0.0.0}
     * @return a new configuration
     */
    public ServerConfig withBind(String newBind) {
        return new ServerConfig(newBind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with another port.
     *
     * @param newPort 0 to 65535; 0 picks a free one
     * @return a new configuration
     * @throws IllegalArgumentException if the port is out of range
     */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bind, newPort, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other TLS settings.
     *
     * @param newTls the TLS termination, {@link Tls.Disabled} for plain HTTP
     * @return a new configuration
     */
    public ServerConfig withTls(Tls newTls) {
        return new ServerConfig(bind, port, newTls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with another key store.
     *
     * @param newKeyStore the key store and its passphrase source
     * @return a new configuration
     */
    public ServerConfig withKeyStore(KeyStoreConfig newKeyStore) {
        return new ServerConfig(bind, port, tls, newKeyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other issuers.
     *
     * @param newIssuers the issuers, replacing the current ones; empty for a verifier-only server
     * @return a new configuration
     */
    public ServerConfig withIssuers(List<IssuerConfig> newIssuers) {
        return new ServerConfig(bind, port, tls, keyStore, newIssuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other hosted did:web documents.
     *
     * @param newDidWeb the documents, replacing the current ones
     * @return a new configuration
     */
    public ServerConfig withDidWeb(List<HostedDid> newDidWeb) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, newDidWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other access rules.
     *
     * @param newAuth the tokens and open endpoint groups
     * @return a new configuration
     */
    public ServerConfig withAuth(AuthConfig newAuth) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, newAuth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other limits.
     *
     * @param newLimits the request limits and timeouts
     * @return a new configuration
     */
    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, newLimits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other challenge settings.
     *
     * @param newChallenges lifetime, bound and whether challenges must be issued here
     * @return a new configuration
     */
    public ServerConfig withChallenges(ChallengeConfig newChallenges) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, newChallenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with another verification policy.
     *
     * @param newVerifier the policy
     * @return a new configuration
     */
    public ServerConfig withVerifier(VerifierConfig newVerifier) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, newVerifier, resolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with other resolver options.
     *
     * @param newResolver the did:web resolution options
     * @return a new configuration
     */
    public ServerConfig withResolver(ResolverConfig newResolver) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, newResolver, accessLog, sharedState, audit);
    }

    /**
     * This configuration with another access-log target.
     *
     * @param newAccessLog stderr, a file, or off
     * @return a new configuration
     */
    public ServerConfig withAccessLog(AccessLog newAccessLog) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, newAccessLog, sharedState, audit);
    }

    /**
     * This configuration with the replay cache, rate limits and challenges kept elsewhere.
     *
     * @param newSharedState this process, or Redis
     * @return a new configuration
     */
    public ServerConfig withSharedState(SharedState newSharedState) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, newSharedState, audit);
    }

    /**
     * This configuration with other audit settings.
     *
     * @param newAudit how long a decision may stay unwritten, and whether to fail open
     * @return a new configuration
     */
    public ServerConfig withAudit(AuditConfig newAudit) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, newAudit);
    }
}
