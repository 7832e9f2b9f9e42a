package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.ServerConfig;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DID Resolution HTTP(S) binding as the did:key method and resolution clients use it: the JSON-LD
 * profile in Accept, the {@code publicKeyFormat} option and its errors, and DID URLs that hold {@code %2F}.
 */
class DidResolutionBindingTest {
    static final String PROFILE = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";
    static MandateServer server;
    static OkHttpClient client;
    static KeyMaterial ed = TestSupport.ed25519();
    static KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
    static String did = DidKey.didFor(ed.publicKey());

    @BeforeAll
    static void start() throws Exception {
        server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** GET with the identifier percent-encoded as a whole, as resolution clients send it. */
    static Reply resolve(String id, String query, String accept) {
        String url = server.uri() + "1.0/identifiers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
                + (query == null ? "" : "?" + query);
        return TestSupport.call(client, new Request.Builder().url(url).header("Accept", accept).get().build());
    }

    @Test
    void theJsonLdProfileIsAnsweredWithThatContentType() {
        Reply r = resolve(did, null, PROFILE);
        assertEquals(200, r.status(), r::toString);
        assertEquals(PROFILE, r.contentType());
        JsonObject result = r.json();
        assertEquals("https://w3id.org/did-resolution/v1", result.getString("@context"));
        assertEquals(did, result.getJsonObject("didDocument").getString("id"));
        assertTrue(result.containsKey("didDocumentMetadata") && result.containsKey("didResolutionMetadata"));

        Reply error = resolve("notDid:key:" + did.substring(8), null, PROFILE);
        assertEquals(400, error.status(), error::toString);
        assertEquals(PROFILE, error.contentType());
        JsonObject e = error.json();
        assertEquals("invalidDid", e.getJsonObject("didResolutionMetadata").getString("error"));
        assertTrue(e.containsKey("@context") && e.containsKey("didDocument") && e.containsKey("didDocumentMetadata"), e::toString);
    }

    @Test
    void publicKeyFormatJsonWebKeyRewritesTheMethodsAndMultikeyLeavesThem() {
        JsonObject jwk = resolve(did, "publicKeyFormat=JsonWebKey", PROFILE).json().getJsonObject("didDocument");
        JsonObject vm = jwk.getJsonArray("verificationMethod").getJsonObject(0);
        assertEquals("JsonWebKey", vm.getString("type"));
        assertEquals("OKP", vm.getJsonObject("publicKeyJwk").getString("kty"));
        assertFalse(vm.containsKey("publicKeyMultibase"));
        assertFalse(vm.getJsonObject("publicKeyJwk").containsKey("d"), "never a private member");
        assertTrue(jwk.getJsonArray("@context").toString().contains("https://w3id.org/security/jwk/v1"));

        JsonObject multikey = resolve(did, "publicKeyFormat=Multikey", PROFILE).json().getJsonObject("didDocument");
        assertEquals("Multikey", multikey.getJsonArray("verificationMethod").getJsonObject(0).getString("type"));

        String p256Did = DidKey.didFor(p256.publicKey());
        JsonObject ec = resolve(p256Did, "publicKeyFormat=JsonWebKey2020", "application/did-resolution").json().getJsonObject("didDocument");
        assertEquals("P-256", ec.getJsonArray("verificationMethod").getJsonObject(0).getJsonObject("publicKeyJwk").getString("crv"));
    }

    @Test
    void anUnknownPublicKeyFormatIsUnsupportedPublicKeyType() {
        Reply r = resolve(did, "publicKeyFormat=unknown", PROFILE);
        assertEquals(400, r.status(), r::toString);
        assertEquals("unsupportedPublicKeyType", r.json().getJsonObject("didResolutionMetadata").getString("error"));
        assertTrue(r.json().getJsonObject("didResolutionMetadata").getString("errorMessage").contains("use one of"), r::toString);
    }

    @Test
    void anExperimentalFormatIsInvalidPublicKeyTypeAlsoWhenDereferencingAMethod() {
        String vmId = DidKey.verificationMethodId(ed.publicKey());
        Reply r = resolve(vmId, "publicKeyFormat=Ed25519VerificationKey2018&enableExperimentalPublicKeyTypes=false", PROFILE);
        assertEquals(400, r.status(), r::toString);
        assertEquals("invalidPublicKeyType", r.json().getJsonObject("dereferencingMetadata").getString("error"));

        Reply wrongCurve = resolve(DidKey.didFor(p256.publicKey()), "publicKeyFormat=Ed25519VerificationKey2020", PROFILE);
        assertEquals(400, wrongCurve.status(), wrongCurve::toString);
        assertEquals("invalidPublicKeyType", wrongCurve.json().getJsonObject("didResolutionMetadata").getString("error"));
    }

    @Test
    void aDereferencedMethodComesInTheRequestedFormat() {
        String vmId = DidKey.verificationMethodId(ed.publicKey());
        Reply r = resolve(vmId, "publicKeyFormat=JsonWebKey", PROFILE);
        assertEquals(200, r.status(), r::toString);
        JsonObject vm = r.json().getJsonObject("contentStream");
        assertEquals(vmId, vm.getString("id"));
        assertEquals("JsonWebKey", vm.getString("type"));
    }

    @Test
    void anEncodedSlashReachesTheResolverAndAnInvalidDidUrlComesBack() {
        String multibase = did.substring("did:key:".length());
        Reply r = resolve(did + "/^bar^/?query=`#" + multibase, null, PROFILE);
        assertEquals(400, r.status(), r::toString);
        assertEquals(PROFILE, r.contentType());
        assertEquals("invalidDidUrl", r.json().getJsonObject("dereferencingMetadata").getString("error"), r::toString);
    }

    @Test
    void anEncodedSlashCannotReachAnotherRoute() {
        // %2F is accepted in paths for DID URLs; elsewhere it stays part of one name and finds nothing
        Reply r = TestSupport.post(client, server, "/issuers/a%2F..%2Fb/credentials/issue", "{}");
        assertTrue(r.status() == 404 || r.status() == 401, r::toString);
        Reply health = TestSupport.get(client, server, "/health%2F");
        assertEquals(404, health.status(), health::toString);
    }
}
