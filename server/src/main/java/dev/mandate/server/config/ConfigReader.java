package dev.mandate.server.config;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the JSON configuration file into a {@link ServerConfig}, naming the field in every error. */
final class ConfigReader {
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    private final Path baseDir;

    private ConfigReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    static ServerConfig load(Path file) throws ServerConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? "I/O error" : e.getMessage();
            throw new ServerConfigException(file + ": cannot read the configuration file (" + why + ")", e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ServerConfigException(file + ": the configuration file is larger than 1 MiB");
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        try {
            return parse(BoundedJson.parse(bytes, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_FILE_BYTES)), dir);
        } catch (JsonInputException e) {
            throw new ServerConfigException(file + ": " + e.getMessage());
        } catch (ServerConfigException e) {
            throw new ServerConfigException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    static ServerConfig parse(String json, Path baseDir) throws ServerConfigException {
        try {
            return parse(BoundedJson.parse(json, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_FILE_BYTES)), baseDir);
        } catch (JsonInputException e) {
            throw new ServerConfigException(e.getMessage());
        }
    }

    private static ServerConfig parse(JsonValue root, Path baseDir) throws ServerConfigException {
        if (!(root instanceof JsonObject o)) {
            throw new ServerConfigException("the configuration must be a JSON object");
        }
        return new ConfigReader(baseDir.toAbsolutePath().normalize()).config(new ConfigObject(o, ""));
    }

    private ServerConfig config(ConfigObject o) throws ServerConfigException {
        o.only("bind", "port", "tls", "keyStore", "issuers", "didWeb", "auth", "limits", "challenges", "verifier", "resolver",
                "accessLog", "sharedState", "audit", "$comment");
        ServerConfig d = ServerConfig.defaults();
        String bind = o.string("bind", d.bind());
        if (bind.isBlank()) {
            throw o.error("bind", "must be an IP address or host name");
        }
        int port = (int) o.integer("port", d.port(), 0, 65535);
        Tls tls = o.has("tls") ? tls(o.object("tls")) : d.tls();
        KeyStoreConfig ks = o.has("keyStore") ? keyStore(o.object("keyStore")) : d.keyStore();
        List<IssuerConfig> issuers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int defaults = 0;
        for (ConfigObject i : o.objects("issuers")) {
            IssuerConfig ic = issuer(i);
            if (!names.add(ic.name())) {
                throw i.error("name", "two issuers are named '" + ic.name() + "'");
            }
            defaults += ic.isDefault() ? 1 : 0;
            issuers.add(ic);
        }
        if (defaults > 1) {
            throw o.error("issuers", "more than one issuer has \"default\": true");
        }
        List<HostedDid> hosted = new ArrayList<>();
        for (ConfigObject h : o.objects("didWeb")) {
            hosted.add(hostedDid(h));
        }
        AuthConfig auth = o.has("auth") ? auth(o.object("auth")) : d.auth();
        Limits limits = o.has("limits") ? limits(o.object("limits")) : d.limits();
        ChallengeConfig ch = o.has("challenges") ? challenges(o.object("challenges")) : d.challenges();
        VerifierConfig vc = o.has("verifier") ? verifier(o.object("verifier")) : d.verifier();
        ResolverConfig rc = o.has("resolver") ? resolver(o.object("resolver")) : d.resolver();
        AccessLog log = o.has("accessLog") ? accessLog(o) : d.accessLog();
        SharedState shared = o.has("sharedState") ? sharedState(o.object("sharedState")) : d.sharedState();
        AuditConfig audit = o.has("audit") ? audit(o.object("audit")) : d.audit();
        return new ServerConfig(bind, port, tls, ks, issuers, hosted, auth, limits, ch, vc, rc, log, shared, audit);
    }

    private Tls tls(ConfigObject o) throws ServerConfigException {
        o.only("certificate", "privateKey", "pkcs12", "passwordFile", "passwordEnv");
        if (o.has("pkcs12")) {
            if (o.has("certificate") || o.has("privateKey")) {
                throw o.error("pkcs12", "give either pkcs12 or certificate and privateKey, not both");
            }
            return new Tls.Pkcs12(path(o, "pkcs12"), secret(o, "passwordFile", "passwordEnv", "MANDATE_TLS_PASSWORD"));
        }
        if (!o.has("certificate") || !o.has("privateKey")) {
            throw o.error("certificate", "TLS needs certificate and privateKey (PEM files), or pkcs12");
        }
        if (o.has("passwordFile") || o.has("passwordEnv")) {
            throw o.error("passwordFile", "only a pkcs12 file has a password; the PEM private key must not be encrypted");
        }
        return new Tls.Pem(path(o, "certificate"), path(o, "privateKey"));
    }

