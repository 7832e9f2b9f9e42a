package dev.mandate.vc.canon;

import dev.mandate.vc.jsonld.ContextRegistry;
import dev.mandate.vc.jsonld.JsonLdException;
import dev.mandate.vc.jsonld.TestFiles;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdfcTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Test
    void unknownContextIsTyped() {
        JsonObject doc = TestFiles.parse("{\"@context\": \"https://w3id.org/citizenship/v4rc1\", \"id\": \"urn:x\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Rdfc.canonicalize(doc));
        assertEquals(ErrorType.UNKNOWN_CONTEXT_ERROR, e.type());
        assertTrue(e.getMessage().contains("https://w3id.org/citizenship/v4rc1"));
    }

    @Test
    void safeModeRefusesWhatLenientModeDrops() throws Exception {
        JsonObject doc = TestFiles.parse("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"id\": \"urn:x\","
                + " \"type\": \"VerifiableCredential\", \"name\": \"n\", \"secretTerm\": \"not signed\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Rdfc.canonicalize(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertEquals("/secretTerm", e.path());
        JsonObject without = JSON.createObjectBuilder(doc).remove("secretTerm").build();
        assertEquals(Rdfc.canonicalize(without), Rdfc.canonicalize(doc, RdfcOptions.defaults().withSafeMode(false)));
    }

    @Test
    void hashAlgorithmChoosesTheLabels() throws Exception {
        String nq = "_:a <urn:p> _:b .\n_:b <urn:p> _:a .\n_:a <urn:q> \"x\" .\n";
        CanonicalDataset sha256 = Rdfc.canonicalizeNQuads(nq, RdfcOptions.defaults());
        CanonicalDataset sha384 = Rdfc.canonicalizeNQuads(nq, RdfcOptions.defaults().withHashAlgorithm("SHA-384"));
        assertEquals(java.util.Set.of("a", "b"), sha256.issuedIdentifiers().keySet());
        assertEquals(java.util.Set.of("c14n0", "c14n1"), new java.util.HashSet<>(sha384.issuedIdentifiers().values()));
        assertTrue(sha256.nquads().endsWith("\n"));
        assertEquals(3, sha384.nquads().split("\n").length);
        assertThrows(IllegalArgumentException.class, () -> RdfcOptions.defaults().withHashAlgorithm("MD5"));
    }

    @Test
    void linesAreSortedInCodePointOrderNotUtf16Order() throws Exception {
        // U+FF61 sorts before U+1F600 by code point, after it in UTF-16 (the surrogate D83D is below FF61)
        String emoji = "<urn:s> <urn:p> \"\uD83D\uDE00\" .\n";
        String halfwidth = "<urn:s> <urn:p> \"\uFF61\" .\n";
        assertEquals(halfwidth + emoji, Rdfc.canonicalizeNQuads(emoji + halfwidth, RdfcOptions.defaults()).nquads());
        // with more lines than a sort handles by insertion alone, ASCII lines among them
        StringBuilder many = new StringBuilder(emoji);
        for (int i = 0; i < 40; i++) {
            many.append("<urn:s> <urn:p> \"v").append(i).append("\" .\n");
        }
        String out = Rdfc.canonicalizeNQuads(many.append(halfwidth).toString(), RdfcOptions.defaults()).nquads();
        assertTrue(out.endsWith(halfwidth + emoji), out);
    }

    @Test
    void nquadsSortMatchesACodePointComparison() {
        java.util.Random random = new java.util.Random(7);
        char[] alphabet = {'a', 'b', '<', ' ', '\u00E9', '\u4E2D', '\uFF61', '\uFFFD', '\uE000'};
        for (int round = 0; round < 300; round++) {
            String[] lines = new String[1 + random.nextInt(60)];
            boolean surrogates = round % 2 == 0;
            for (int i = 0; i < lines.length; i++) {
                StringBuilder b = new StringBuilder("<urn:s> ");
                int n = random.nextInt(6);
                for (int k = 0; k < n; k++) {
                    if (surrogates && random.nextInt(4) == 0) {
                        b.appendCodePoint(0x10000 + random.nextInt(0x1000));
                    } else {
                        b.append(alphabet[random.nextInt(alphabet.length)]);
                    }
                }
                lines[i] = b.toString();
            }
            String[] expected = lines.clone();
            java.util.Arrays.sort(expected, (x, y) -> java.util.Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray()));
            NQuads.sort(lines);
            assertEquals(java.util.Arrays.asList(expected), java.util.Arrays.asList(lines), "round " + round);
        }
    }

    @Test
    void malformedNQuadsIsAParsingError() {
        JsonLdException e = assertThrows(JsonLdException.class,
                () -> Rdfc.canonicalizeNQuads("<urn:s> <urn:p> \"unterminated .\n", RdfcOptions.defaults()));
        assertEquals(ErrorType.PARSING_ERROR, e.type());
    }

    @Test
    void oversizedNQuadsIsRefusedBeforeParsing() {
        String big = "x".repeat(Rdfc.MAX_NQUADS_CHARS + 1);
        JsonLdException e = assertThrows(JsonLdException.class, () -> Rdfc.canonicalizeNQuads(big, RdfcOptions.defaults()));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.type());
    }

    @Test
    void canonicalFormIgnoresKeyOrderBlankLabelsAndDuplicates() throws Exception {
        JsonObject a = TestFiles.parse("{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:s\","
                + " \"p\": [{\"@id\": \"_:x\", \"q\": 1}, {\"q\": 2}], \"r\": [true, true]}");
        JsonObject b = TestFiles.parse("{\"r\": true, \"p\": [{\"q\": 2}, {\"q\": 1, \"@id\": \"_:other\"}],"
                + " \"@id\": \"urn:s\", \"@context\": {\"@vocab\": \"urn:v#\"}}");
        assertEquals(Rdfc.canonicalize(a), Rdfc.canonicalize(b));
        assertEquals("<urn:s> <urn:v#p> _:c14n0 .\n<urn:s> <urn:v#p> _:c14n1 .\n<urn:s> <urn:v#r> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"
                + "_:c14n0 <urn:v#q> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n_:c14n1 <urn:v#q> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
                Rdfc.canonicalize(a));
    }

    /**
     * Whether a quad has a blank node is decided from its raw terms: a literal whose text looks like a blank node
     * label stays a literal of a ground quad, and an IRI in a named graph keeps its brackets.
     */
    @Test
    void aLiteralThatLooksLikeABlankNodeStaysALiteral() throws Exception {
        JsonObject doc = TestFiles.parse("{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:g\", \"@graph\": ["
                + "{\"@id\": \"urn:s\", \"p\": \"_:b0\", \"q\": {\"@id\": \"urn:o\"}}, {\"r\": \"_:x\"}]}");
        assertEquals("<urn:s> <urn:v#p> \"_:b0\" <urn:g> .\n<urn:s> <urn:v#q> <urn:o> <urn:g> .\n"
                + "_:c14n0 <urn:v#r> \"_:x\" <urn:g> .\n", Rdfc.canonicalize(doc));
    }

    /**
     * The UTF-8 bytes the cryptosuites hash are written straight from the lines when they are all ASCII; a line
     * with any other character (U+00E9 fits one byte of a Latin-1 string but is two in UTF-8), in a ground quad or
     * one with a blank node, in a named graph or not, must come out as the UTF-8 of the canonical string.
     */
    @Test
    void canonicalUtf8IsTheUtf8OfTheCanonicalForm() throws Exception {
        String[] docs = {
            "{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:s\", \"p\": \"plain\", \"q\": {\"r\": 1}}",
            "{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:s\", \"p\": \"caf\u00e9\"}",
            "{\"@context\": {\"@vocab\": \"urn:v#\"}, \"p\": {\"q\": \"\u20ac \ud83d\ude00\"}}",
            "{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:g\", \"@graph\": [{\"@id\": \"urn:s\", \"p\": \"\u00ff\\n\"},"
                + " {\"p\": {\"@id\": \"urn:o\"}}]}",
        };
        for (String d : docs) {
            JsonObject doc = TestFiles.parse(d);
            String text = Rdfc.canonicalize(doc);
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Rdfc.canonicalUtf8(doc, RdfcOptions.defaults()), text);
        }
        JsonObject latin1 = TestFiles.parse(docs[1]);
        byte[] utf8 = Rdfc.canonicalUtf8(latin1, RdfcOptions.defaults());
        assertEquals("<urn:s> <urn:v#p> \"caf\u00e9\" .\n", new String(utf8, StandardCharsets.UTF_8));
        assertEquals(utf8.length, Rdfc.canonicalize(latin1).length() + 1); // é is two bytes
    }

    /**
     * A dataset is a set: repeated quads, ground or with blank nodes, far apart in the input, change neither the
     * output nor the labels (a repeated blank-node quad counted twice would change its node's first-degree hash).
     */
    @Test
    void repeatedQuadsCountOnce() throws Exception {
        String once = "<urn:s> <urn:p> \"x\" .\n_:a <urn:q> _:b .\n_:b <urn:q> \"1\" .\n_:a <urn:r> <urn:s> .\n"
                + "<urn:s> <urn:p> <urn:o> <urn:g> .\n";
        String repeated = "<urn:s> <urn:p> \"x\" .\n_:a <urn:q> _:b .\n<urn:s> <urn:p> <urn:o> <urn:g> .\n"
                + "_:b <urn:q> \"1\" .\n<urn:s> <urn:p> \"x\" .\n_:a <urn:r> <urn:s> .\n_:a <urn:q> _:b .\n"
                + "<urn:s> <urn:p> <urn:o> <urn:g> .\n<urn:s> <urn:p> \"x\" .\n_:b <urn:q> \"1\" .\n";
        CanonicalDataset expected = Rdfc.canonicalizeNQuads(once, RdfcOptions.defaults());
        CanonicalDataset actual = Rdfc.canonicalizeNQuads(repeated, RdfcOptions.defaults());
        assertEquals(expected.nquads(), actual.nquads());
        assertEquals(expected.issuedIdentifiers(), actual.issuedIdentifiers());
        assertEquals(5, actual.nquads().lines().count());
        assertEquals(1, actual.nquads().lines().filter("<urn:s> <urn:p> \"x\" ."::equals).count());
    }

    /**
     * QuadSink takes IRIs as they come, trusting JSON-LD to RDF to leave out what it must drop: a relative
     * {@code @id}, type, IRI value or datatype, an IRI with white space, a blank node predicate. Those must never
     * reach the canonical form (it would then differ from every other processor's, and name nodes no signer
     * meant), whether the fast one-pass conversion or Titanium's full algorithms handle the document.
     */
    @Test
    void whatJsonLdToRdfDropsNeverReachesTheCanonicalForm() throws Exception {
        RdfcOptions lenient = RdfcOptions.defaults().withSafeMode(false);
        String context = "{\"@vocab\": \"urn:v:\", \"link\": {\"@id\": \"urn:v:link\", \"@type\": \"@id\"},"
                + " \"dated\": {\"@id\": \"urn:v:dated\", \"@type\": \"relative-datatype\"},"
                + " \"hidden\": {\"@id\": \"_:predicate\"}}";
        JsonObject clean = TestFiles.parse("{\"@context\": " + context + ", \"@id\": \"urn:s\", \"name\": \"n\","
                + " \"link\": \"urn:o\"}");
        String expected = Rdfc.canonicalize(clean, lenient);
        assertEquals("<urn:s> <urn:v:link> <urn:o> .\n<urn:s> <urn:v:name> \"n\" .\n", expected);
        List<String> junk = List.of(
                "\"link\": [\"urn:o\", \"relative/iri\"]",               // a relative IRI value
                "\"link\": [\"urn:o\", \"http://ex ample.org/\"]",       // white space in an IRI
                "\"dated\": \"2026\"",                                      // a relative datatype
                "\"hidden\": \"value of a blank node predicate\"",
                "\"type\": \"relative-type\", \"@type\": \"relative-type\"",
                "\"child\": {\"@id\": \"relative-child\", \"name\": \"c\"}");
        for (String extra : junk) {
            JsonObject doc = TestFiles.parse("{\"@context\": " + context + ", \"@id\": \"urn:s\", \"name\": \"n\","
                    + " \"link\": \"urn:o\", " + extra.replace("\"link\": \"urn:o\", ", "") + "}");
            String actual = Rdfc.canonicalize(doc, lenient);
            for (String line : actual.lines().toList()) {
                for (String iri : line.split(" ")) {
                    if (iri.startsWith("<")) {
                        assertTrue(iri.startsWith("<urn:") || iri.equals("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"), extra + " put " + iri + " in the canonical form:\n" + actual);
                    }
                }
                assertTrue(!line.startsWith("_:") || line.contains("<urn:v:"), extra + " kept a blank node predicate: " + line);
            }
        }
    }

    /**
     * An attack on the sort-only de-duplication of ground quads: a value repeated 50,000 times must not be kept
     * (and sorted) 50,000 times; past a small number the lines are de-duplicated on the way in.
     */
    @Test
    void aValueRepeatedManyTimesIsKeptOnce() throws Exception {
        Rdfc10 canon = new Rdfc10("SHA-256", 1000);
        for (int i = 0; i < 50_000; i++) {
            canon.add("<urn:s>", "<urn:p>", i % 3 == 0 ? "<urn:o" + (i % 7) + ">" : "\"true\"", null);
        }
        assertTrue(canon.groundLinesKept() <= Rdfc10.GROUND_LINES_BEFORE_HASHING + 8, "kept " + canon.groundLinesKept());
        String out = canon.canonicalize();
        assertEquals(8, out.lines().count(), out);
        assertEquals(1, out.lines().filter("<urn:s> <urn:p> \"true\" ."::equals).count());

        StringBuilder many = new StringBuilder("{\"@context\": {\"@vocab\": \"urn:v#\"}, \"@id\": \"urn:s\", \"r\": [true");
        for (int i = 0; i < 20_000; i++) {
            many.append(", true");
        }
        String nq = Rdfc.canonicalize(TestFiles.parse(many.append("]}").toString()));
        assertEquals("<urn:s> <urn:v#r> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n", nq);
    }

    @Test
    void registeredContextsAreUsed() throws Exception {
        ContextRegistry mine = ContextRegistry.bundled().toBuilder()
                .register("https://example.com/agent/v1", TestFiles.parse("{\"@context\": {\"task\": \"https://example.com/agent#task\"}}"))
                .build();
        JsonObject doc = TestFiles.parse("{\"@context\": \"https://example.com/agent/v1\", \"@id\": \"urn:a\", \"task\": \"t\"}");
        assertEquals("<urn:a> <https://example.com/agent#task> \"t\" .\n", Rdfc.canonicalize(doc, RdfcOptions.defaults().withContexts(mine)));
        assertThrows(JsonLdException.class, () -> Rdfc.canonicalize(doc));
    }

    /** Caches are shared between threads: results must not depend on concurrency. */
    @Test
    void concurrentCanonicalizationGivesTheSameResults() throws Exception {
        List<JsonObject> docs = new ArrayList<>();
        docs.add(TestFiles.json("/credentials/agent-capability.json"));
        docs.add(TestFiles.json("/credentials/agent-capability-proof-config.json"));
        docs.add(TestFiles.json("/vectors/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"));
        JsonArray cases = JSON.createReader(new java.io.StringReader(TestFiles.text("/fastpath/cases.json"))).readArray();
        for (int i = 0; i < cases.size(); i++) {
            docs.add(cases.getJsonObject(i));
        }
        ContextRegistry fresh = ContextRegistry.bundled().toBuilder().build(); // cold caches, filled concurrently
        RdfcOptions opts = RdfcOptions.defaults().withContexts(fresh).withSafeMode(false);
        List<String> expected = new ArrayList<>();
        for (JsonObject d : docs) {
            expected.add(result(d, RdfcOptions.defaults().withSafeMode(false)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        for (int i = 0; i < docs.size(); i++) {
                            int k = (i + offset) % docs.size();
                            if (!expected.get(k).equals(result(docs.get(k), opts))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String result(JsonObject doc, RdfcOptions opts) {
        try {
            return Rdfc.canonicalize(doc, opts);
        } catch (JsonLdException e) {
            return "error " + e.type();
        }
    }
}
