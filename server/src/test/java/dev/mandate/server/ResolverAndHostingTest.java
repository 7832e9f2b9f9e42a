package dev.mandate.server;

import static dev.mandate.server.TestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.web.DidWeb;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /1.0/identifiers/{did} (DID Resolution HTTP binding) and did:web document hosting. */
class ResolverAndHostingTest {
    static final String ORG = "did:web:example.com";
    static final String AGENT = "did:web:example.com:agents:procurement";
    static final String FILED = "did:web:example.com:files:signer";

    @TempDir
    static Path dir;

    static MandateServer server;
    static OkHttpClient client;
    static KeyMaterial orgKey = TestSupport.ed25519();
    static KeyMaterial agentKey = TestSupport.ed25519();
    static KeyMaterial fileKey = TestSupport.ed25519();
    static String didKey = DidKey.didFor(agentKey.publicKey());

    @BeforeAll
    static void start() throws Exception {
        Path doc = dir.resolve("signer-did.json");
        Files.writeString(doc, DidWeb.document(FILED, fileKey.publicKey()).toPrettyJson());
        ServerConfig config = ServerConfig.defaults().withPort(0).withDidWeb(List.of(
                new HostedDid.FromKey(ORG, "org"), new HostedDid.FromKey(AGENT, "agent"), new HostedDid.FromFile(FILED, doc)));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org", orgKey, "agent", agentKey))).accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Reply resolve(String id, String accept) {
        Request.Builder b = new Request.Builder().url(server.uri() + "1.0/identifiers/" + id);
        if (accept != null) {
            b.header("Accept", accept);
        }
        return TestSupport.call(client, b.get().build());
    }

    @Test
    void aDidKeyResolvesToTheResolutionResult() {
        Reply r = resolve(didKey, null);
        assertEquals(200, r.status(), r::toString);
        assertEquals("application/did-resolution", r.contentType());
        JsonObject result = r.json();
        assertEquals(didKey, result.getJsonObject("didDocument").getString("id"));
        assertEquals("application/did+ld+json", result.getJsonObject("didResolutionMetadata").getString("contentType"));
        assertTrue(result.containsKey("didDocumentMetadata"));
    }

    @Test
    void acceptDidJsonGivesTheDocumentAlone() {
        Reply r = resolve(didKey, "application/did+ld+json");
        assertEquals(200, r.status(), r::toString);
        assertEquals("application/did+ld+json", r.contentType());
        assertEquals(didKey, r.json().getString("id"));
        Reply result = resolve(didKey, "application/did-resolution");
        assertTrue(result.json().containsKey("didResolutionMetadata"));
    }

    @Test
    void aWhollyPercentEncodedDidIsDecodedOnce() {
        Reply r = resolve(URLEncoder.encode(didKey, StandardCharsets.UTF_8), null);
        assertEquals(200, r.status(), r::toString);
        assertEquals(didKey, r.json().getJsonObject("didDocument").getString("id"));
    }

    @Test
    void aDidUrlWithAFragmentIsDereferenced() {
        String vm = DidKey.verificationMethodId(agentKey.publicKey());
        Reply r = resolve(vm.replace("#", "%23"), null);
        assertEquals(200, r.status(), r::toString);
        JsonObject result = r.json();
        assertEquals(vm, result.getJsonObject("contentStream").getString("id"));
        Reply missing = resolve(didKey + "%23nope", null);
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("notFound", missing.json().getJsonObject("dereferencingMetadata").getString("error"));
    }

