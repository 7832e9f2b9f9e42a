package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.cli.demo.LocalHttpsServer;
import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidCommandsTest {
    /** did:key test vector (Ed25519) from the did:key spec. */
    static final String ED_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(dir);
    }

    private JsonObject ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.json();
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one error line: " + r.err());
        assertTrue(r.err().startsWith("mandate: ") && r.err().contains("; "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        return r;
    }

    @ParameterizedTest
    @CsvSource({"Ed25519,did:key:z6Mk", "P-256,did:key:zDna", "P-384,did:key:z82L", "secp256k1,did:key:zQ3s"})
    void didKeyOfEveryKeyTypeResolvesToItsKey(String type, String prefix) {
        String mk = ok("key", "generate", "--type", type, "--name", "k").getString("publicKeyMultibase");
        JsonObject created = ok("did", "create", "--key", "k", "--method", "key");
        String did = created.getString("did");
        assertEquals("did:key:" + mk, did);
        assertTrue(did.startsWith(prefix));
        assertEquals("key", created.getString("method"));
        assertEquals("k", created.getString("key"));
        assertFalse(created.containsKey("didDocumentFile"));

        JsonObject resolved = ok("did", "resolve", did);
        JsonObject doc = resolved.getJsonObject("didDocument");
        assertEquals(did, doc.getString("id"));
        assertEquals(mk, doc.getJsonArray("verificationMethod").getJsonObject(0).getString("publicKeyMultibase"));
        assertEquals("application/did+ld+json", resolved.getJsonObject("didResolutionMetadata").getString("contentType"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ed25519", "P-384"})
    void didJwkResolvesToTheSameJwk(String type) {
        JsonObject key = ok("key", "generate", "--type", type, "--name", "k");
        String did = ok("did", "create", "--key", "k", "--method", "jwk").getString("did");
        assertTrue(did.startsWith("did:jwk:eyJ"), did);
        JsonObject doc = ok("did", "resolve", did).getJsonObject("didDocument");
        JsonObject jwk = doc.getJsonArray("verificationMethod").getJsonObject(0).getJsonObject("publicKeyJwk");
        assertEquals(key.getJsonObject("publicKeyJwk").getString("x"), jwk.getString("x"));
    }

    @Test
    void outWritesTheDocumentForDidKeyToo() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "k");
        JsonObject created = ok("did", "create", "--key", "k", "--method", "key", "--out", "docs/k.json");
        Path file = cli.workDir.resolve("docs/k.json");
        assertEquals(file.toString(), created.getString("didDocumentFile"));
        assertTrue(Files.readString(file).contains(created.getString("did")));
    }

    @Test
    void didWebWritesDidJsonAndItResolvesFromAnHttpsHost() throws Exception {
        JsonObject key = ok("key", "generate", "--type", "P-256", "--name", "org");
        Path site = Files.createDirectories(dir.resolve("site"));
        try (LocalHttpsServer server = LocalHttpsServer.start(site)) {
            String url = "https://localhost:" + server.port() + "/agents/org";
            JsonObject created = ok("did", "create", "--key", "org", "--method", "web", "--url", url,
                    "--out", site.resolve("agents/org/did.json").toString());
            String did = created.getString("did");
            assertEquals("did:web:localhost%3A" + server.port() + ":agents:org", did);
            assertEquals(url + "/did.json", created.getString("didDocumentUrl"));
            assertTrue(Files.isRegularFile(site.resolve("agents/org/did.json")));

            Path pem = dir.resolve("server.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(server.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");

            JsonObject resolved = ok("did", "resolve", did, "--allow-private-networks", "--trust-cert", pem.toString());
            JsonObject doc = resolved.getJsonObject("didDocument");
            assertEquals(did, doc.getString("id"));
            assertEquals(key.getString("publicKeyMultibase"),
                    doc.getJsonArray("verificationMethod").getJsonObject(0).getString("publicKeyMultibase"));

            String vmId = doc.getJsonArray("verificationMethod").getJsonObject(0).getString("id");
            JsonObject deref = ok("did", "resolve", vmId, "--allow-private-networks", "--trust-cert", pem.toString());
            assertEquals(vmId, deref.getJsonObject("contentStream").getString("id"));

            // The same DID without permission for loopback: refused before any connection (SSRF), exit 3.
            CliHarness.Result refused = fails(ExitCode.DEPENDENCY, "did", "resolve", did);
            assertTrue(refused.err().contains("internalError: " + did + " could not be resolved: the host is not reachable or not allowed"),
                    refused.err());
            assertTrue(refused.err().contains("--allow-private-networks"), refused.err());
            assertEquals("internalError", refused.json().getJsonObject("didResolutionMetadata").getString("error"));

            // Not trusting the self-signed certificate: TLS fails, exit 3.
            CliHarness.Result untrusted = fails(ExitCode.DEPENDENCY, "did", "resolve", did, "--allow-private-networks");
            assertTrue(untrusted.err().contains("--trust-cert"), untrusted.err());

            // No document at that path: notFound, exit 1.
            String missing = "did:web:localhost%3A" + server.port() + ":nobody";
            CliHarness.Result nf = fails(ExitCode.NEGATIVE, "did", "resolve", missing, "--allow-private-networks",
                    "--trust-cert", pem.toString());
            assertTrue(nf.err().contains("notFound"), nf.err());
            assertEquals("notFound", nf.json().getJsonObject("didResolutionMetadata").getString("error"));
        }
    }

    @Test
    void plainHttpOnlyOnLoopbackAndOnlyWhenAllowed() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        String did = "did:web:localhost%3A" + http.getAddress().getPort();
        Path doc = dir.resolve("did.json");
        ok("did", "create", "--key", "org", "--method", "web", "--url", "https://localhost:" + http.getAddress().getPort(),
                "--out", doc.toString());
        byte[] body = Files.readAllBytes(doc);
        http.createContext("/.well-known/did.json", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        http.start();
        try {
            JsonObject r = ok("did", "resolve", did, "--allow-http-loopback");
            assertEquals(did, r.getJsonObject("didDocument").getString("id"));
            fails(ExitCode.DEPENDENCY, "did", "resolve", did);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aSilentHostTimesOutWithExit3() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            String did = "did:web:localhost%3A" + silent.getLocalPort();
            long start = System.nanoTime();
            CliHarness.Result r = fails(ExitCode.DEPENDENCY, "did", "resolve", did, "--allow-private-networks", "--timeout", "500ms");
            assertTrue(System.nanoTime() - start < 30_000_000_000L, "no hang");
            assertTrue(r.err().contains("internalError"), r.err());
        }
    }

    @Test
    void dereferencingADidUrl() {
        String vm = ED_DID + "#" + ED_DID.substring("did:key:".length());
        JsonObject r = ok("did", "resolve", vm);
        assertEquals(vm, r.getJsonObject("contentStream").getString("id"));
        assertEquals("Multikey", r.getJsonObject("contentStream").getString("type"));

        CliHarness.Result missing = fails(ExitCode.NEGATIVE, "did", "resolve", ED_DID + "#nope");
        assertTrue(missing.err().startsWith("mandate: " + ED_DID + "#nope: notFound: "), missing.err());
        assertEquals("notFound", missing.json().getJsonObject("dereferencingMetadata").getString("error"));

        CliHarness.Result bad = fails(ExitCode.USAGE, "did", "resolve", ED_DID + "#a b");
        assertTrue(bad.err().contains("invalidDidUrl"), bad.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "did:key:z6Mk!notbase58|invalidDid",
        "not-a-did|invalidDid",
        "did:Example:123|invalidDid",
        "did:unknown:123|methodNotSupported",
        "did:key:z2DQV12UmiXK9LZtC9z92RqnnQwAk9Qm241B9iy55AxtU2K|invalidPublicKeyLength",
        "did:key:zDnaeQRy3dcKsKa1zmKtVKsTy3m2HYoQnFnfKuxD6HfSTQgYg|invalidPublicKey",
        "did:web:exa_mple.com|invalidDid"})
    void malformedDidsExit2WithTheirErrorCode(String did, String code) {
        CliHarness.Result r = fails(ExitCode.USAGE, "did", "resolve", did);
        assertEquals(code, r.json().getJsonObject("didResolutionMetadata").getString("error"));
        assertTrue(r.err().startsWith("mandate: " + did + ": " + code + ": "), r.err());
    }

    @Test
    void aVeryLongDidIsCutInTheErrorLine() {
        String did = "did:key:z" + "1".repeat(20_000);
        CliHarness.Result r = fails(ExitCode.USAGE, "did", "resolve", did);
        assertTrue(r.err().length() < 2000, "bounded error line: " + r.err().length());
    }

    @Test
    void createRefusesBadArguments() {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        assertTrue(fails(ExitCode.USAGE, "did", "create", "--key", "org", "--method", "web").err().contains("needs --url"));
        for (String url : new String[] {"http://example.com", "https://example.com/?q=1", "https://user@example.com",
                "https://exa_mple.com", "not a url", "https://example.com/#frag", "https://example.com/a/../b"}) {
            CliHarness.Result r = fails(ExitCode.USAGE, "did", "create", "--key", "org", "--method", "web", "--url", url);
            assertTrue(r.err().startsWith("mandate: --url "), r.err());
        }
        assertTrue(fails(ExitCode.USAGE, "did", "create", "--key", "org", "--method", "key", "--url", "https://example.com")
                .err().contains("only did:web uses --url"));
        assertTrue(fails(ExitCode.USAGE, "did", "create", "--key", "org", "--method", "peer").err()
                .contains("expected one of [key, jwk, web]"));
        assertTrue(fails(ExitCode.NEGATIVE, "did", "create", "--key", "nobody", "--method", "key").err()
                .contains("no such key"));
        Path blocker = cli.workDir.resolve("file");
        try {
            Files.createDirectories(cli.workDir);
            Files.writeString(blocker, "x");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(fails(ExitCode.USAGE, "did", "create", "--key", "org", "--method", "web", "--url", "https://example.com",
                "--out", "file/did.json").err().contains("cannot write the DID document"));
    }

    @Test
    void didWebDefaultsToDidJsonInTheWorkingDirectory() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        JsonObject created = ok("did", "create", "--key", "org", "--method", "web", "--url", "https://example.com");
        assertEquals("did:web:example.com", created.getString("did"));
        assertEquals("https://example.com/.well-known/did.json", created.getString("didDocumentUrl"));
        assertEquals(cli.workDir.resolve("did.json").toString(), created.getString("didDocumentFile"));
        assertTrue(Files.readString(cli.workDir.resolve("did.json")).contains("\"id\": \"did:web:example.com\""));
    }

    @Test
    void resolveOptionsAreValidated() throws Exception {
        assertTrue(fails(ExitCode.USAGE, "did", "resolve", ED_DID, "--timeout", "soon").err().contains("not a duration"));
        assertTrue(fails(ExitCode.USAGE, "did", "resolve", ED_DID, "--timeout", "0s").err().contains("more than 0"));
        assertEquals(0, cli.run("did", "resolve", ED_DID, "--timeout", "PT2S").exit());
        assertEquals(0, cli.run("did", "resolve", ED_DID, "--timeout", "1500ms").exit());
        assertTrue(fails(ExitCode.USAGE, "did", "resolve", ED_DID, "--trust-cert", "missing.pem").err()
                .contains("cannot read the certificate file (no such file)"));
        Path notPem = dir.resolve("cwd/not.pem");
        Files.createDirectories(notPem.getParent());
        Files.writeString(notPem, "hello");
        assertTrue(fails(ExitCode.USAGE, "did", "resolve", ED_DID, "--trust-cert", "not.pem").err()
                .contains("not an X.509 certificate"));
        fails(ExitCode.USAGE, "did", "resolve");
    }

    @Test
    void resolvingNeedsNoKeyStoreOrPassphrase() {
        cli.env.remove(CliEnvironment.PASSPHRASE_VAR);
        assertEquals(ED_DID, ok("did", "resolve", ED_DID).getJsonObject("didDocument").getString("id"));
    }

    /**
     * did:web hosts in short, decimal, octal and hex IPv4 spellings all denote 127.0.0.1 to some stack; the CLI
     * refuses them without connecting, with the same single message as a closed port, so `did resolve` (and an
     * open verifier behind it) is no port scanner.
     */
    @Test
    void numericIpSpellingsOfLoopbackAreRefusedWithoutConnectingAndWithOneMessage() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(1);
            int port = listener.getLocalPort();
            java.util.Set<String> messages = new java.util.HashSet<>();
            for (String host : java.util.List.of("127.1", "127.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "127.0.0.1")) {
                String did = "did:web:" + host + "%3A" + port;
                CliHarness.Result r = fails(3, "did", "resolve", did);
                messages.add(r.err().replace(did, "DID"));
            }
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            messages.add(fails(3, "did", "resolve", "did:web:127.0.0.1%3A" + closed).err().replace("did:web:127.0.0.1%3A" + closed, "DID"));
            assertEquals(1, messages.size(), "one message whatever the cause: " + messages);
            assertThrows(java.net.SocketTimeoutException.class, listener::accept, "no connection reached the listener");
        }
    }

    /** Issue 16: cli.md said IP hosts are refused for did:web; canonical IP literals are accepted, other spellings refused. */
    @Test
    void didWebAcceptsCanonicalIpHostsAndRefusesOtherSpellings() throws Exception {
        Files.createDirectories(cli.workDir);
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "ip").exit());
        CliHarness.Result v4 = cli.run("did", "create", "--key", "ip", "--method", "web", "--url", "https://127.0.0.1:8443/a", "--plain");
        assertEquals(0, v4.exit(), v4.toString());
        assertEquals("did:web:127.0.0.1%3A8443:a", v4.out().strip());
        CliHarness.Result v6 = cli.run("did", "create", "--key", "ip", "--method", "web", "--url", "https://[::1]/a", "--plain");
        assertEquals(0, v6.exit(), v6.toString());
        assertEquals(2, cli.run("did", "create", "--key", "ip", "--method", "web", "--url", "https://127.1/a").exit());
        assertEquals(2, cli.run("did", "create", "--key", "ip", "--method", "web", "--url", "https://2130706433/a").exit());
    }
}
