package dev.mandate.testvectors.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.Did;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWeb;
import dev.mandate.did.web.DidWebOptions;
import dev.mandate.did.web.DidWebResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** did:web spec examples: the DIDs (example 3), DID-to-URL rules (examples 4-6) and the two documents (examples 1-2). */
class DidWebVectorsTest {

    static Stream<Arguments> exampleDids() {
        return Vectors.text("did-web/spec-examples/example-03.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} is a valid did:web")
    @MethodSource("exampleDids")
    void exampleDidsAreValid(String did) throws Exception {
        assertEquals("web", Did.parse(did).method());
        assertTrue(DidWeb.toUrl(did).toString().startsWith("https://"));
    }

    static Stream<Arguments> urlRules() {
        List<Arguments> out = new ArrayList<>();
        for (String f : List.of("example-04.txt", "example-05.txt", "example-06.txt")) {
            List<String> lines = Vectors.text("did-web/spec-examples/" + f).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            out.add(Arguments.of(lines.get(0), lines.get(1).replaceFirst("^->\\s*", "")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("urlRules")
    void didToUrlAndBack(String did, String url) throws Exception {
        assertEquals(url, DidWeb.toUrl(did).toString());
        assertEquals(did, DidWeb.didFor(url));
    }

    /** Example 1 as published has a trailing comma after the last verification method (not strict JSON); we remove only that comma. */
    static DidDocument example1() throws Exception {
        String text = Vectors.text("did-web/spec-examples/example-01.txt").replaceAll("\\},\\s*\\]", "}\n  ]");
        return DidDocument.parse(text);
    }

    @Test
    void example1JsonWebKeyDocument() throws Exception {
        DidDocument doc = example1();
        assertEquals("did:web:example.com", doc.id());
        assertEquals(3, doc.verificationMethods().size());
        assertEquals(KeyType.ED25519, doc.verificationMethod("#key-0").orElseThrow().publicKey().type());
        assertEquals(KeyType.P256, doc.verificationMethod("#key-2").orElseThrow().publicKey().type());
        DecodingException x25519 = assertThrows(DecodingException.class, () -> doc.verificationMethod("#key-1").orElseThrow().publicKey());
        assertEquals(DecodingException.Code.INVALID_KEY_TYPE, x25519.code());
        assertTrue(doc.verificationMethod("#key-0", Relationship.ASSERTION_METHOD).orElseThrow().authorized());
        assertTrue(doc.verificationMethod("#key-2", Relationship.AUTHENTICATION).orElseThrow().authorized());
        assertTrue(doc.verificationMethod("#key-1", Relationship.KEY_AGREEMENT).orElseThrow().authorized());
        assertTrue(!doc.verificationMethod("#key-1", Relationship.ASSERTION_METHOD).orElseThrow().authorized());
    }

    @Test
    void example2BlockchainAccountDocument() throws Exception {
        DidDocument doc = DidDocument.from(Vectors.json("did-web/spec-examples/example-02.json"));
        assertEquals("EcdsaSecp256k1RecoveryMethod2020", doc.verificationMethods().get(0).type());
        assertTrue(doc.verificationMethod("did:web:example.com#address-0", Relationship.AUTHENTICATION).orElseThrow().authorized());
        // no public key to verify with: a typed error, not an exception
        DecodingException e = assertThrows(DecodingException.class, () -> doc.verificationMethods().get(0).publicKey());
        assertEquals(DecodingException.Code.INVALID_KEY_TYPE, e.code());
    }

    static Stream<Arguments> documents() throws Exception {
        return Stream.of(Arguments.of("example-01", example1().toJson().toString()),
                Arguments.of("example-02", Vectors.json("did-web/spec-examples/example-02.json").toString()));
    }

    /**
     * Each example document served over real HTTPS from localhost and resolved. Port 443 is not ours to
     * bind in tests, so the host carries the test server's port: the document's id is rewritten from
     * did:web:example.com to did:web:example.com%3A{port} (nothing else changes); example.com is mapped
     * to 127.0.0.1 by the resolver's host lookup and the certificate names example.com.
     */
    @ParameterizedTest(name = "{0} resolves over HTTPS")
    @MethodSource("documents")
    void documentsResolveOverHttps(String name, String json) throws Exception {
        try (LocalHttps server = new LocalHttps("example.com")) {
            String did = "did:web:example.com%3A" + server.port();
            server.serve("/.well-known/did.json", json.replace("did:web:example.com", did));
            DidWebResolver resolver = new DidWebResolver(DidWebOptions.builder()
                    .hostResolver(h -> List.of(InetAddress.getByName("127.0.0.1"))).allowLoopback(true)
                    .trustedCertificates(List.of(server.certificate())).callTimeout(Duration.ofSeconds(10)).build());
            ResolutionResult r = resolver.resolve(did);
            assertTrue(r.isSuccess(), r.toString());
            assertEquals(Vectors.parse(json.replace("did:web:example.com", did)), r.didDocument().orElseThrow().toJson());
        }
    }
}