    @Test
    void anInvalidDidIs400() {
        Reply r = resolve("did:key:zNotAKey", null);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.json().getJsonObject("didResolutionMetadata").getString("error").startsWith("invalid"), r::toString);
        Reply notDid = resolve("hello", null);
        assertEquals(400, notDid.status(), notDid::toString);
        assertEquals("invalidDid", notDid.json().getJsonObject("didResolutionMetadata").getString("error"));
    }

    @Test
    void anUnsupportedMethodIs501() {
        Reply r = resolve("did:example:123", null);
        assertEquals(501, r.status(), r::toString);
        assertEquals("methodNotSupported", r.json().getJsonObject("didResolutionMetadata").getString("error"));
    }

    @Test
    void anUnacceptableRepresentationIs406() {
        Reply r = resolve(didKey, "text/html");
        assertEquals(406, r.status(), r::toString);
        assertEquals("representationNotSupported", r.json().getJsonObject("didResolutionMetadata").getString("error"));
    }

    @Test
    void aDidWebHostTheResolverMayNotContactIsADependencyFailure500() {
        Reply r = resolve("did:web:127.0.0.1%3A9", null);
        assertEquals(500, r.status(), r::toString);
        assertEquals("internalError", r.json().getJsonObject("didResolutionMetadata").getString("error"));
        assertEquals("did:web:127.0.0.1%3A9 could not be resolved: the host is not reachable or not allowed",
                r.json().getJsonObject("didResolutionMetadata").getString("errorMessage"));
    }

    @Test
    void aNonCanonicalAddressIsAnsweredLikeARefusedHost() {
        for (String host : List.of("127.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "127.0.1")) {
            String did = "did:web:" + host + "%3A9";
            Reply r = resolve(did, null);
            assertEquals(500, r.status(), r::toString);
            assertEquals("internalError", r.json().getJsonObject("didResolutionMetadata").getString("error"));
            assertEquals(did + " could not be resolved: the host is not reachable or not allowed",
                    r.json().getJsonObject("didResolutionMetadata").getString("errorMessage"));
        }
    }

    @Test
    void theOrganisationDocumentIsHostedAtTheWellKnownPath() throws Exception {
        Reply r = get(client, server, "/.well-known/did.json");
        assertEquals(200, r.status(), r::toString);
        assertEquals("application/did+ld+json", r.contentType());
        assertEquals("max-age=300", r.headers().get("Cache-Control"));
        DidDocument doc = DidDocument.parse(r.body());
        assertEquals(ORG, doc.id());
        assertEquals(orgKey.publicKey().toMultikey(), doc.verificationMethods().get(0).toJson().getString("publicKeyMultibase"));
    }

    @Test
    void pathDidsAndFileDocumentsAreHostedAtTheirPaths() throws Exception {
        Reply agent = get(client, server, "/agents/procurement/did.json");
        assertEquals(200, agent.status(), agent::toString);
        assertEquals(AGENT, DidDocument.parse(agent.body()).id());
        Reply filed = get(client, server, "/files/signer/did.json");
        assertEquals(200, filed.status(), filed::toString);
        assertEquals(FILED, DidDocument.parse(filed.body()).id());
        assertEquals(404, get(client, server, "/agents/other/did.json").status());
        Reply post = TestSupport.post(client, server, "/.well-known/did.json", "{}");
        assertEquals(405, post.status(), post::toString);
    }

    @Test
    void aDocumentWhoseIdIsAnotherDidIsAConfigurationError() throws Exception {
        Path doc = dir.resolve("wrong.json");
        Files.writeString(doc, DidWeb.document("did:web:other.example", fileKey.publicKey()).toPrettyJson());
        ServerConfig config = ServerConfig.defaults().withPort(0).withDidWeb(List.of(new HostedDid.FromFile("did:web:example.com", doc)));
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> MandateServer.builder(config).accessLog(l -> { }).start());
        assertTrue(e.getMessage().startsWith("didWeb[0].document: the document's id is did:web:other.example"), e.getMessage());
    }

    @Test
    void twoDidsAtTheSamePathAreAConfigurationError() {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDidWeb(List.of(
                new HostedDid.FromKey("did:web:a.example", "org"), new HostedDid.FromKey("did:web:b.example", "org")));
        ServerConfigException e = assertThrows(ServerConfigException.class,
                () -> MandateServer.builder(config).keys(KeySource.of(Map.of("org", orgKey))).accessLog(l -> { }).start());
        assertTrue(e.getMessage().contains("/.well-known/did.json"), e.getMessage());
    }
}
