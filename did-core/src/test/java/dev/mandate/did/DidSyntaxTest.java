package dev.mandate.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidSyntaxTest {

    @Test
    void parsesDids() throws Exception {
        Did d = Did.parse("did:example:123456789abcdefghi");
        assertEquals("example", d.method());
        assertEquals("123456789abcdefghi", d.methodSpecificId());
        assertEquals("did:example:123456789abcdefghi", d.toString());
        assertEquals("example.com%3A3000:user:alice", Did.parse("did:web:example.com%3A3000:user:alice").methodSpecificId());
        assertEquals("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", Did.parse("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK").methodSpecificId());
        assertEquals("a::b", Did.parse("did:ex:a::b").methodSpecificId());
        assertEquals(Optional.empty(), Did.tryParse("did:Example:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "did", "did:", "did:key", "did:key:", "DID:key:z6Mk", "did:Key:abc", "did:ke-y:abc", "did::abc",
        "did:key:abc:", "did:key:a b", "did:key:%zz", "did:key:%4", "did:key:abc#frag", "did:key:abc/path", "did:key:abc?q",
        "did:key:\u00e9", "urn:uuid:1234", " did:key:abc"})
    void refusesInvalidDids(String text) {
        DidSyntaxException e = assertThrows(DidSyntaxException.class, () -> Did.parse(text));
        assertFalse(e.isDidUrl());
        assertEquals("invalidDid", e.errorCode());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void refusesOverlongDid() {
        DidSyntaxException e = assertThrows(DidSyntaxException.class, () -> Did.parse("did:key:" + "a".repeat(Did.MAX_LENGTH)));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void parsesDidUrls() throws Exception {
        DidUrl u = DidUrl.parse("did:example:123/path/to?versionId=1&x=%20#keys-1");
        assertEquals("did:example:123", u.did().toString());
        assertEquals("/path/to", u.path());
        assertEquals(Optional.of("versionId=1&x=%20"), u.query());
        assertEquals(Optional.of("keys-1"), u.fragment());
        DidUrl f = DidUrl.parse("did:key:z6Mk#z6Mk");
        assertEquals("", f.path());
        assertEquals(Optional.empty(), f.query());
        assertEquals(Optional.of("z6Mk"), f.fragment());
        DidUrl q = DidUrl.parse("did:ex:1#frag?with/slash");
        assertEquals(Optional.of("frag?with/slash"), q.fragment());
        assertEquals(Optional.empty(), q.query());
        DidUrl e = DidUrl.parse("did:ex:1?#");
        assertEquals(Optional.of(""), e.query());
        assertEquals(Optional.of(""), e.fragment());
        assertEquals("did:ex:1?#", e.toString());
        assertTrue(DidUrl.parse("did:ex:1").isBareDid());
        assertFalse(e.isBareDid());
        assertEquals("did:ex:1#key-1", DidUrl.withFragment(Did.parse("did:ex:1"), "key-1").toString());
        assertThrows(IllegalArgumentException.class, () -> DidUrl.withFragment(Did.parse("did:ex:1"), "a#b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "did:ex:1#a#b", "did:ex:1/a b", "did:ex:1?q=<", "did:ex:1#%g0", "did:ex:/path", "http://example.com", "did:ex:1#\u00e9"})
    void refusesInvalidDidUrls(String text) {
        DidSyntaxException e = assertThrows(DidSyntaxException.class, () -> DidUrl.parse(text));
        assertTrue(e.isDidUrl());
        assertEquals("invalidDidUrl", e.errorCode());
    }

    // --- properties ---

    @Provide
    Arbitrary<String> dids() {
        Arbitrary<String> method = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> idchars = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('.', '-', '_').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> pct = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(2).map(h -> "%" + h);
        Arbitrary<String> segment = Arbitraries.oneOf(idchars, pct, Combinators.combine(idchars, pct).as(String::concat));
        Arbitrary<String> msid = segment.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(":", l));
        return Combinators.combine(method, msid).as((m, id) -> "did:" + m + ":" + id);
    }

    @Provide
    Arbitrary<String> didUrls() {
        Arbitrary<String> pchars = Arbitraries.strings().withCharRange('a', 'z').withChars("-._~!$&'()*+,;=:@%/?").ofMaxLength(15);
        Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').withChars("-._~:@!").ofMaxLength(8).list().ofMaxSize(3)
                .map(l -> l.isEmpty() ? "" : "/" + String.join("/", l));
        Arbitrary<Optional<String>> query = pchars.map(s -> s.replace("%", "%25")).optional();
        Arbitrary<Optional<String>> fragment = pchars.map(s -> s.replace("%", "%25")).optional();
        return Combinators.combine(dids(), path, query, fragment)
                .as((d, p, q, f) -> d + p + q.map(x -> "?" + x).orElse("") + f.map(x -> "#" + x).orElse(""));
    }

    @Property
    void validDidsRoundTrip(@ForAll("dids") String did) throws Exception {
        Did parsed = Did.parse(did);
        assertEquals(did, parsed.toString());
        assertEquals(parsed, Did.parse(parsed.toString()));
        assertEquals(did, DidUrl.parse(did).toString());
    }

    @Property
    void validDidUrlsRoundTrip(@ForAll("didUrls") String url) throws Exception {
        DidUrl parsed = DidUrl.parse(url);
        assertEquals(url, parsed.toString());
        assertEquals(parsed, DidUrl.parse(parsed.toString()));
        assertEquals(url.indexOf('?') >= 0 && (url.indexOf('#') < 0 || url.indexOf('?') < url.indexOf('#')), parsed.query().isPresent());
    }

    @Property(tries = 3000)
    void garbageOnlyEverGivesTheTypedError(@ForAll @StringLength(max = 80) String garbage) {
        for (String s : new String[] {garbage, "did:" + garbage, "did:ex:" + garbage}) {
            try {
                Did.parse(s);
            } catch (DidSyntaxException e) {
                assertFalse(e.isDidUrl());
            } catch (RuntimeException e) {
                fail("unchecked exception for " + s, e);
            }
            try {
                assertEquals(s, DidUrl.parse(s).toString());
            } catch (DidSyntaxException e) {
                assertTrue(e.isDidUrl());
            } catch (RuntimeException e) {
                fail("unchecked exception for " + s, e);
            }
        }
    }

    @Property
    void mutatedDidsNeverThrowUnchecked(@ForAll("dids") String did, @ForAll char c, @ForAll int pos) {
        int i = Math.floorMod(pos, did.length() + 1);
        String s = did.substring(0, i) + c + did.substring(i);
        try {
            assertEquals(s, Did.parse(s).toString());
        } catch (DidSyntaxException e) {
            assertEquals("invalidDid", e.errorCode());
        }
    }
}