    private KeyStoreConfig keyStore(ConfigObject o) throws ServerConfigException {
        o.only("path", "passphraseFile", "passphraseEnv");
        KeyStoreConfig d = KeyStoreConfig.defaults();
        Path p = o.has("path") ? path(o, "path") : d.path();
        return new KeyStoreConfig(p, secret(o, "passphraseFile", "passphraseEnv", KeyStoreConfig.PASSPHRASE_VAR));
    }

    private SecretSource secret(ConfigObject o, String fileField, String envField, String defaultEnv) throws ServerConfigException {
        if (o.has(fileField) && o.has(envField)) {
            throw o.error(fileField, "give " + fileField + " or " + envField + ", not both");
        }
        if (o.has(fileField)) {
            return new SecretSource.FromFile(path(o, fileField));
        }
        String env = o.string(envField, defaultEnv);
        if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw o.error(envField, "is not an environment variable name");
        }
        return new SecretSource.FromEnv(env);
    }

    private IssuerConfig issuer(ConfigObject o) throws ServerConfigException {
        o.only("name", "key", "did", "verificationMethod", "cryptosuite", "validForSeconds", "default");
        String name = o.requiredString("name");
        if (!name.matches(IssuerConfig.NAME_REGEX)) {
            throw o.error("name", "use 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
        String key = o.requiredString("key");
        String did = o.string("did", "");
        if (did.equals("key")) {
            did = "";
        }
        if (!did.isEmpty() && !did.startsWith("did:")) {
            throw o.error("did", "must be a DID (did:web:..., did:key:..., did:jwk:...) or \"key\" for the key's did:key");
        }
        if (!did.isEmpty()) {
            checkDid(o, "did", did, "write the issuer's full DID, or \"key\" for the key's did:key");
        }
        long validFor = o.integer("validForSeconds", 0, 0, 10L * 366 * 24 * 3600);
        return new IssuerConfig(name, key, did, o.string("verificationMethod", ""), o.string("cryptosuite", ""),
                Duration.ofSeconds(validFor), o.bool("default", false));
    }

    private HostedDid hostedDid(ConfigObject o) throws ServerConfigException {
        o.only("did", "key", "document");
        String did = o.requiredString("did");
        if (!did.startsWith("did:web:")) {
            throw o.error("did", "only did:web documents can be hosted");
        }
        checkDid(o, "did", did, "write the full did:web DID the document is for");
        if (o.has("key") == o.has("document")) {
            throw o.error("key", "give either key (a key-store key) or document (a did.json file)");
        }
        return o.has("key") ? new HostedDid.FromKey(did, o.requiredString("key")) : new HostedDid.FromFile(did, path(o, "document"));
    }

    private AuthConfig auth(ConfigObject o) throws ServerConfigException {
        o.only("tokens", "open");
        List<Token> tokens = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        for (ConfigObject t : o.objects("tokens")) {
            t.only("name", "sha256", "scopes");
            String name = t.requiredString("name");
            String hash = t.requiredString("sha256").toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw t.error("sha256", "must be the 64 hex digits of the token's SHA-256 (see 'mandate serve hash-token')");
            }
            if (!hashes.add(hash)) {
                throw t.error("sha256", "the same token hash appears twice");
            }
            Set<String> scopes = new LinkedHashSet<>();
            for (String s : t.strings("scopes")) {
                boolean ok = AuthConfig.GROUPS.contains(s) || s.startsWith("issue:") && s.substring(6).matches(IssuerConfig.NAME_REGEX);
                if (!ok) {
                    throw t.error("scopes", "unknown scope '" + s + "'; use " + new TreeSet<>(AuthConfig.GROUPS) + " or issue:NAME");
                }
                scopes.add(s);
            }
            if (scopes.isEmpty()) {
                throw t.error("scopes", "a token needs at least one scope");
            }
            tokens.add(new Token(name, hash, scopes));
        }
        Set<String> open = o.has("open") ? new LinkedHashSet<>(o.strings("open")) : AuthConfig.defaults().open();
        for (String g : open) {
            if (g.equals("issue")) {
                throw o.error("open", "issuing can never be open: it always needs a token");
            }
            if (g.equals("status")) {
                throw o.error("open", "status changes can never be open: they always need a token");
            }
            if (g.equals("registry")) {
                throw o.error("open", "the agent registry and audit endpoints can never be open: they always need a token");
            }
            if (!AuthConfig.GROUPS.contains(g)) {
                throw o.error("open", "unknown endpoint group '" + g + "'; use verify, challenges, resolve, metrics");
            }
        }
        return new AuthConfig(tokens, open);
    }

    private Limits limits(ConfigObject o) throws ServerConfigException {
        o.only("maxBodyBytes", "maxJsonDepth", "maxHeaderBytes", "maxConcurrentRequests", "maxQueueWaitMillis",
                "idleTimeoutSeconds", "minRequestBytesPerSecond", "requestReadTimeoutSeconds", "maxThreads", "shutdownGraceSeconds");
        Limits d = Limits.defaults();
        return new Limits(
                (int) o.integer("maxBodyBytes", d.maxBodyBytes(), 1, 16 * 1024 * 1024),
                (int) o.integer("maxJsonDepth", d.maxJsonDepth(), 1, 512),
                (int) o.integer("maxHeaderBytes", d.maxHeaderBytes(), 1024, 1024 * 1024),
                (int) o.integer("maxConcurrentRequests", d.maxConcurrentRequests(), 1, 100_000),
                Duration.ofMillis(o.integer("maxQueueWaitMillis", d.maxQueueWait().toMillis(), 0, 600_000)),
                Duration.ofSeconds(o.integer("idleTimeoutSeconds", d.idleTimeout().toSeconds(), 1, 3600)),
                o.integer("minRequestBytesPerSecond", d.minRequestBytesPerSecond(), 0, Integer.MAX_VALUE),
                Duration.ofSeconds(o.integer("requestReadTimeoutSeconds", d.requestReadTimeout().toSeconds(), 1, 3600)),
                (int) o.integer("maxThreads", d.maxThreads(), 4, 10_000),
                Duration.ofSeconds(o.integer("shutdownGraceSeconds", d.shutdownGrace().toSeconds(), 0, 3600)));
    }

    private static SharedState sharedState(ConfigObject o) throws ServerConfigException {
        o.only("redis", "keyPrefix", "timeoutMillis");
        if (!o.has("redis")) {
            throw o.error("redis", "is required: the Redis URL, e.g. \"redis://127.0.0.1:6379/0\" (leave sharedState out to keep"
                    + " the state in this process)");
        }
        String url = o.string("redis", "");
        String prefix = o.string("keyPrefix", dev.mandate.state.redis.RedisSettings.DEFAULT_PREFIX);
        Duration timeout = Duration.ofMillis(o.integer("timeoutMillis",
                dev.mandate.state.redis.RedisSettings.DEFAULT_TIMEOUT.toMillis(), 1, 60_000));
        try {
            dev.mandate.state.redis.RedisSettings.of(url);
        } catch (IllegalArgumentException e) {
            throw o.error("redis", e.getMessage());
        }
        try {
            return new SharedState.Redis(new dev.mandate.state.redis.RedisSettings(url, prefix, timeout));
        } catch (IllegalArgumentException e) {
            throw o.error("keyPrefix", e.getMessage());
        }
    }

    private ChallengeConfig challenges(ConfigObject o) throws ServerConfigException {
        o.only("ttlSeconds", "maxOutstanding", "requireIssued");
        ChallengeConfig d = ChallengeConfig.defaults();
        return new ChallengeConfig(Duration.ofSeconds(o.integer("ttlSeconds", d.ttl().toSeconds(), 1, 86_400)),
                (int) o.integer("maxOutstanding", d.maxOutstanding(), 1, 10_000_000),
                o.bool("requireIssued", d.requireIssued()));
    }

    private AuditConfig audit(ConfigObject o) throws ServerConfigException {
        o.only("maxUnpersistedSeconds", "onFailure");
        AuditConfig d = AuditConfig.defaults();
        String onFailure = o.string("onFailure", "deny");
        if (!onFailure.equals("deny") && !onFailure.equals("allow")) {
            throw o.error("onFailure", "must be \"deny\" (answer 503 when a decision cannot be written to the audit log in time)"
                    + " or \"allow\" (answer anyway; decisions may be lost)");
        }
        return new AuditConfig(Duration.ofSeconds(o.integer("maxUnpersistedSeconds", d.maxUnpersisted().toSeconds(), 1, 600)),
                onFailure.equals("allow"));
    }

    private VerifierConfig verifier(ConfigObject o) throws ServerConfigException {
        o.only("issuerMustControlProofKey", "clockSkewSeconds", "cacheSeconds", "cacheEntries", "trustedIssuers", "statusStreams",
                "maxStatusStalenessSeconds", "maxDiscoveredStatusStreams", "cacheStatusKilobytes");
        VerifierConfig d = VerifierConfig.defaults();
        return new VerifierConfig(o.bool("issuerMustControlProofKey", d.issuerMustControlProofKey()),
                Duration.ofSeconds(o.integer("clockSkewSeconds", d.clockSkew().toSeconds(), 0, 3600)),
                Duration.ofSeconds(o.integer("cacheSeconds", d.cacheTtl().toSeconds(), 0, 3600)),
                (int) o.integer("cacheEntries", d.cacheEntries(), 0, 10_000_000),
                o.has("trustedIssuers") ? trustedIssuers(o.strings("trustedIssuers")) : List.of(),
                o.has("statusStreams") ? streams(o, o.strings("statusStreams")) : List.of(),
                Duration.ofSeconds(o.integer("maxStatusStalenessSeconds", d.maxStatusStaleness().toSeconds(), 1, 3600)),
                (int) o.integer("maxDiscoveredStatusStreams", d.maxDiscoveredStatusStreams(), 0, 1000),
                (int) o.integer("cacheStatusKilobytes", d.cacheStatusKilobytes(), 0, VerifierConfig.MAX_CACHE_STATUS_KILOBYTES));
    }

    private static List<String> streams(ConfigObject o, List<String> urls) throws ServerConfigException {
        for (int i = 0; i < urls.size(); i++) {
            String u = urls.get(i);
            java.net.URI uri;
            try {
                uri = new java.net.URI(u);
            } catch (java.net.URISyntaxException e) {
                throw o.error("statusStreams[" + i + "]", "'" + clip(u) + "' is not a URL");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw o.error("statusStreams[" + i + "]", "'" + clip(u) + "' is not an http(s) URL; give an issuer's event stream,"
                        + " e.g. https://issuer.example/status-lists/events");
            }
        }
        return urls;
    }

    private static List<String> trustedIssuers(List<String> dids) throws ServerConfigException {
        for (int i = 0; i < dids.size(); i++) {
            String d = dids.get(i);
            java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(d);
            if (problem.isPresent()) {
                throw new ServerConfigException("verifier.trustedIssuers[" + i + "]: '" + clip(d) + "': " + problem.get()
                        + "; write the issuer's full DID");
            }
        }
        return dids;
    }

    /** Refuses a configured DID that is not a DID by the ABNF or (did:key, did:jwk) not a supported key, naming field and value. */
    private static void checkDid(ConfigObject o, String field, String did, String remedy) throws ServerConfigException {
        java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(did);
        if (problem.isPresent()) {
            throw o.error(field, "'" + clip(did) + "': " + problem.get() + "; " + remedy);
        }
    }

    private static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 120 ? t : t.substring(0, 120) + "...";
    }

    private ResolverConfig resolver(ConfigObject o) throws ServerConfigException {
        o.only("allowLoopback", "allowPrivateNetworks", "trustedCertificates", "timeoutSeconds");
        ResolverConfig d = ResolverConfig.defaults();
        List<Path> certs = new ArrayList<>();
        List<String> files = o.strings("trustedCertificates");
        for (String f : files) {
            certs.add(baseDir.resolve(f).normalize());
        }
        return new ResolverConfig(o.bool("allowLoopback", d.allowLoopback()), o.bool("allowPrivateNetworks", d.allowPrivateNetworks()),
                certs, Duration.ofSeconds(o.integer("timeoutSeconds", d.timeout().toSeconds(), 1, 120)));
    }

    private AccessLog accessLog(ConfigObject parent) throws ServerConfigException {
        JsonValue v = parent.json.get("accessLog");
        if (v instanceof JsonString s) {
            switch (s.getString()) {
                case "stderr":
                    return new AccessLog.Stderr();
                case "off":
                    return new AccessLog.Off();
                default:
                    throw parent.error("accessLog", "must be \"stderr\", \"off\" or {\"file\": PATH}");
            }
        }
        ConfigObject o = parent.object("accessLog");
        o.only("file");
        return new AccessLog.File(path(o, "file"));
    }

    private Path path(ConfigObject o, String field) throws ServerConfigException {
        String s = o.requiredString(field);
        if (s.isEmpty() || s.indexOf('\0') >= 0) {
            throw o.error(field, "is not a file path");
        }
        if (s.startsWith("~/")) {
            return dev.mandate.did.keystore.UserHome.get().resolve(s.substring(2)).normalize();
        }
        try {
            return baseDir.resolve(s).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw o.error(field, "is not a file path");
        }
    }
}
