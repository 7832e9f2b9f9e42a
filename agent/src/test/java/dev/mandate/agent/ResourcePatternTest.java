package dev.mandate.agent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcePatternTest {
    static ResourcePattern p(String s) throws CapabilityException { return ResourcePattern.parse(s); }

    @Test
    void normalisesSchemeHostPortAndEscapes() throws Exception {
        assertEquals("https://api.example/orders/", p("HTTPS://API.Example:443/orders/").toString());
        assertEquals("http://api.example:8080/a%2Ab", p("http://api.example:8080/a%2ab").toString());
        assertEquals("https://api.example/~x", p("https://api.example/%7Ex").toString());
        assertEquals("https://api.example/", p("https://api.example").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.example/orders/../admin", "https://a.example/orders/%2e%2E/admin", "https://a.example/./x",
            "https://a.example/a%2Fb", "https://a.example/a%5cb", "https://a.example/a\\b", "https://a.example//x",
            "ftp://a.example/", "https://user@a.example/", "https://a.example/x#f", "https://a.example/x?q=1", "https://a.example/%zz",
            "https://a.example/a b", "/relative", "https://a.example:99999/"})
    void rejectsAmbiguousOrUnsafeResources(String bad) {
        assertThrows(CapabilityException.class, () -> p(bad));
    }

    @Test
    void mcpSchemesAreSeparateOriginsThatNeverMeetHttp() throws Exception {
        ResourcePattern tools = p("MCP+HTTPS://API.example:443/mcp/tools/");
        assertEquals("mcp+https://api.example/mcp/tools/", tools.toString());
        assertEquals("mcp+http://a.example/mcp/tools/x", p("mcp+http://a.example:80/mcp/tools/x").toString());
        assertTrue(tools.matches(CanonicalUrl.target("mcp+https://api.example/mcp/tools/pay_invoice")));
        assertFalse(tools.matches(CanonicalUrl.target("mcp+https://api.example/mcp/prompts/pay_invoice")));
        assertFalse(tools.matches(CanonicalUrl.target("mcp+http://api.example/mcp/tools/pay_invoice")));
        assertFalse(tools.matches(CanonicalUrl.target("https://api.example/mcp/tools/pay_invoice")));
        assertFalse(tools.matches("https://api.example/mcp/tools/pay_invoice"));
        assertTrue(tools.matches("mcp+https://api.example/mcp/tools/pay_invoice"), "the guard matches reported MCP resources as strings");
        assertFalse(p("https://api.example/mcp/tools/").matches("mcp+https://api.example/mcp/tools/pay_invoice"));
        assertFalse(p("https://api.example/").covers(tools));
        assertFalse(tools.covers(p("https://api.example/mcp/tools/x")));
        assertTrue(tools.covers(p("mcp+https://api.example/mcp/tools/x")));
        // the same refusals as for http
        for (String bad : new String[] {"mcp+https://a.example/mcp/tools/..", "mcp+https://a.example/mcp/tools/a%2Fb",
                "mcp+https://a.example/mcp/tools/a;b", "mcp+ftp://a.example/", "mcp://a.example/", "mcp+https://a.example/x?q"}) {
            assertThrows(CapabilityException.class, () -> p(bad), bad);
        }
    }

    @Test
    void requestUrlsStayHttpOnly() {
        assertThrows(CapabilityException.class, () -> CanonicalUrl.request("mcp+https://api.example/mcp/tools/x"));
        assertThrows(CapabilityException.class, () -> ResourcePattern.ofRequestUrl("mcp+https://api.example/mcp/tools/x"));
        assertThrows(CapabilityException.class, () -> CanonicalUrl.target("file:///etc/passwd"));
    }

    @Test
    void exactMatchesOnlyItselfAndIgnoresQuery() throws Exception {
        ResourcePattern r = p("https://a.example/orders/17");
        assertTrue(r.matches("https://A.example/orders/17?x=1"));
        assertTrue(r.matches("https://a.example:443/orders/%31%37"));
        assertFalse(r.matches("https://a.example/orders/17/"));
        assertFalse(r.matches("https://a.example/orders/170"));
        assertFalse(r.matches("http://a.example/orders/17"));
    }

    @Test
    void prefixMatchesBelowButNotTheBarePath() throws Exception {
        ResourcePattern r = p("https://a.example/orders/");
        assertTrue(r.matches("https://a.example/orders/"));
        assertTrue(r.matches("https://a.example/orders/1/items"));
        assertFalse(r.matches("https://a.example/orders"));
        assertFalse(r.matches("https://a.example/ordersX/1"));
        assertFalse(r.matches("https://a.example/orders/../admin"));
        assertFalse(r.matches("https://a.example/orders/%2e%2e/admin"));
    }

    @Test
    void starMatchesExactlyOneSegment() throws Exception {
        ResourcePattern r = p("https://a.example/orders/*/items");
        assertTrue(r.matches("https://a.example/orders/9/items"));
        assertFalse(r.matches("https://a.example/orders/9/8/items"));
        assertFalse(r.matches("https://a.example/orders/items"));
    }

    @Test
    void coversFollowsContainment() throws Exception {
        assertTrue(p("https://a.example/").covers(p("https://a.example/orders/")));
        assertTrue(p("https://a.example/orders/").covers(p("https://a.example/orders/1")));
        assertTrue(p("https://a.example/orders/").covers(p("https://a.example/orders/")));
        assertFalse(p("https://a.example/orders/").covers(p("https://a.example/orders")));
        assertFalse(p("https://a.example/orders/1").covers(p("https://a.example/orders/")));
        assertTrue(p("https://a.example/orders/*/").covers(p("https://a.example/orders/5/items")));
        assertFalse(p("https://a.example/orders/5/").covers(p("https://a.example/orders/*/items")));
        assertFalse(p("https://a.example/orders/").covers(p("https://b.example/orders/1")));
    }

    /** The attack paths of the scope-escape issue, under a prefix that grants {@code /orders/} only. */
    @ParameterizedTest
    @ValueSource(strings = {"/orders/..;/admin/users", "/orders/.;/x", "/orders/x/..%252f..%252fadmin", "/orders/%00",
            "/orders/..%3b/admin", "/orders/x;jsessionid=AB/../../admin", "/orders/%2E%2e/admin", "/orders/%2e/x", "/orders/x%2F..%2F..%2Fadmin",
            "/orders/x%5c..%5c..%5cadmin", "/orders/x\\..\\admin", "/orders/%c0%ae%c0%ae/admin", "/orders/%ef%bc%8e%ef%bc%8e/admin",
            "/orders/..%20/admin", "/orders/.../admin", "/orders/x%3F/../../admin", "/orders/x%23/../../admin", "/orders//admin",
            "/orders/%0a", "/orders/%7F", "/orders/%25", "/orders/caf\u00e9"})
    void pathsThatBackendsReadOutsideThePrefixAreNotMatched(String path) throws Exception {
        assertFalse(p("https://api.supplier.example/orders/").matches("https://api.supplier.example" + path), path);
    }

    /** Ordinary request URLs, with queries and encoded spaces, are still matched. */
    @ParameterizedTest
    @ValueSource(strings = {"/orders/17", "/orders/17?expand=items&page=2", "/orders/summer%20sale/items", "/orders/a%20b?q=x%20y",
            "/orders/17?next=..%2F..%2Fadmin&q=50%25", "/orders/v1.2/report.pdf", "/orders/~me/", "/orders/a+b/%3A@!$&'()*,="})
    void ordinaryUrlsWithQueriesAndEncodedSpacesAreMatched(String path) throws Exception {
        assertTrue(p("https://api.supplier.example/orders/").matches("https://api.supplier.example" + path), path);
    }

    /**
     * Matching, delegation containment and the proof's htu read URLs through the one canonicaliser: a path
     * form refused for requests cannot be granted or delegated either, and what is accepted has one spelling.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/orders/..;/admin/", "/orders/.;/x", "/orders/x/..%252f..%252fadmin", "/orders/%00", "/orders;v=1/",
            "/orders/%2e%2e/", "/orders//x", "/orders/..%20/"})
    void attackFormsCannotBeGrantedDelegatedOrSigned(String path) {
        String url = "https://api.supplier.example" + path;
        CapabilityException e = assertThrows(CapabilityException.class, () -> p(url));
        assertTrue(e.getMessage().startsWith("URL not canonical: "), e.getMessage());
        assertThrows(CapabilityException.class, () -> Capability.of("read", url, Constraints.NONE));
        assertThrows(CapabilityException.class, () -> CanonicalUrl.request(url));
    }

    @Test
    void oneSpellingForPatternsRequestsAndHtu() throws Exception {
        String url = "HTTPS://API.Supplier.example:443/orders/%7e%61/a|b/%3c?q=%7e&r=%2f";
        CanonicalUrl c = CanonicalUrl.request(url);
        assertEquals("https://api.supplier.example/orders/~a/a%7Cb/%3C?q=~&r=%2F", c.toString());
        assertEquals(c, CanonicalUrl.request(c.toString()));
        assertEquals(c.withoutQuery(), p(c.withoutQuery()).toString());
        assertTrue(p(c.withoutQuery()).matches(url));
        assertTrue(p("https://api.supplier.example/orders/*/a%7Cb/").covers(p(c.withoutQuery() + "/")));
    }

    // ---- properties: containment is sound with respect to matching ----

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> seg = Arbitraries.of("a", "b", "*", "c%20d");
        return Combinators.combine(seg.list().ofMaxSize(3), Arbitraries.of(true, false))
                .as((segs, slash) -> "https://h.example/" + String.join("/", segs) + (slash && !segs.isEmpty() ? "/" : ""));
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> seg = Arbitraries.of("a", "b", "c%20d", "x", "%61");
        return Combinators.combine(seg.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((segs, slash) -> "https://h.example/" + String.join("/", segs) + (slash && !segs.isEmpty() ? "/" : ""));
    }

    @Property(tries = 2000)
    void coveredPatternNeverMatchesMoreThanItsParent(@ForAll("patterns") String parent, @ForAll("patterns") String child,
                                                    @ForAll("urls") String url) throws Exception {
        ResourcePattern pp = p(parent), cp = p(child);
        if (pp.covers(cp) && cp.matches(url)) {
            assertTrue(pp.matches(url), parent + " covers " + child + " which matches " + url);
        }
    }

    @Property(tries = 500)
    void everyPatternCoversItself(@ForAll("patterns") String s) throws Exception {
        assertTrue(p(s).covers(p(s)));
        assertEquals(p(s), p(p(s).toString()));
    }
}
