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

    /** Checks ranges and copies the lists. */
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

    /** A configuration with the default audit settings ({@link AuditConfig#defaults()}). */
    public ServerConfig(String bind, int port, Tls tls, KeyStoreConfig keyStore, List<IssuerConfig> issuers,
                        List<HostedDid> didWeb, AuthConfig auth, Limits limits, ChallengeConfig challenges,
                        VerifierConfig verifier, ResolverConfig resolver, AccessLog accessLog, SharedState sharedState) {
        this(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, AuditConfig.defaults());
    }

    /** A configuration with the state in this process and the given audit settings. */
    public ServerConfig(String bind, int port, Tls tls, KeyStoreConfig keyStore, List<IssuerConfig> issuers,
                        List<HostedDid> didWeb, AuthConfig auth, Limits limits, ChallengeConfig challenges,
                        VerifierConfig verifier, ResolverConfig resolver, AccessLog accessLog, AuditConfig audit) {
        this(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, new SharedState.InProcess(), audit);
    }

    /**
     * A verifier-only server on 127.0.0.1:8080 without TLS: verifying and resolving are open, no
     * issuers, no tokens, default limits, access log on stderr.
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
     * @throws ServerConfigException naming the field that is wrong, or if the file cannot be read
     */
    public static ServerConfig load(Path file) throws ServerConfigException {
        return ConfigReader.load(file);
    }

    /**
     * Parses JSON configuration text; relative paths are resolved against {@code baseDir}.
     *
     * @throws ServerConfigException naming the field that is wrong
     */
    public static ServerConfig parse(String json, Path baseDir) throws ServerConfigException {
        return ConfigReader.parse(json, baseDir);
    }

    /** This configuration with another listen address. */
    public ServerConfig withBind(String newBind) {
        return new ServerConfig(newBind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with another port (0 picks a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bind, newPort, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other TLS settings. */
    public ServerConfig withTls(Tls newTls) {
        return new ServerConfig(bind, port, newTls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with another key store. */
    public ServerConfig withKeyStore(KeyStoreConfig newKeyStore) {
        return new ServerConfig(bind, port, tls, newKeyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other issuers. */
    public ServerConfig withIssuers(List<IssuerConfig> newIssuers) {
        return new ServerConfig(bind, port, tls, keyStore, newIssuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other hosted did:web documents. */
    public ServerConfig withDidWeb(List<HostedDid> newDidWeb) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, newDidWeb, auth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other access rules. */
    public ServerConfig withAuth(AuthConfig newAuth) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, newAuth, limits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other limits. */
    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, newLimits, challenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other challenge settings. */
    public ServerConfig withChallenges(ChallengeConfig newChallenges) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, newChallenges, verifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with another verification policy. */
    public ServerConfig withVerifier(VerifierConfig newVerifier) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, newVerifier, resolver, accessLog, sharedState, audit);
    }

    /** This configuration with other resolver options. */
    public ServerConfig withResolver(ResolverConfig newResolver) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, newResolver, accessLog, sharedState, audit);
    }

    /** This configuration with another access-log target. */
    public ServerConfig withAccessLog(AccessLog newAccessLog) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, newAccessLog, sharedState, audit);
    }

    /** This configuration with the replay cache, rate limits and challenges kept elsewhere. */
    public ServerConfig withSharedState(SharedState newSharedState) {
        return new ServerConfig(bind, port, tls, keyStore, issuers, didWeb, auth, limits, challenges, verifier, resolver, accessLog, newSharedState, audit);
    }

    /** This configuration with other audit settings. */
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
        /** Checks ranges. */
        public AuditConfig {
            Objects.requireNonNull(maxUnpersisted, "maxUnpersisted");
            if (maxUnpersisted.isNegative() || maxUnpersisted.isZero() || maxUnpersisted.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("audit maxUnpersisted must be 1 s to 10 min: " + maxUnpersisted);
            }
        }

        /** 5 seconds, fail closed. */
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
         */
        record Redis(dev.mandate.state.redis.RedisSettings settings) implements SharedState {
            /** Validates. */
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
         */
        record Pem(Path certificateChain, Path privateKey) implements Tls {
            /** Checks that nothing is null. */
            public Pem {
                Objects.requireNonNull(certificateChain, "certificateChain");
                Objects.requireNonNull(privateKey, "privateKey");
            }
        }

        /** A PKCS#12 file with one private key entry, and where its password comes from. */
        record Pkcs12(Path file, SecretSource password) implements Tls {
            /** Checks that nothing is null. */
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

        /** Checks that nothing is null. */
        public KeyStoreConfig {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(passphrase, "passphrase");
        }

        /** {@code ~/.mandate/keystore} with the passphrase from {@code MANDATE_PASSPHRASE}. */
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

        /** Checks the name and that nothing is null. */
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

        /** An issuer signing with key {@code key} as its did:key, default suite, no validUntil. */
        public static IssuerConfig of(String name, String key) {
            return new IssuerConfig(name, key, "", "", "", Duration.ZERO, false);
        }

        /** This issuer with another DID. */
        public IssuerConfig withDid(String newDid) {
            return new IssuerConfig(name, key, newDid, verificationMethod, cryptosuite, validFor, isDefault);
        }

        /** This issuer with another cryptosuite. */
        public IssuerConfig withCryptosuite(String suite) {
            return new IssuerConfig(name, key, did, verificationMethod, suite, validFor, isDefault);
        }

        /** This issuer with another validity duration. */
        public IssuerConfig withValidFor(Duration d) {
            return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, d, isDefault);
        }

        /** This issuer marked as the default (or not). */
        public IssuerConfig asDefault(boolean d) {
            return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, validFor, d);
        }
    }

    /** A did:web document this server hosts at the path the DID names. */
    public sealed interface HostedDid {
        /** The did:web DID. */
        String did();

        /** A document with one Multikey verification method for a key from the key store. */
        record FromKey(String did, String key) implements HostedDid {
            /** Checks that nothing is null. */
            public FromKey {
                Objects.requireNonNull(did, "did");
                Objects.requireNonNull(key, "key");
            }
        }

        /** A document read from a file (its {@code id} must be the DID). */
        record FromFile(String did, Path document) implements HostedDid {
            /** Checks that nothing is null. */
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
        /** The value for {@code sha256}: the lowercase hex SHA-256 of a token's UTF-8 bytes. */
        public static String hash(String token) {
            return AccessTokens.hash(token);
        }

        /** Checks the hash format. */
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

        /** Checks that {@code issue} is not open. */
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

        /** No tokens; verify, resolve and metrics open; challenges and issuing need a token. */
        public static AuthConfig defaults() {
            return new AuthConfig(List.of(), Set.of("verify", "resolve", "metrics"));
        }

        /** These rules with other tokens. */
        public AuthConfig withTokens(List<Token> newTokens) {
            return new AuthConfig(newTokens, open);
        }

        /** These rules with other open groups. */
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

        /** Checks ranges. */
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

        /** The limits as before {@code requestReadTimeout} existed: that one is {@link #DEFAULT_REQUEST_READ_TIMEOUT}. */
        public Limits(int maxBodyBytes, int maxJsonDepth, int maxHeaderBytes, int maxConcurrentRequests, Duration maxQueueWait,
                      Duration idleTimeout, long minRequestBytesPerSecond, int maxThreads, Duration shutdownGrace) {
            this(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, DEFAULT_REQUEST_READ_TIMEOUT, maxThreads, shutdownGrace);
        }

        /**
         * 1 MiB bodies, depth 64, 8 KiB headers, {@link #defaultMaxConcurrentRequests()} concurrent requests, 5 s queue
         * wait, 30 s idle, 1 KiB/s minimum, 10 s to read a request, 200 threads, 10 s grace.
         */
        public static Limits defaults() {
            return new Limits(1024 * 1024, 64, 8 * 1024, defaultMaxConcurrentRequests(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    1024, DEFAULT_REQUEST_READ_TIMEOUT, 200, Duration.ofSeconds(10));
        }

        /**
         * Twice the processors this JVM may use, at least 2. Verification is CPU-bound: more requests at once than
         * the cores can run only share them, so each takes longer (on 2 cores with 64 connections: p99 224 ms with
         * 256 at once, 44 ms with 2, the same throughput); the rest wait in the queue, in order.
         */
        public static int defaultMaxConcurrentRequests() {
            return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        }

        /** These limits with another body-size bound. */
        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(bytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /** These limits with another number of requests handled at once. */
        public Limits withMaxConcurrentRequests(int n) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, n, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /** These limits with another idle timeout. */
        public Limits withIdleTimeout(Duration d) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, d,
                    minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /** These limits with another minimum request data rate (0 turns the rate check off). */
        public Limits withMinRequestBytesPerSecond(long bytesPerSecond) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    bytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
        }

        /** These limits with another deadline for reading a request. */
        public Limits withRequestReadTimeout(Duration d) {
            return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                    minRequestBytesPerSecond, d, maxThreads, shutdownGrace);
        }

        /** These limits with another shutdown grace period. */
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
        /** Challenges that must have been issued by this server. */
        public ChallengeConfig(Duration ttl, int maxOutstanding) {
            this(ttl, maxOutstanding, true);
        }

        /** Checks ranges. */
        public ChallengeConfig {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("challenge ttl must be positive");
            }
            if (maxOutstanding < 1 || maxOutstanding > 10_000_000) {
                throw new IllegalArgumentException("maxOutstanding must be 1 to 10000000: " + maxOutstanding);
            }
        }

        /** 5 minutes, at most 10,000 outstanding, issued by this server. */
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
     * @param trustedIssuers            the only issuers accepted (empty: any); the server follows the status event
     *                                  streams their lists link to
     * @param statusStreams             status event streams subscribed to at start
     * @param maxStatusStaleness        the longest a fetched list is used while no connected stream covers it
     * @param maxDiscoveredStatusStreams most streams followed from trusted issuers' lists (0: none)
     */
    public record VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                                 List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness,
                                 int maxDiscoveredStatusStreams) {
        /** Default {@link #maxStatusStaleness()}. */
        public static final Duration DEFAULT_MAX_STATUS_STALENESS = Duration.ofSeconds(10);
        /** Default {@link #maxDiscoveredStatusStreams()}. */
        public static final int DEFAULT_MAX_DISCOVERED_STATUS_STREAMS = 16;

        /** Checks ranges. */
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

        /** The given policy, cache, trusted issuers and streams; {@link #DEFAULT_MAX_DISCOVERED_STATUS_STREAMS}. */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                              List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, statusStreams, maxStatusStaleness,
                    DEFAULT_MAX_DISCOVERED_STATUS_STREAMS);
        }

        /** The given policy, cache and trusted issuers; no push streams, {@link #DEFAULT_MAX_STATUS_STALENESS}. */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                              List<String> trustedIssuers) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, List.of(), DEFAULT_MAX_STATUS_STALENESS);
        }

        /** The given policy and cache, trusting any issuer. */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries) {
            this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, List.of());
        }

        /** The given policy with the default cache (60 s, 10,000 entries), trusting any issuer. */
        public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew) {
            this(issuerMustControlProofKey, clockSkew, Duration.ofSeconds(60), 10_000);
        }

        /** The issuer must control the proof key; 5 s skew; verified credentials remembered for 60 s (10,000 at most). */
        public static VerifierConfig defaults() {
            return new VerifierConfig(true, Duration.ofSeconds(5));
        }

        /** This policy with another result cache ({@code Duration.ZERO} disables it). */
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
        /** Copies the list and checks the timeout. */
        public ResolverConfig {
            trustedCertificates = List.copyOf(trustedCertificates);
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("resolver timeout must be positive");
            }
        }

        /** Public addresses only, system CAs, 10 s. */
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

        /** Appended to a file. */
        record File(Path path) implements AccessLog {
            /** Checks that the path is not null. */
            public File {
                Objects.requireNonNull(path, "path");
            }
        }
    }
}
