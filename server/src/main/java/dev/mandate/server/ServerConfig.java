package dev.mandate.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code mandate serve} is configured with. Read it from the JSON configuration file with
 * {@link #load(Path)} (every field is documented in {@code docs/server.md}), or build it in code from
 * {@link #defaults()} with the {@code with...} methods. Immutable.
 *
 * @param bind        address to listen on (default {@code 127.0.0.1})
 * @param port        TCP port (default 8080; 0 picks a free port, see {@link MandateServer#port()})
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

    /**
     * How {@code POST /authorize} treats the audit log (the {@code "audit"} object of the configuration).
     *
     * @param maxUnpersisted how long an answer may wait for its decision to be committed to the audit log; past it
     *                       the request is answered 503 (or, with {@code failOpen}, answered without the commit)
     * @param failOpen       {@code "onFailure": "allow"}: answer decisions even when they cannot be written in time
     *                       (they may then be lost; each one lost is counted and logged). Default false: fail closed
     */
    public record AuditConfig(Duration maxUnpersisted, boolean failOpen) {
        /**
         * Checks ranges.
         *
         * @param maxUnpersisted 1 s to 10 min
         * @param failOpen       whether to answer without the commit
         * @throws IllegalArgumentException if {@code maxUnpersisted} is out of range
         */
        public AuditConfig {
            Objects.requireNonNull(maxUnpersisted, "maxUnpersisted");
            if (maxUnpersisted.isNegative() || maxUnpersisted.isZero() || maxUnpersisted.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("audit maxUnpersisted must be 1 s to 10 min: " + maxUnpersisted);
            }
        }

        /** {@return the defaults: 5 seconds, fail closed} */
        public static AuditConfig defaults() {
            return new AuditConfig(Duration.ofSeconds(5), false);
        }
    }

    /**
     * Where the state that must be one across instances lives: the request-replay cache, the rate limiters of
     * {@code /authorize} and the challenges of {@code POST /challenges}.
     */
    public sealed interface SharedState {
        /** In this process: right for one instance; behind a load balancer replays and rates would be per instance. */
        record InProcess() implements SharedState {
        }

        /**
         * In Redis ({@code "sharedState": {"redis": "redis://127.0.0.1:6379/0"}}): one replay cache, one limit
         * and one challenge store for every instance with the same settings. If Redis does not answer,
         * {@code /authorize} denies with 503 and challenges answer 503 (fail closed).
         *
         * @param settings the Redis URI, key prefix and timeouts
         */
        record Redis(dev.mandate.state.redis.RedisSettings settings) implements SharedState {
            /**
             * Checks that the settings are present.
             *
             * @param settings the Redis settings
             * @throws NullPointerException if {@code settings} is null
             */
            public Redis {
                Objects.requireNonNull(settings, "settings");
            }
        }
    }

    /** TLS termination: off, PEM files, or a PKCS#12 file. */
    public sealed interface Tls {
        /** Plain HTTP (put the server behind a TLS-terminating proxy, or bind it to loopback only). */
        record Disabled() implements Tls {
        }

        /**
         * A PEM certificate chain (leaf first) and its PEM private key (PKCS#8, or traditional RSA/EC; not encrypted:
         * protect the file with permissions).
         *
         * @param certificateChain the PEM certificate chain file, leaf first
         * @param privateKey       the PEM private key file
         */
        record Pem(Path certificateChain, Path privateKey) implements Tls {
            /**
             * Checks that nothing is null (the files are read when the server starts).
             *
             * @param certificateChain the chain file
             * @param privateKey       the key file
             * @throws NullPointerException if either is null
             */
            public Pem {
                Objects.requireNonNull(certificateChain, "certificateChain");
                Objects.requireNonNull(privateKey, "privateKey");
            }
        }

        /**
         * A PKCS#12 file with one private key entry, and where its password comes from.
         *
         * @param file     the PKCS#12 file
         * @param password where its password comes from
         */
        record Pkcs12(Path file, SecretSource password) implements Tls {
            /**
             * Checks that nothing is null (the file and password are read when the server starts).
             *
             * @param file     the PKCS#12 file
             * @param password the password's source
             * @throws NullPointerException if either is null
             */
            public Pkcs12 {
                Objects.requireNonNull(file, "file");
                Objects.requireNonNull(password, "password");
            }
        }
    }

    /**
     * The key store and its passphrase source. Only opened when an issuer or a hosted did:web document names a key.
     *
     * @param path       the key-store file
     * @param passphrase where the passphrase comes from
     */
    public record KeyStoreConfig(Path path, SecretSource passphrase) {
        /** Environment variable read for the passphrase by default. */
        public static final String PASSPHRASE_VAR = "MANDATE_PASSPHRASE";

        /**
         * Checks that nothing is null (the store is opened only when a key is needed).
         *
         * @param path       the key-store file
         * @param passphrase the passphrase's source
         * @throws NullPointerException if either is null
         */
        public KeyStoreConfig {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(passphrase, "passphrase");
        }

        /**
         * {@return {@code ~/.mandate/keystore} (under {@code $HOME}) with the passphrase from {@code MANDATE_PASSPHRASE}}
         */
        public static KeyStoreConfig defaults() {
            return new KeyStoreConfig(dev.mandate.did.keystore.UserHome.get().resolve(".mandate").resolve("keystore"), new SecretSource.FromEnv(PASSPHRASE_VAR));
        }
    }

    /**
     * One issuer.
     *
     * @param name               the issuer's name: its endpoint is {@code /issuers/{name}/credentials/issue}
     * @param key                the name of its key in the key store
     * @param did                its DID; empty for the key's did:key
     * @param verificationMethod the DID URL of the key; empty to derive it ({@code did#<multikey>}, did:key's own, did:jwk {@code #0})
     * @param cryptosuite        the Data Integrity cryptosuite; empty for the key type's default
     *                           (eddsa-rdfc-2022 for Ed25519, ecdsa-rdfc-2019 for P-256/P-384)
     * @param validFor           how long issued credentials are valid ({@code validUntil}); zero for no {@code validUntil}
     * @param isDefault          true for the issuer also served at {@code /credentials/issue}
     */
    public record IssuerConfig(String name, String key, String did, String verificationMethod, String cryptosuite,
                               Duration validFor, boolean isDefault) {
        /** Allowed issuer names. */
        public static final String NAME_REGEX = "[A-Za-z0-9._-]{1,64}";

        /**
         * Checks the name and that nothing is null.
         *
         * @param name               matching {@link #NAME_REGEX}
         * @param key                the key's name in the key store
         * @param did                the DID, or "" for the key's did:key
         * @param verificationMethod the DID URL, or "" to derive it
         * @param cryptosuite        the cryptosuite, or "" for the key type's default
         * @param validFor           not negative; zero for no {@code validUntil}
         * @param isDefault          whether it is also served at {@code /credentials/issue}
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if the name does not match or {@code validFor} is negative
         */
        public IssuerConfig {
            Objects.requireNonNull(name, "name");
            if (!name.matches(NAME_REGEX)) {
                throw new IllegalArgumentException("issuer name must be 1 to 64 characters from A-Z a-z 0-9 . _ -: " + name);
            }
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(verificationMethod, "verificationMethod");
            Objects.requireNonNull(cryptosuite, "cryptosuite");
            Objects.requireNonNull(validFor, "validFor");
            if (validFor.isNegative()) {
                throw new IllegalArgumentException("validFor must not be negative");
            }
        }

        /**
         * An issuer signing as the did:key of a key, with the key type's default suite and no {@code validUntil}.
         *
         * @param name the issuer's name, matching {@link #NAME_REGEX}
         * @param key  the key's name in the key store
         * @return the issuer, not the default one
         * @throws IllegalArgumentException if the name does not match
         */
        public static IssuerConfig of(String name, String key) {
            return new IssuerConfig(name, key, "", "", "", Duration.ZERO, false);
        }

        /**
         * This issuer with another DID.
         *
         * @param newDid the DID (e.g. a hosted did:web), or "" for the key's did:key
         * @return a new issuer
         */
        public IssuerConfig withDid(String newDid) {
            return new IssuerConfig(name, key, newDid, verificationMethod, cryptosuite, validFor, isDefault);
        }

        /**
         * This issuer with another cryptosuite.
         *
         * @param suite e.g. {@code eddsa-jcs-2022}, or "" for the key type's default
         * @return a new issuer
         */
        public IssuerConfig withCryptosuite(String suite) {
            return new IssuerConfig(name, key, did, verificationMethod, suite, validFor, isDefault);
        }

        /**
         * This issuer with another validity duration.
         *
         * @param d how long issued credentials are valid; zero for no {@code validUntil}
         * @return a new issuer
         * @throws IllegalArgumentException if {@code d} is negative
         */
        public IssuerConfig withValidFor(Duration d) {
            return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, d, isDefault);
        }

        /**
         * This issuer marked as the default (or not).
         *
         * @param d true to serve it also at {@code /credentials/issue}
         * @return a new issuer
         */
        public IssuerConfig asDefault(boolean d) {
            return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, validFor, d);
        }
    }

    /** A did:web document this server hosts at the path the DID names. */
    public sealed interface HostedDid {
        /** {@return the did:web DID, whose path decides where the document is served} */
        String did();

        /**
         * A document with one Multikey verification method for a key from the key store.
         *
         * @param did the did:web DID
         * @param key the key's name in the key store
         */
        record FromKey(String did, String key) implements HostedDid {
            /**
             * Checks that nothing is null.
             *
             * @param did the DID
             * @param key the key's name
             * @throws NullPointerException if either is null
             */
            public FromKey {
                Objects.requireNonNull(did, "did");
                Objects.requireNonNull(key, "key");
            }
        }

        /**
         * A document read from a file (its {@code id} must be the DID).
         *
         * @param did      the did:web DID
         * @param document the DID document's JSON file
         */
        record FromFile(String did, Path document) implements HostedDid {
            /**
             * Checks that nothing is null (the file is read when the server starts).
             *
             * @param did      the DID
             * @param document the file
             * @throws NullPointerException if either is null
             */
            public FromFile {
                Objects.requireNonNull(did, "did");
                Objects.requireNonNull(document, "document");
            }
        }
    }

    /**
     * One access token, stored only as the SHA-256 of its UTF-8 bytes.
     *
     * @param name   a label for the access log (never the token)
     * @param sha256 the lowercase hex SHA-256 of the token
     * @param scopes what it may do: {@code issue} (every issuer), {@code issue:NAME}, {@code verify},
     *               {@code challenges}, {@code resolve}, {@code metrics}, {@code status} (revoke, suspend,
     *               reinstate, grants)
     */
    public record Token(String name, String sha256, Set<String> scopes) {
        /**
         * The value for {@code sha256}.
         *
         * @param token the bearer token
         * @return the lowercase hex SHA-256 of its UTF-8 bytes
         */
        public static String hash(String token) {
            return AccessTokens.hash(token);
        }

        /**
         * Checks the hash format; the hash is stored lower case and the scopes copied.
         *
         * @param name   the label
         * @param sha256 64 hex digits, any case
         * @param scopes the scopes
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if {@code sha256} is not 64 hex digits
         */
        public Token {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits");
            }
            scopes = Set.copyOf(scopes);
        }
    }

    /**
     * Access rules.
     *
     * @param tokens the accepted bearer tokens
     * @param open   endpoint groups that need no token: any of {@code verify}, {@code challenges},
     *               {@code resolve}, {@code metrics} ({@code issue} can never be open)
     */
    public record AuthConfig(List<Token> tokens, Set<String> open) {
        /** The endpoint groups a token scope or {@code open} can name. */
        public static final Set<String> GROUPS = Set.of("verify", "challenges", "resolve", "metrics", "issue", "status", "registry");

        /**
         * Copies and checks that no group that needs a token ({@code issue}, {@code status}, {@code registry}) is open.
         *
         * @param tokens the tokens
         * @param open   the open groups
         * @throws IllegalArgumentException if {@code open} names {@code issue}, {@code status} or {@code registry}
         */
        public AuthConfig {
            tokens = List.copyOf(tokens);
            open = Set.copyOf(open);
            if (open.contains("issue")) {
                throw new IllegalArgumentException("issuing can never be open: it needs a token");
            }
            if (open.contains("status")) {
                throw new IllegalArgumentException("status changes can never be open: they need a token");
            }
            if (open.contains("registry")) {
                throw new IllegalArgumentException("the agent registry and audit endpoints can never be open: they need a token");
            }
        }

        /** {@return the defaults: no tokens; verify, resolve and metrics open; challenges and issuing need a token} */
        public static AuthConfig defaults() {
            return new AuthConfig(List.of(), Set.of("verify", "resolve", "metrics"));
        }

        /**
         * These rules with other tokens.
         *
         * @param newTokens the tokens, replacing the current ones
         * @return new rules
         */
        public AuthConfig withTokens(List<Token> newTokens) {
            return new AuthConfig(newTokens, open);
        }

        /**
         * These rules with other open groups.
         *
         * @param newOpen the groups that need no token
         * @return new rules
         * @throws IllegalArgumentException if it names a group that always needs a token
         */
        public AuthConfig withOpen(Set<String> newOpen) {
            return new AuthConfig(tokens, newOpen);
        }
    }

    /**
     * Request limits and timeouts.
     *
     * @param maxBodyBytes          largest request body (413 beyond), default 1 MiB
     * @param maxJsonDepth          deepest JSON nesting accepted, default 64
     * @param maxHeaderBytes        largest request line plus headers (431 beyond), default 8 KiB
     * @param maxConcurrentRequests requests handled at once; more wait up to {@code maxQueueWait}, then 503. A request
     *                              takes a slot only once its body has arrived, so slow clients never hold one.
     *                              Default: twice the processor count, at least 2 ({@link #defaultMaxConcurrentRequests()})
     * @param maxQueueWait          how long a request waits for a free slot before 503
     * @param idleTimeout           a connection with no traffic for this long is closed
     * @param minRequestBytesPerSecond a request (line, headers and body) arriving slower than this on average,
     *                              after a one-second allowance, is cut off (0 disables the rate check)
     * @param requestReadTimeout    the longest a request (line, headers and body) may take to arrive, from its first
     *                              byte (on a new connection: from the connection's opening); default 10 s
     * @param maxThreads            largest HTTP worker thread pool
     * @param shutdownGrace         on shutdown, how long in-flight requests may take to finish
     */
    public record Limits(int maxBodyBytes, int maxJsonDepth, int maxHeaderBytes, int maxConcurrentRequests,
                         Duration maxQueueWait, Duration idleTimeout, long minRequestBytesPerSecond,
                         Duration requestReadTimeout, int maxThreads, Duration shutdownGrace) {
        /** The default {@link #requestReadTimeout()}. */
        public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

        /**
         * Checks ranges.
         *
         * @param maxBodyBytes             1 to 16 MiB
         * @param maxJsonDepth             1 to 512
         * @param maxHeaderBytes           1 KiB to 1 MiB
         * @param maxConcurrentRequests    1 to 100 000
         * @param maxQueueWait             not negative
         * @param idleTimeout              positive
         * @param minRequestBytesPerSecond 0 (off) to {@code Integer.MAX_VALUE}
         * @param requestReadTimeout       positive, at most an hour
         * @param maxThreads               4 to 10 000
         * @param shutdownGrace            not negative
         * @throws NullPointerException     if a duration is null
         * @throws IllegalArgumentException naming the first value out of range
         */
        public Limits {
            range("maxBodyBytes", maxBodyBytes, 1, 16 * 1024 * 1024);
            range("maxJsonDepth", maxJsonDepth, 1, 512);
            range("maxHeaderBytes", maxHeaderBytes, 1024, 1024 * 1024);
            range("maxConcurrentRequests", maxConcurrentRequests, 1, 100_000);
            range("maxThreads", maxThreads, 4, 10_000);
            range("minRequestBytesPerSecond", minRequestBytesPerSecond, 0, Integer.MAX_VALUE);
            positiveOrZero("maxQueueWait", maxQueueWait);
            positiveOrZero("idleTimeout", idleTimeout);
            positiveOrZero("requestReadTimeout", requestReadTimeout);
            positiveOrZero("shutdownGrace", shutdownGrace);
            if (idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            if (requestReadTimeout.isZero() || requestReadTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("requestReadTimeout must be positive and at most an hour: " + requestReadTimeout);
            }
        }

        /**
         * The limits as before {@code requestReadTimeout} existed: that one is {@link #DEFAULT_REQUEST_READ_TIMEOUT}.
         *
         * @param maxBodyBytes             largest body
         * @param maxJsonDepth             deepest JSON
         * @param maxHeaderBytes           largest request line plus headers
         * @param maxConcurrentRequests    requests handled at once
         * @param maxQueueWait             longest wait for a slot
         * @param idleTimeout              idle connection timeout
         * @param minRequestBytesPerSecond minimum request data rate, 0 for none
         * @param maxThreads               worker threads
         * @param shutdownGrace            grace period on shutdown
         * @throws IllegalArgumentException naming the first value out of range
         */
        public Limits(int maxBodyBytes, int maxJsonDepth, int maxHeaderBytes, int maxConcurrentRequests, Duration maxQueueWait,
                      Duration idleTimeout, long minRequestBytesPerSecond, int maxThreads, Duration shutdownGrace) {
            this(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, DEFAULT_REQUEST_READ_TIMEOUT, maxThreads, shutdownGrace);
        }

        /**
         * 1 MiB bodies, depth 64, 8 KiB headers, {@link #defaultMaxConcurrentRequests()} concurrent requests, 5 s queue
         * wait, 30 s idle, 1 KiB/s minimum, 10 s to read a request, 200 threads, 10 s grace.
         *
         * @return the default limits
         */
        public static Limits defaults() {
            return new Limits(1024 * 1024, 64, 8 * 1024, defaultMaxConcurrentRequests(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    1024, DEFAULT_REQUEST_READ_TIMEOUT, 200, Duration.ofSeconds(10));
        }

        /**
         * Twice the processors this JVM may use, at least 2. Verification is CPU-bound: more requests at once than
         * the cores can run only share them, so each takes longer (on 2 cores with 64 connections: p99 224 ms with
         * 256 at once, 44 ms with 2, the same throughput); the rest wait in the queue, in order.
         *
         * @return the default {@link #maxConcurrentRequests()} on this JVM
         */
        public static int defaultMaxConcurrentRequests() {
            return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        }

        /**
         * These limits with another body-size bound.
         *
         * @param bytes largest request body, 1 to 16 MiB
         * @return new limits
         * @throws IllegalArgumentException if out of range
         */
        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(bytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /**
         * These limits with another number of requests handled at once.
         *
         * @param n 1 to 100 000
         * @return new limits
         * @throws IllegalArgumentException if out of range
         */
        public Limits withMaxConcurrentRequests(int n) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, n, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /**
         * These limits with another idle timeout.
         *
         * @param d positive
         * @return new limits
         * @throws IllegalArgumentException if not positive
         */
        public Limits withIdleTimeout(Duration d) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, d,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /**
         * These limits with another minimum request data rate.
         *
         * @param bytesPerSecond average bytes per second a request must arrive at; 0 turns the check off
         * @return new limits
         * @throws IllegalArgumentException if negative or above {@code Integer.MAX_VALUE}
         */
        public Limits withMinRequestBytesPerSecond(long bytesPerSecond) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    bytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /**
         * These limits with another deadline for reading a request.
         *
         * @param d positive, at most an hour
         * @return new limits
         * @throws IllegalArgumentException if out of range
         */
        public Limits withRequestReadTimeout(Duration d) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, d, maxThreads, shutdownGrace);
        }

        /**
         * These limits with another shutdown grace period.
         *
         * @param d how long in-flight requests may take to finish on shutdown; not negative
         * @return new limits
         * @throws IllegalArgumentException if negative
         */
        public Limits withShutdownGrace(Duration d) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, d);
        }

        private static void range(String name, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + v);
            }
        }

        private static void positiveOrZero(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
        }
    }

    /**
     * Challenges from {@code POST /challenges}.
     *
     * @param ttl            how long an unused challenge stays valid
     * @param maxOutstanding how many unused challenges are kept at most (then 503 until some are used or expire)
     * @param requireIssued  true (default): a presentation must answer a challenge from {@code POST /challenges};
     *                       false: {@code POST /presentations/verify} checks it against {@code options.challenge} as
     *                       the relying party gives it (still required, and still usable once within {@code ttl})
     */
    public record ChallengeConfig(Duration ttl, int maxOutstanding, boolean requireIssued) {
        /**
         * Challenges that must have been issued by this server.
         *
         * @param ttl            how long an unused challenge stays valid
         * @param maxOutstanding most unused challenges kept
         */
        public ChallengeConfig(Duration ttl, int maxOutstanding) {
            this(ttl, maxOutstanding, true);
        }

        /**
         * Checks ranges.
         *
         * @param ttl            positive
         * @param maxOutstanding 1 to 10 000 000
         * @param requireIssued  whether challenges must come from {@code POST /challenges}
         * @throws IllegalArgumentException if a value is out of range
         */
        public ChallengeConfig {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("challenge ttl must be positive");
            }
            if (maxOutstanding < 1 || maxOutstanding > 10_000_000) {
                throw new IllegalArgumentException("maxOutstanding must be 1 to 10000000: " + maxOutstanding);
            }
        }

        /** {@return the defaults: 5 minutes, at most 10,000 outstanding, issued by this server} */
        public static ChallengeConfig defaults() {
            return new ChallengeConfig(Duration.ofMinutes(5), 10_000, true);
        }
    }

    /**
     * Verification policy.
     *
     * @param issuerMustControlProofKey whether a credential's proof key must belong to its issuer (turn off only to
     *                                  check third-party examples whose issuer is not a DID)
     * @param clockSkew                 tolerated clock difference for validity periods and proof times
     * @param cacheTtl                  how long a verified {@code /credentials/verify} request body is remembered
     *                                  (never past the credential's own expiry); zero disables the cache
     * @param cacheEntries              most remembered results
     * @param trustedIssuers            issuer DIDs whose credentials verify (empty trusts any issuer); the server
     *                                  follows the status event streams their lists link to
     * @param statusStreams             status-list push streams (SSE URLs) subscribed to at start
     * @param maxStatusStaleness        how old a cached status list may be while no connected push stream covers it
     * @param maxDiscoveredStatusStreams most streams followed from trusted issuers' lists (0: none)
     */
    public record VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                                 List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness,
                                 int maxDiscoveredStatusStreams) {
        /** Default {@link #maxStatusStaleness()}. */
        public static final Duration DEFAULT_MAX_STATUS_STALENESS = Duration.ofSeconds(10);
        /** Default {@link #maxDiscoveredStatusStreams()}. */
        public static final int DEFAULT_MAX_DISCOVERED_STATUS_STREAMS = 16;

        /**
         * Checks ranges and copies the lists.
         *
         * @param issuerMustControlProofKey whether the proof key must belong to the issuer
         * @param clockSkew                 not negative
         * @param cacheTtl                  not negative; zero disables the cache
         * @param cacheEntries              0 to 10 000 000
         * @param trustedIssuers            trusted issuer DIDs; copied
         * @param statusStreams             push stream URLs; copied
         * @param maxStatusStaleness        positive
         * @param maxDiscoveredStatusStreams 0 to 1000
         * @throws NullPointerException     if an object argument is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public VerifierConfig {
            trustedIssuers = List.copyOf(Objects.requireNonNull(trustedIssuers, "trustedIssuers"));
            statusStreams = List.copyOf(Objects.requireNonNull(statusStreams, "statusStreams"));
            Objects.requireNonNull(maxStatusStaleness, "maxStatusStaleness");
            if (maxStatusStaleness.isNegative() || maxStatusStaleness.isZero()) {
                throw new IllegalArgumentException("maxStatusStaleness must be positive");
            }
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative");
            }
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            if (cacheTtl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative");
            }
            if (cacheEntries < 0 || cacheEntries > 10_000_000) {
                throw new IllegalArgumentException("cacheEntries must be 0 to 10000000: " + cacheEntries);
            }
            if (maxDiscoveredStatusStreams < 0 || maxDiscoveredStatusStreams > 1000) {
                throw new IllegalArgumentException("maxDiscoveredStatusStreams must be 0 to 1000: " + maxDiscoveredStatusStreams);
            }
        }

        /**
         * The given policy, cache, trusted issuers and streams; {@link #DEFAULT_MAX_DISCOVERED_STATUS_STREAMS}.
         *
         * @param issuerMustControlProofKey whether the proof key must belong to the issuer
         * @param clockSkew                 tolerated clock difference
         * @param cacheTtl                  result cache lifetime, zero for none
         * @param cacheEntries              most cached results
         * @param trustedIssuers            trusted issuer DIDs (empty: any)
         * @param statusStreams             push stream URLs subscribed to at start
         * @param maxStatusStaleness        how old a cached status list may be without a connected push stream
         */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                              List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, statusStreams, maxStatusStaleness,
                    DEFAULT_MAX_DISCOVERED_STATUS_STREAMS);
        }

        /**
         * The given policy, cache and trusted issuers; no push streams, {@link #DEFAULT_MAX_STATUS_STALENESS}.
         *
         * @param issuerMustControlProofKey whether the proof key must belong to the issuer
         * @param clockSkew                 tolerated clock difference
         * @param cacheTtl                  result cache lifetime, zero for none
         * @param cacheEntries              most cached results
         * @param trustedIssuers            trusted issuer DIDs, empty for any
         */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                              List<String> trustedIssuers) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, List.of(), DEFAULT_MAX_STATUS_STALENESS);
        }

        /**
         * The given policy and cache, trusting any issuer.
         *
         * @param issuerMustControlProofKey whether the proof key must belong to the issuer
         * @param clockSkew                 tolerated clock difference
         * @param cacheTtl                  result cache lifetime, zero for none
         * @param cacheEntries              most cached results
         */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, List.of());
        }

        /**
         * The given policy with the default cache (60 s, 10,000 entries), trusting any issuer.
         *
         * @param issuerMustControlProofKey whether the proof key must belong to the issuer
         * @param clockSkew                 tolerated clock difference
         */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew) {
            this(issuerMustControlProofKey, clockSkew, Duration.ofSeconds(60), 10_000);
        }

        /**
         * {@return the defaults: the issuer must control the proof key; 5 s skew; verified credentials remembered
         * for 60 s (10,000 at most); any issuer trusted}
         */
        public static VerifierConfig defaults() {
            return new VerifierConfig(true, Duration.ofSeconds(5));
        }

        /**
         * This policy with another result cache.
         *
         * @param ttl     how long a verified request body is remembered; {@code Duration.ZERO} disables the cache
         * @param entries most remembered results
         * @return a new policy
         */
        public VerifierConfig withCache(Duration ttl, int entries) {
            return new VerifierConfig(issuerMustControlProofKey, clockSkew, ttl, entries, trustedIssuers, statusStreams, maxStatusStaleness,
                    maxDiscoveredStatusStreams);
        }
    }

    /**
     * DID resolution options (did:key and did:jwk need none; these govern did:web).
     *
     * @param allowLoopback        whether did:web hosts resolving to loopback addresses may be contacted
     * @param allowPrivateNetworks whether did:web hosts resolving to private networks may be contacted
     * @param trustedCertificates  PEM files whose certificates are trusted as TLS anchors instead of the system CAs
     * @param timeout              overall time allowed for one did:web fetch
     */
    public record ResolverConfig(boolean allowLoopback, boolean allowPrivateNetworks, List<Path> trustedCertificates,
                                 Duration timeout) {
        /**
         * Copies the list and checks the timeout.
         *
         * @param allowLoopback        whether loopback hosts may be contacted
         * @param allowPrivateNetworks whether private-network hosts may be contacted
         * @param trustedCertificates  PEM anchor files; copied
         * @param timeout              positive
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public ResolverConfig {
            trustedCertificates = List.copyOf(trustedCertificates);
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("resolver timeout must be positive");
            }
        }

        /** {@return the defaults: public addresses only, system CAs, 10 s} */
        public static ResolverConfig defaults() {
            return new ResolverConfig(false, false, List.of(), Duration.ofSeconds(10));
        }
    }

    /** Where the access log (one JSON line per request) goes. */
    public sealed interface AccessLog {
        /** Standard error. */
        record Stderr() implements AccessLog {
        }

        /** No access log. */
        record Off() implements AccessLog {
        }

        /**
         * Appended to a file.
         *
         * @param path the log file, created if missing
         */
        record File(Path path) implements AccessLog {
            /**
             * Checks that the path is not null.
             *
             * @param path the log file
             * @throws NullPointerException if it is null
             */
            public File {
                Objects.requireNonNull(path, "path");
            }
        }
    }
}
