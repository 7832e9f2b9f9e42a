package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuditConfig;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.SecretSource;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.SharedState;
import dev.mandate.server.config.Tls;
import dev.mandate.server.config.Token;
import dev.mandate.server.config.VerifierConfig;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON configuration file: the documented example parses, and each mistake is named precisely. */
class ConfigTest {
    @TempDir
    Path dir;

    /** The example in docs/server.md, between the marker and the end of its code block. */
    static String documentedExample() throws Exception {
        String md = Files.readString(Path.of("..", "docs", "server.md"));
        int marker = md.indexOf("<!-- example-config -->");
        assertTrue(marker > 0, "docs/server.md has no example-config marker");
        int start = md.indexOf("```json\n", marker) + "```json\n".length();
        int end = md.indexOf("\n```", start);
        return md.substring(start, end);
    }

    @Test
    void theDocumentedExampleParsesToWhatItSays() throws Exception {
        Path file = Files.writeString(dir.resolve("server.json"), documentedExample());
        ServerConfig c = ServerConfig.load(file);
        assertEquals("0.0.0.0", c.bind());
        assertEquals(8443, c.port());
        assertEquals(new Tls.Pem(dir.resolve("tls/server.crt.pem"), dir.resolve("tls/server.key.pem")), c.tls());
        assertEquals(dir.resolve("keystore"), c.keyStore().path());
        assertEquals(new SecretSource.FromFile(dir.resolve("keystore.pass")), c.keyStore().passphrase());
        IssuerConfig org = c.issuers().get(0);
        assertEquals("org", org.name());
        assertEquals("did:web:example.com", org.did());
        assertEquals(Duration.ofMinutes(15), org.validFor());
        assertTrue(org.isDefault());
        assertEquals("", c.issuers().get(1).did());
        assertEquals(new HostedDid.FromKey("did:web:example.com", "org"), c.didWeb().get(0));
        assertEquals(new HostedDid.FromFile("did:web:example.com:agents:procurement", dir.resolve("procurement-did.json")), c.didWeb().get(1));
        assertEquals(3, c.auth().tokens().size());
        assertEquals(Set.of("issue:ops"), c.auth().tokens().get(1).scopes());
        assertEquals(Set.of("verify", "resolve", "metrics"), c.auth().open());
        assertEquals(1048576, c.limits().maxBodyBytes());
        assertEquals(Duration.ofSeconds(5), c.limits().maxQueueWait());
        assertEquals(8, c.limits().maxConcurrentRequests());
        assertEquals(1024, c.limits().minRequestBytesPerSecond());
        assertEquals(Duration.ofSeconds(10), c.limits().requestReadTimeout());
        assertEquals(new AccessLog.File(dir.resolve("logs/access.jsonl")), c.accessLog());
        assertEquals(Duration.ofMinutes(5), c.challenges().ttl());
        assertEquals(AuditConfig.defaults(), c.audit(), "fail closed after 5 s unless configured");
        assertEquals(Duration.ofSeconds(60), c.verifier().cacheTtl());
    }

    @Test
    void theDocumentedSharedStateExampleParses() throws Exception {
        String md = Files.readString(Path.of("..", "docs", "server.md"));
        int marker = md.indexOf("<!-- example-shared-state -->");
        assertTrue(marker > 0, "docs/server.md has no example-shared-state marker");
        int start = md.indexOf("```json\n", marker) + "```json\n".length();
        ServerConfig c = ServerConfig.parse(md.substring(start, md.indexOf("\n```", start)), dir);
        assertEquals(new SharedState.Redis(new dev.mandate.state.redis.RedisSettings("redis://127.0.0.1:6379/0",
                "gateway-eu:", Duration.ofMillis(500))), c.sharedState());
    }

