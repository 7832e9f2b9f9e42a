package dev.mandate.did.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidWebTest {

    @ParameterizedTest
    @CsvSource({
        "did:web:w3c-ccg.github.io, https://w3c-ccg.github.io/.well-known/did.json",
        "did:web:w3c-ccg.github.io:user:alice, https://w3c-ccg.github.io/user/alice/did.json",
        "did:web:example.com%3A3000:user:alice, https://example.com:3000/user/alice/did.json",
        "did:web:Example.COM, https://example.com/.well-known/did.json",
        "did:web:127.0.0.1%3A8443, https://127.0.0.1:8443/.well-known/did.json",
        "did:web:%5B%3A%3A1%5D%3A8443:a, https://[::1]:8443/a/did.json",
        "did:web:%5B2001%3Adb8%3A%3A1%5D, https://[2001:db8::1]/.well-known/did.json",
        "did:web:example.com:a%20b, https://example.com/a%20b/did.json",
        "did:web:example.com:caf%C3%A9, https://example.com/caf%C3%A9/did.json",
    })
    void didToUrl(String did, String url) throws Exception {
        assertEquals(url, DidWeb.toUrl(did).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:", "did:key:z6Mk", "did:web:exa_mple.com", "did:web:-example.com", "did:web:example.com%3A0",
        "did:web:example.com%3A70000", "did:web:example.com%3Ahttp", "did:web:example.com:..", "did:web:example.com:a%2Fb",
        "did:web:example.com::x", "did:web:example.com%2F.well-known", "did:web:example.com:%FF", "did:web:exa%00mple.com",
        "did:web:127.1", "did:web:127.0.1%3A8443", "did:web:2130706433", "did:web:0177.0.0.1", "did:web:0x7f000001", "did:web:0x7f.0.0.1",
        "did:web:%5B0%3A%3A1%5D", "did:web:%5B%3A%3A1", "did:web:%5B%3A%3A1%5Dx", "did:web:%3A%3A1", "did:web:%5B%3A%3A1%5D%3A0"})
    void refusesBadDidWebIdentifiers(String did) {
        assertThrows(DidSyntaxException.class, () -> DidWeb.toUrl(did));
        assertThrows(DidSyntaxException.class, () -> DidWeb.check(did));
    }

    @ParameterizedTest
    @CsvSource({
        "https://example.com, did:web:example.com",
        "https://example.com/, did:web:example.com",
        "https://example.com/.well-known/did.json, did:web:example.com",
        "https://Example.com:3000/user/alice, did:web:example.com%3A3000:user:alice",
        "https://example.com:443/user/alice/did.json, did:web:example.com:user:alice",
        "https://example.com/a%20b/, did:web:example.com:a%20b",
        "https://example.com/agents/a:1, did:web:example.com:agents:a%3A1",
        "https://127.0.0.1:8443, did:web:127.0.0.1%3A8443",
        "https://[::1]:8443/a, did:web:%5B%3A%3A1%5D%3A8443:a",
    })
    void urlToDid(String url, String did) throws Exception {
        assertEquals(did, DidWeb.didFor(url));
        // and back: the DID maps to the URL the document must be served at
        assertTrue(DidWeb.toUrl(did).toString().startsWith(url.replace("Example", "example").replace(":443", "").replaceAll("/(\\.well-known/)?(did\\.json)?$", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "https://user@example.com", "https://example.com?x=1", "https://example.com#f",
        "ftp://example.com", "https://exa_mple.com", "not a url", "https://example.com/../x",
        "https://127.1/", "https://2130706433/", "https://0x7f000001/", "https://[0::1]/"})
    void refusesUrlsThatCannotBeDidWeb(String url) {
        assertThrows(DidSyntaxException.class, () -> DidWeb.didFor(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://127.1/a|'127.1' is not a canonical IPv4 address",
        "https://2130706433:8443/|'2130706433' is not a canonical IPv4 address",
        "https://exa_mple.com/|'exa_mple.com' is not a valid domain name",
    })
    void aHostJavaCannotParseIsNamedNotCalledEmpty(String url, String expected) {
        DidSyntaxException e = assertThrows(DidSyntaxException.class, () -> DidWeb.didFor(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void documentForHosting() throws Exception {
        KeyMaterial km = KeyMaterial.generate(KeyType.ED25519);
        DidDocument doc = DidWeb.document("did:web:example.com:agents:a1", km.publicKey());
        assertEquals("did:web:example.com:agents:a1", doc.id());
        String vmId = "did:web:example.com:agents:a1#" + km.publicKey().toMultikey();
        assertTrue(doc.verificationMethod(vmId, Relationship.ASSERTION_METHOD).orElseThrow().authorized());
        assertTrue(doc.verificationMethod(vmId, Relationship.AUTHENTICATION).orElseThrow().authorized());
        assertEquals("/agents/a1/did.json", DidWeb.hostingPath(doc.id()));
        assertEquals("/.well-known/did.json", DidWeb.hostingPath("did:web:example.com"));
        assertThrows(DidSyntaxException.class, () -> DidWeb.document("did:key:z6Mk", km.publicKey()));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback", "127.9.9.9, loopback", "::1, loopback", "0.0.0.0, reserved", "10.1.2.3, private", "172.16.0.1, private",
        "172.31.255.255, private", "192.168.1.1, private", "169.254.169.254, private", "100.64.0.1, private", "fe80::1, private",
        "fc00::1, private", "fd12:3456::1, private", "::ffff:10.0.0.1, private", "::ffff:127.0.0.1, loopback", "64:ff9b::a00:1, private",
        "2002:a00:1::1, private", "224.0.0.1, reserved", "255.255.255.255, reserved", "ff02::1, reserved", "::, reserved",
    })
    void classifiesNonPublicAddresses(String ip, String kind) throws Exception {
        assertEquals(kind, AddressPolicy.classify(InetAddress.getByName(ip)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::6810:85e5", "100.128.0.1", "::ffff:8.8.8.8"})
    void publicAddressesAreAllowed(String ip) throws Exception {
        assertNull(AddressPolicy.classify(InetAddress.getByName(ip)));
        assertTrue(new AddressPolicy(false, false).refusal(InetAddress.getByName(ip)).isEmpty());
    }

    @Test
    void policyFlagsAllowTheirCategoryOnly() throws Exception {
        InetAddress loop = InetAddress.getByName("127.0.0.1");
        InetAddress priv = InetAddress.getByName("10.0.0.1");
        InetAddress multi = InetAddress.getByName("224.0.0.1");
        assertTrue(new AddressPolicy(true, false).refusal(loop).isEmpty());
        assertTrue(new AddressPolicy(true, false).refusal(priv).isPresent());
        assertTrue(new AddressPolicy(false, true).refusal(priv).isEmpty());
        assertTrue(new AddressPolicy(false, true).refusal(loop).isPresent());
        assertTrue(new AddressPolicy(true, true).refusal(multi).isPresent());
    }
}
