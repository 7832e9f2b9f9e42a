package dev.mandate.agent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The request-URL canonicaliser against the ways real backends read a path (docs/capabilities.md,
 * section 2): if Mandate allows URL U under pattern P, then every backend interpretation of U's raw path
 * is inside P as that backend reads P. A backend is modelled as a pipeline of the transformations that
 * servers and proxies are known to apply, and every combination (768) is checked for every allowed U:
 * one or two percent-decodings (strict UTF-8, or lenient accepting overlong forms such as {@code %C0%AE});
 * {@code ;}-parameter stripping before decoding (Tomcat, Jetty: {@code ..;} is {@code ..}) or after it;
 * Unicode NFKC (fullwidth {@code ．} and {@code ／}); backslash as slash (IIS, Windows); truncation at NUL
 * (C backends); cutting at a decoded {@code ?} or {@code #} (proxies that decode and re-parse); merging
 * {@code //}; stripping trailing dots and spaces of segments (Windows); and always {@code .}/{@code ..}
 * resolution after all that. Backends that route on the undecoded path are not modelled: RFC 3986
 * section 6.2.2 equivalence ({@code %41} is {@code A}) is assumed.
 *
 * <p>URLs are generated from a pattern's own segments (so that many are allowed) with the dangerous
 * pieces of the attacks mixed into segments, tails, origins and queries.
 */
class CanonicalUrlPropertyTest {
    static final String ORIGIN = "https://api.supplier.example";

    /** Pieces of path segments that are harmless. */
    static final List<String> ORDINARY = List.of("orders", "admin", "users", "x", "17", "a%20b", "%41", "~u", "a.b", "*", "%2A",
            "q+r", "%3A", "..x", "x..", "a%5Bb%5D", "%7e", "@", "!$&'()", "=", ",");
    /** Pieces refused wherever they occur in a path. */
    static final List<String> REFUSED_ANYWHERE = List.of(";", ";jsessionid=1", "..;", ".;", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\",
            "%252f", "%252e%252e", "%25", "%00", "%0a", "%0D", "%1F", "%7f", "%c0%ae", "%C0%AF", "%e0%80%ae", "%ef%bc%8f", "%EF%BC%8E",
            "%3b", "%3B", "%3f", "%23", "\u00e9", "\u2024", "%", "%g0", "%2", " ", "\t", "%c0%ae%c0%ae", "%EF%BC%8E%EF%BC%8E",
            "x%ef%bc%8f..%ef%bc%8f..", "..%c0%af..");
    /** Segments refused when they are the whole segment. */
    static final List<String> REFUSED_AS_SEGMENT = List.of("..", ".", "", "...", "..%20", ".%20", "%20", "%20..", "..%20%20");
    static final List<String> PATTERN_SEGMENTS = List.of("orders", "admin", "x", "*", "users", "a%20b", "17");

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> patterns() {
        return Combinators.combine(Arbitraries.of(PATTERN_SEGMENTS).list().ofMaxSize(3), Arbitraries.of(true, false))
                .as((segs, slash) -> ORIGIN + "/" + String.join("/", segs) + (slash && !segs.isEmpty() ? "/" : ""));
    }

    @Provide
    Arbitrary<String> segments() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(ORDINARY)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(REFUSED_ANYWHERE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(REFUSED_AS_SEGMENT)));
        return piece.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> origins() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, ORIGIN), net.jqwik.api.Tuple.of(1, "HTTPS://API.Supplier.example:443"),
                net.jqwik.api.Tuple.of(1, "https://api.supplier.example:8443"), net.jqwik.api.Tuple.of(1, "https://evil.example"));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.of("", "", "", "?a=1", "?q=a%20b&page=2", "?x=..%2f..%2fadmin", "?p=%2e%2e/", "?;x=1", "?q=50%25");
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 3000)
    void whatMandateAllowsEveryBackendReadsInsideThePattern(@ForAll("patterns") String pattern, @ForAll("origins") String origin,
                                                           @ForAll boolean followPattern, @ForAll("segments") String starFill,
                                                           @ForAll("tails") List<String> tail, @ForAll boolean trailingSlash,
                                                           @ForAll("queries") String query) throws Exception {
        ResourcePattern p = ResourcePattern.parse(pattern);
        String pPath = pattern.substring(ORIGIN.length());
        List<String> head = new ArrayList<>();
        if (followPattern) {
            for (String s : split(pPath)) {
                if (!s.isEmpty()) head.add(s.equals("*") ? starFill : s);
            }
        }
        head.addAll(tail);
        String path = "/" + String.join("/", head) + (trailingSlash && !head.isEmpty() ? "/" : "");
        String url = origin + path + query;
        boolean allowed = p.matches(url);
        Statistics.label("decision").collect(allowed ? "allowed" : "refused");
        Statistics.label("decision").coverage(c -> c.check("allowed").percentage(pct -> pct >= 10.0));
        if (!allowed) return;
        List<String> pSegs = split(pPath);
        boolean prefix = pPath.endsWith("/");
        for (Backend b : Backend.ALL) {
            List<String> pRead = read(pPath, b);
            List<String> uRead = read(path, b);
            if (!inside(pSegs, pRead, prefix, uRead)) {
                fail("Mandate allows " + url + " under " + pattern + ", but a backend that " + b + " reads /" + String.join("/", uRead)
                        + ", outside /" + String.join("/", pRead));
            }
        }
    }

    @Provide
    Arbitrary<List<String>> tails() {
        return segments().list().ofMaxSize(3);
    }

    /** A piece refused anywhere makes the URL refused wherever it is put in a segment; a dot-like segment too. */
    @Property(tries = 2000)
    void everyDangerousPieceIsRefused(@ForAll("segments") String before, @ForAll("anywhere") String bad, @ForAll boolean asWholeSegment,
                                      @ForAll("asSegment") String badSegment, @ForAll("queries") String query) throws Exception {
        ResourcePattern root = ResourcePattern.parse(ORIGIN + "/");
        String path = asWholeSegment ? "/orders/" + badSegment + "/x" : "/orders/" + before + bad + "/x";
        assertFalse(root.matches(ORIGIN + path + query), path + " must be refused");
    }

    @Provide
    Arbitrary<String> anywhere() {
        return Arbitraries.of(REFUSED_ANYWHERE);
    }

    @Provide
    Arbitrary<String> asSegment() {
        return Arbitraries.of(REFUSED_AS_SEGMENT);
    }

    /** Ordinary URLs keep working: generated from harmless pieces under a matching prefix, they are allowed. */
    @Property(tries = 500)
    void ordinaryUrlsAreAllowed(@ForAll("ordinaryTails") List<String> tail, @ForAll("queries") String query) throws Exception {
        String url = ORIGIN + "/orders/" + String.join("/", tail) + query;
        assertTrue(ResourcePattern.parse(ORIGIN + "/orders/").matches(url), url);
    }

    @Provide
    Arbitrary<List<String>> ordinaryTails() {
        return Arbitraries.of(ORDINARY).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l)).list().ofMinSize(1).ofMaxSize(3);
    }

    // ------------------------------------------------------------------ the backend model

    enum Params { NONE, BEFORE_DECODING, AFTER_DECODING }

    /** One way of reading a raw path. */
    record Backend(int decodings, boolean lenientUtf8, Params params, boolean nfkc, boolean backslash, boolean nulCut,
                   boolean delimiterCut, boolean mergeSlashes, boolean windowsTrim) {
        static final List<Backend> ALL = all();

        static List<Backend> all() {
            List<Backend> all = new ArrayList<>();
            for (int d = 1; d <= 2; d++) {
                for (Params pa : Params.values()) {
                    for (int bits = 0; bits < 128; bits++) {
                        all.add(new Backend(d, (bits & 1) != 0, pa, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0,
                                (bits & 32) != 0, (bits & 64) != 0));
                    }
                }
            }
            return List.copyOf(all);
        }

        @Override public String toString() {
            return "decodes " + decodings + "x" + (lenientUtf8 ? " (overlong UTF-8 accepted)" : "")
                    + (params == Params.NONE ? "" : ", strips ;params " + (params == Params.BEFORE_DECODING ? "before" : "after") + " decoding")
                    + (nfkc ? ", applies NFKC" : "") + (backslash ? ", treats \\ as /" : "") + (nulCut ? ", stops at NUL" : "")
                    + (delimiterCut ? ", re-parses ? and #" : "") + (mergeSlashes ? ", merges //" : "") + (windowsTrim ? ", trims trailing dots and spaces" : "")
                    + " and resolves . and ..";
        }
    }

    /** The segments {@code b} reads from raw path {@code path} (a trailing slash gives a final empty segment). */
    static List<String> read(String path, Backend b) {
        String p = path;
        if (b.params() == Params.BEFORE_DECODING) p = stripParams(p);
        for (int i = 0; i < b.decodings(); i++) p = decode(p, b.lenientUtf8());
        if (b.params() == Params.AFTER_DECODING) p = stripParams(p);
        if (b.nfkc()) p = Normalizer.normalize(p, Normalizer.Form.NFKC);
        if (b.backslash()) p = p.replace('\\', '/');
        if (b.nulCut() && p.indexOf('\0') >= 0) p = p.substring(0, p.indexOf('\0'));
        if (b.delimiterCut()) {
            for (char c : new char[] {'?', '#'}) {
                if (p.indexOf(c) >= 0) p = p.substring(0, p.indexOf(c));
            }
        }
        if (!p.startsWith("/")) p = "/" + p;
        if (b.mergeSlashes()) p = p.replaceAll("/{2,}", "/");
        List<String> segs = split(p);
        if (b.windowsTrim()) {
            segs = segs.stream().map(s -> {
                String t = s.replaceAll(" +$", "");
                return t.equals(".") || t.equals("..") ? t : t.replaceAll("[. ]+$", "");
            }).toList();
        }
        return resolveDots(segs);
    }

    /** {@code /a/b/} is [a, b, ""]; {@code /} is [""]. */
    static List<String> split(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    static String stripParams(String p) {
        return p.replaceAll(";[^/]*", "");
    }

    /** RFC 3986 remove_dot_segments on a segment list; {@code ..} at the root stays at the root. */
    static List<String> resolveDots(List<String> segs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            String s = segs.get(i);
            boolean last = i == segs.size() - 1;
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && !out.isEmpty()) out.remove(out.size() - 1);
                if (last) out.add("");
            } else {
                out.add(s);
            }
        }
        return out.isEmpty() ? List.of("") : out;
    }

    static String decode(String s, boolean lenient) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        byte[] b = bytes.toByteArray();
        if (!lenient) return new String(b, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            int b0 = b[i] & 0xff;
            if (b0 >= 0xC0 && b0 < 0xE0 && i + 1 < b.length) {
                out.append((char) (((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 1;
            } else if (b0 >= 0xE0 && b0 < 0xF0 && i + 2 < b.length) {
                out.append((char) (((b0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                i += 2;
            } else {
                out.append((char) b0);
            }
        }
        return out.toString();
    }

    /**
     * True if segments {@code u} are named by the pattern whose raw segments are {@code raw} (a raw
     * {@code *} is a wildcard) and which the same backend reads as {@code p}.
     */
    static boolean inside(List<String> raw, List<String> p, boolean prefix, List<String> u) {
        int n = prefix ? p.size() - 1 : p.size();
        if (prefix ? u.size() <= n : u.size() != n) return false;
        for (int i = 0; i < n; i++) {
            boolean wildcard = raw.get(i).equals("*");
            if (wildcard ? u.get(i).isEmpty() : !p.get(i).equals(u.get(i))) return false;
        }
        return true;
    }
}