    @Test
    void sharedStateInRedisIsReadWithItsPrefixAndTimeout() throws Exception {
        assertEquals(new SharedState.InProcess(), ServerConfig.parse("{}", dir).sharedState());
        ServerConfig c = ServerConfig.parse("{\"sharedState\": {\"redis\": \"redis://127.0.0.1:6379/0\"}}", dir);
        assertEquals(new SharedState.Redis(dev.mandate.state.redis.RedisSettings.of("redis://127.0.0.1:6379/0")), c.sharedState());
        ServerConfig d = ServerConfig.parse("{\"sharedState\": {\"redis\": \"rediss://:pw-secret@127.0.0.1:6380/1\","
                + " \"keyPrefix\": \"prod-eu:\", \"timeoutMillis\": 250}}", dir);
        var r = ((SharedState.Redis) d.sharedState()).settings();
        assertEquals("prod-eu:", r.keyPrefix());
        assertEquals(Duration.ofMillis(250), r.timeout());
        assertFalse(d.toString().contains("pw-secret"), "the configuration's string form hides the Redis password");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> ServerConfig.parse(
                "{\"sharedState\": {\"redis\": \"redis://:pw-secret@127.0.0.1:6379/77\"}}", dir));
        assertFalse(e.getMessage().contains("pw-secret"), e.getMessage());
    }

    @Test
    void theAuditSectionSetsTheBoundAndTheFailureMode() throws Exception {
        ServerConfig c = ServerConfig.parse("{\"audit\": {\"maxUnpersistedSeconds\": 2, \"onFailure\": \"allow\"}}", dir);
        assertEquals(new AuditConfig(Duration.ofSeconds(2), true), c.audit());
        assertEquals(c.audit(), c.withPort(1).withLimits(c.limits()).audit(), "with... keeps the audit settings");
    }

    @Test
    void statusStreamsAndTheirStalenessBoundAreRead() throws Exception {
        ServerConfig c = ServerConfig.parse("{\"verifier\": {\"statusStreams\": [\"https://issuer.example/status-lists/events\"],"
                + " \"maxStatusStalenessSeconds\": 3, \"trustedIssuers\": [\"did:web:issuer.example\"], \"maxDiscoveredStatusStreams\": 0}}", dir);
        assertEquals(List.of("https://issuer.example/status-lists/events"), c.verifier().statusStreams());
        assertEquals(0, c.verifier().maxDiscoveredStatusStreams());
        assertEquals(16, ServerConfig.defaults().verifier().maxDiscoveredStatusStreams());
        assertEquals(Duration.ofSeconds(3), c.verifier().maxStatusStaleness());
        assertEquals(Duration.ofSeconds(10), ServerConfig.defaults().verifier().maxStatusStaleness());
        assertEquals(c.verifier().trustedIssuers(), c.verifier().withCache(Duration.ZERO, 0).trustedIssuers(), "withCache keeps the rest");
        assertEquals(4096, c.verifier().cacheStatusKilobytes(), "the default: 4 MB of requests kept with their views");
        VerifierConfig roomy = ServerConfig.parse("{\"verifier\": {\"cacheStatusKilobytes\": 65536}}", dir).verifier();
        assertEquals(65536, roomy.cacheStatusKilobytes());
        assertEquals(65536, roomy.withCache(Duration.ofSeconds(5), 10).cacheStatusKilobytes(), "withCache keeps it");
        ServerConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(ServerConfigException.class, () -> MandateServer.start(
                ServerConfig.defaults().withPort(0).withAccessLog(new AccessLog.Off()).withVerifier(new VerifierConfig(true,
                        Duration.ofSeconds(5), Duration.ZERO, 0, List.of(), List.of("https://10.1.2.3/status-lists/events"), Duration.ofSeconds(5)))));
        assertTrue(refused.getMessage().startsWith("verifier.statusStreams[0]: "), refused.getMessage());
    }

    @Test
    void anEmptyObjectIsTheDefaults() throws Exception {
        assertEquals(ServerConfig.defaults(), ServerConfig.parse("{}", dir));
    }

    @Test
    void theDefaultLimitsFollowTheProcessorsAndBoundHowLongARequestMayTakeToArrive() throws Exception {
        Limits d = Limits.defaults();
        assertEquals(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), d.maxConcurrentRequests());
        assertEquals(Duration.ofSeconds(10), d.requestReadTimeout());
        assertEquals(1024, d.minRequestBytesPerSecond());
        Limits set = ServerConfig.parse("{\"limits\": {\"requestReadTimeoutSeconds\": 30, \"maxConcurrentRequests\": 3,"
                + " \"minRequestBytesPerSecond\": 0}}", dir).limits();
        assertEquals(Duration.ofSeconds(30), set.requestReadTimeout());
        assertEquals(3, set.maxConcurrentRequests());
        assertEquals(0, set.minRequestBytesPerSecond());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"prot\": 1}|prot: unknown field",
        "{\"port\": 70000}|port: must be 0 to 65535 (is 70000)",
        "{\"port\": \"80\"}|port: must be a whole number",
        "{\"limits\": {\"maxBody\": 5}}|limits.maxBody: unknown field",
        "{\"limits\": {\"maxBodyBytes\": 0}}|limits.maxBodyBytes: must be 1 to",
        "{\"limits\": {\"requestReadTimeoutSeconds\": 0}}|limits.requestReadTimeoutSeconds: must be 1 to 3600 (is 0)",
        "{\"limits\": {\"requestReadTimeoutSeconds\": 1.5}}|limits.requestReadTimeoutSeconds: must be a whole number",
        "{\"limits\": {\"minRequestBytesPerSecond\": -1}}|limits.minRequestBytesPerSecond: must be 0 to",
        "{\"limits\": {\"maxConcurrentRequests\": 0}}|limits.maxConcurrentRequests: must be 1 to 100000 (is 0)",
        "{\"issuers\": [{\"name\": \"a b\", \"key\": \"k\"}]}|issuers[0].name: use 1 to 64 characters",
        "{\"issuers\": [{\"name\": \"a\"}]}|issuers[0].key: is required",
        "{\"issuers\": [{\"name\": \"a\", \"key\": \"k\"}, {\"name\": \"a\", \"key\": \"k\"}]}|issuers[1].name: two issuers are named 'a'",
        "{\"issuers\": [{\"name\": \"a\", \"key\": \"k\", \"default\": true}, {\"name\": \"b\", \"key\": \"k\", \"default\": true}]}|issuers: more than one issuer",
        "{\"issuers\": [{\"name\": \"a\", \"key\": \"k\", \"did\": \"example.com\"}]}|issuers[0].did: must be a DID",
        "{\"didWeb\": [{\"did\": \"did:key:z6Mk\", \"key\": \"k\"}]}|didWeb[0].did: only did:web documents can be hosted",
        "{\"didWeb\": [{\"did\": \"did:web:a.example\"}]}|didWeb[0].key: give either key",
        "{\"didWeb\": [{\"did\": \"did:web:127.1\", \"key\": \"k\"}]}|didWeb[0].did: 'did:web:127.1': not a valid did:web (host '127.1' is not a canonical IPv4 address",
        "{\"issuers\": [{\"name\": \"a\", \"key\": \"k\", \"did\": \"did:key:z6Mk\u2026\"}]}|issuers[0].did: 'did:key:z6Mk\u2026': not a DID (the method-specific id has a character that is not allowed",
        "{\"issuers\": [{\"name\": \"a\", \"key\": \"k\", \"did\": \"did:key:ORG\"}]}|issuers[0].did: 'did:key:ORG': not a valid did:key (",
        "{\"verifier\": {\"trustedIssuers\": [\"did:web:example.com\", \"did:key:z6Mk...\"]}}|verifier.trustedIssuers[1]: 'did:key:z6Mk...': not a valid did:key (",
        "{\"verifier\": {\"trustedIssuers\": [\"not a did\"]}}|verifier.trustedIssuers[0]: 'not a did': not a DID (a DID starts with 'did:'); write the issuer's full DID",
        "{\"auth\": {\"open\": [\"issue\"]}}|auth.open: issuing can never be open",
        "{\"auth\": {\"open\": [\"everything\"]}}|auth.open: unknown endpoint group 'everything'",
        "{\"auth\": {\"tokens\": [{\"name\": \"t\", \"sha256\": \"abc\", \"scopes\": [\"issue\"]}]}}|auth.tokens[0].sha256: must be the 64 hex digits",
        "{\"auth\": {\"tokens\": [{\"name\": \"t\", \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\", \"scopes\": [\"admin\"]}]}}|auth.tokens[0].scopes: unknown scope 'admin'",
        "{\"tls\": {\"certificate\": \"c.pem\"}}|tls.certificate: TLS needs certificate and privateKey",
        "{\"tls\": {\"pkcs12\": \"s.p12\", \"certificate\": \"c.pem\"}}|tls.pkcs12: give either pkcs12",
        "{\"keyStore\": {\"passphraseFile\": \"p\", \"passphraseEnv\": \"X\"}}|keyStore.passphraseFile: give passphraseFile or passphraseEnv, not both",
        "{\"accessLog\": \"syslog\"}|accessLog: must be \"stderr\", \"off\" or {\"file\": PATH}",
        "{\"verifier\": {\"issuerMustControlProofKey\": \"no\"}}|verifier.issuerMustControlProofKey: must be true or false",
        "{\"sharedState\": {}}|sharedState.redis: is required: the Redis URL",
        "{\"sharedState\": {\"redis\": \"http://127.0.0.1:6379\"}}|sharedState.redis: 'http://127.0.0.1:6379' is not a Redis URL; expected redis://",
        "{\"sharedState\": {\"redis\": \"redis://u:hunter22@127.0.0.1:70000/0\"}}|sharedState.redis: 'redis://***@127.0.0.1:70000/0' is not a usable Redis URL",
        "{\"sharedState\": {\"redis\": \"redis://127.0.0.1\", \"keyPrefix\": \"a b\"}}|sharedState.keyPrefix: the Redis key prefix 'a b' must be",
        "{\"sharedState\": {\"redis\": \"redis://127.0.0.1\", \"timeoutMillis\": 0}}|sharedState.timeoutMillis:",
        "{\"sharedState\": {\"redis\": \"redis://127.0.0.1\", \"fallback\": \"local\"}}|sharedState.fallback: unknown field",
        "{\"audit\": {\"onFailure\": \"ignore\"}}|audit.onFailure: must be \"deny\"",
        "{\"audit\": {\"maxUnpersistedSeconds\": 0}}|audit.maxUnpersistedSeconds: must be 1 to 600",
        "{\"audit\": {\"maxUnpersisted\": 5}}|audit.maxUnpersisted: unknown field",
        "{\"verifier\": {\"statusStreams\": [\"ftp://issuer.example/events\"]}}|verifier.statusStreams[0]: 'ftp://issuer.example/events' is not an http(s) URL",
        "{\"verifier\": {\"maxStatusStalenessSeconds\": 0}}|verifier.maxStatusStalenessSeconds: must be 1 to 3600",
        "{\"verifier\": {\"maxDiscoveredStatusStreams\": -1}}|verifier.maxDiscoveredStatusStreams: must be 0 to 1000",
        "{\"verifier\": {\"cacheStatusKilobytes\": -1}}|verifier.cacheStatusKilobytes: must be 0 to 1048576",
        "{\"verifier\": {\"cacheStatusKilobytes\": \"4MB\"}}|verifier.cacheStatusKilobytes:",
        "[]|the configuration must be a JSON object",
        "{\"a\":|input is not JSON",
    })
    void mistakesAreNamedByField(String json, String expected) {
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> ServerConfig.parse(json, dir));
        assertTrue(e.getMessage().startsWith(expected), () -> "expected '" + expected + "...' but got: " + e.getMessage());
    }

    @Test
    void aConfigFileErrorNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"port\": -1}");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> ServerConfig.load(file));
        assertEquals(file + ": port: must be 0 to 65535 (is -1)", e.getMessage());
        ServerConfigException missing = assertThrows(ServerConfigException.class, () -> ServerConfig.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("cannot read the configuration file"), missing.getMessage());
    }

    @Test
    void secretsComeFromAFileOrTheEnvironmentAndAreNeverShown() throws Exception {
        Path f = Files.writeString(dir.resolve("pass"), "s3cret phrase\nignored second line");
        assertEquals("s3cret phrase", new String(new SecretSource.FromFile(f).read(java.util.Map.of())));
        assertEquals("v", new String(new SecretSource.FromEnv("X").read(java.util.Map.of("X", "v"))));
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> new SecretSource.FromEnv("X").read(java.util.Map.of()));
        assertEquals("environment variable X is not set", e.getMessage());
        assertFalse(new SecretSource.FromFile(f).describe().contains("s3cret"));
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThrows(ServerConfigException.class, () -> new SecretSource.FromFile(empty).read(java.util.Map.of()));
    }

    @Test
    void issuerKeysMustExistAndFitTheSuite() throws Exception {
        ServerConfig c = ServerConfig.defaults().withPort(0).withIssuers(java.util.List.of(IssuerConfig.of("a", "missing")));
        ServerConfigException e = assertThrows(ServerConfigException.class,
                () -> MandateServer.builder(c).keys(KeySource.of(java.util.Map.of())).accessLog(l -> { }).start());
        assertTrue(e.getMessage().startsWith("issuers[0].key: no key named 'missing'"), e.getMessage());
        ServerConfig wrongSuite = ServerConfig.defaults().withPort(0).withIssuers(java.util.List.of(
                IssuerConfig.of("a", "k").withCryptosuite("ecdsa-rdfc-2019")));
        ServerConfigException e2 = assertThrows(ServerConfigException.class, () -> MandateServer.builder(wrongSuite)
                .keys(KeySource.of(java.util.Map.of("k", TestSupport.ed25519()))).accessLog(l -> { }).start());
        assertTrue(e2.getMessage().startsWith("issuers[0].cryptosuite: ecdsa-rdfc-2019 cannot sign with key 'k'"), e2.getMessage());
        ServerConfig unknownSuite = ServerConfig.defaults().withPort(0).withIssuers(java.util.List.of(
                IssuerConfig.of("a", "k").withCryptosuite("eddsa-2099")));
        ServerConfigException e3 = assertThrows(ServerConfigException.class, () -> MandateServer.builder(unknownSuite)
                .keys(KeySource.of(java.util.Map.of("k", TestSupport.ed25519()))).accessLog(l -> { }).start());
        assertTrue(e3.getMessage().startsWith("issuers[0].cryptosuite: 'eddsa-2099' is not a cryptosuite"), e3.getMessage());
    }

    @Test
    void aPortInUseIsAnIoErrorNamingTheAddress() throws Exception {
        try (MandateServer first = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start()) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> MandateServer.builder(
                    ServerConfig.defaults().withPort(first.port())).accessLog(l -> { }).start());
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + first.port()), e.getMessage());
        }
    }

    @Test
    void tokenHashesAreSha256HexAndCompareOnlyTheWholeToken() {
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Token.hash("test"));
        AccessTokens tokens = new AccessTokens(new AuthConfig(java.util.List.of(
                new Token("t", Token.hash("test"), Set.of("issue"))), Set.of()));
        assertTrue(tokens.find("test").isPresent());
        assertTrue(tokens.find("tes").isEmpty());
        assertTrue(tokens.find("test ").isEmpty());
        assertTrue(tokens.find("").isEmpty());
        assertTrue(tokens.find("x".repeat(5000)).isEmpty());
    }
}
