package dev.mandate.vc.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.org/credentials/1",
            "http://localhost:8080/a?b=c#d",
            "did:example:subject",
            "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj#z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
            "did:example:schemas/1",
            "urn:uuid:9c9a36f8-518f-4976-a934-6649502d0008",
            "did:web:example.com%3A8443",
            "https://例え.jp/パス",
            "data:,hello",
            "mailto:agent@example.com",
            "HTTPS://Example.org/",
            "urn+x.y-z:1",
            "x:\u00e9t\u00e9",
    })
    void acceptsUrls(String url) {
        assertTrue(Urls.isUrl(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fake-issuer",
            "z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
            "https ://not-a-url/vcs/1",
            "https://exa mple.org/",
            "https:example.org",
            "https://",
            "https://:443/",
            "did:",
            ":foo",
            "1http://example.org",
            "https://example.org/%zz",
            "https://example.org/%4",
            "https://example.org/a#b#c",
            "https://example.org/<script>",
            "https://example.org/\u0000",
            "did:example:a\tb",
            "HTTPS:/no-authority",
            "Ftp://",
            "ht_tp://example.org/",
            "h\u00e9://example.org/",
            "https://example.org/a\u00a0b",
            "https://example.org/a\u2003b",
            "https://example.org/\u0085",
            "",
    })
    void refusesNonUrls(String url) {
        assertFalse(Urls.isUrl(url), url);
    }

    @Test
    void dataUrls() {
        assertTrue(Urls.isDataUrl("data:application/vc-ld+jwt;base64url,eyJhbGciOi.eyJ2.sig"));
        assertTrue(Urls.isDataUrl("data:application/vc+jwt,eyJhbGciOi.eyJ2.sig"));
        assertTrue(Urls.isDataUrl("data:text/plain;charset=utf-8;base64,SGk="));
        assertTrue(Urls.isDataUrl("data:,x"));
        assertFalse(Urls.isDataUrl("eyJhbGciOi.eyJ2.sig"));
        assertFalse(Urls.isDataUrl("data:application/vc+jwt"));
        assertFalse(Urls.isDataUrl("data:not a type,x"));
        assertFalse(Urls.isDataUrl("https://example.org/,x"));
        assertEquals("application/vc+jwt", Urls.dataUrlMediaType("data:Application/VC+JWT;x=y,abc"));
        assertEquals("text/plain", Urls.dataUrlMediaType("data:,abc"));
    }

    @Test
    void mediaTypes() {
        assertTrue(Urls.isMediaType("application/json"));
        assertTrue(Urls.isMediaType("text/html; charset=utf-8"));
        assertFalse(Urls.isMediaType("json"));
        assertFalse(Urls.isMediaType("application/"));
    }

    @Test
    void schemes() {
        assertTrue(Urls.isScheme("https://x", 5));
        assertTrue(Urls.isScheme("did:key:z", 3));
        assertTrue(Urls.isScheme("a+b-c.9:x", 7));
        assertFalse(Urls.isScheme(":x", 0));
        assertFalse(Urls.isScheme("9ab:x", 3));
        assertFalse(Urls.isScheme("ht tp:x", 5));
        assertFalse(Urls.isScheme("h_t:x", 3));
        assertFalse(Urls.isScheme("\u00e9t:x", 2));
    }
}
