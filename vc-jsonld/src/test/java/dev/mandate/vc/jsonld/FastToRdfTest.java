package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.processor.ToRdfProcessor;
import com.apicatalog.rdf.api.RdfQuadConsumer;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one-pass JSON-LD to RDF path must give exactly the graph of Titanium's expansion and RDF conversion,
 * and must never accept a document that the full algorithms reject (in safe mode: anything they would drop).
 * Graphs are compared after canonicalization by titanium-rdfc, an implementation independent of ours.
 */
class FastToRdfTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final ContextRegistry REG = ContextRegistry.bundled();

    enum Outcome { FAST, FALLBACK, REJECTED }

    /** Checks one document in one mode and says which path it took. */
    static Outcome check(String name, JsonObject doc, boolean safe) throws Exception {
        List<FastToRdf.Quad> fast = null;
        String unsupported = null;
        try {
            FastContext root = REG.cache().root(doc, safe);
            if (root != null) {
                fast = FastToRdf.convert(root, doc);
            }
        } catch (FastToRdf.Unsupported u) {
            unsupported = u.getMessage();
        } catch (JsonLdError e) {
            unsupported = e.toString();
        }
        String slow = null;
        JsonLdException slowError = null;
        try {
            JsonArray expanded = Expander.expand(doc, REG, safe);
            RdfCanon c = RdfCanon.create("SHA-256");
            ToRdfProcessor.toRdf(filtered(dedup(c)), expanded, REG.cache().options(safe));
            slow = canonical(c);
        } catch (JsonLdException e) {
            slowError = e;
        }
        if (fast == null) {
            return slowError == null ? Outcome.FALLBACK : Outcome.REJECTED;
        }
        if (slowError != null) {
            fail(name + " (safe=" + safe + "): the fast path accepted what the full algorithms reject: " + slowError.getMessage());
        }
        RdfCanon c = RdfCanon.create("SHA-256");
        RdfQuadConsumer dedup = dedup(c);
        for (FastToRdf.Quad q : fast) {
            dedup.quad(q.s(), q.p(), q.o(), q.datatype(), q.language(), null, q.g());
        }
        assertEquals(slow, canonical(c), name + " (safe=" + safe + ")");
        assertNull(null, unsupported);
        return Outcome.FAST;
    }

    @Test
    void corpusOfCredentialsPresentationsAndDidDocuments() throws Exception {
        int fast = 0;
        int total = 0;
        List<String> notFast = new ArrayList<>();
        for (String path : corpus()) {
            JsonObject doc = TestFiles.json("/vectors/" + path);
            for (boolean safe : new boolean[] {true, false}) {
                Outcome o = check(path, doc, safe);
                if (o != Outcome.REJECTED) {
                    total++;
                    if (o == Outcome.FAST) {
                        fast++;
                    } else if (safe) {
                        notFast.add(path);
                    }
                }
            }
        }
        // in safe mode every document Titanium accepts offline takes the fast path (none uses lists, maps or
        // @json); without safe mode, documents with dropped terms or relative IRIs fall back
        assertEquals(List.of(), notFast, "fell back in safe mode");
        assertTrue(fast > 150, "fast=" + fast);
    }

    @Test
    void handWrittenCasesCoverTheFeaturesAndTheFallbacks() throws Exception {
        JsonArray cases = JSON.createReader(new java.io.StringReader(TestFiles.text("/fastpath/cases.json"))).readArray();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject doc = cases.getJsonObject(i);
            outcomes.add(check("case " + i, doc, true));
            check("case " + i, doc, false);
        }
        // the first five exercise the supported features and must take the fast path
        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.FAST, outcomes.get(i), "case " + i);
        }
        assertTrue(outcomes.contains(Outcome.FALLBACK));
        assertTrue(outcomes.contains(Outcome.REJECTED));
    }

    @Test
    void theBenchmarkCredentialTakesTheFastPath() throws Exception {
        assertEquals(Outcome.FAST, check("agent", TestFiles.json("/credentials/agent-capability.json"), true));
        assertEquals(Outcome.FAST, check("proof config", TestFiles.json("/credentials/agent-capability-proof-config.json"), true));
    }

    /** Random credential-shaped documents built from the v2 and examples vocabularies. */
    @Test
    void randomCredentials() throws Exception {
        Random r = new Random(20260101);
        int fast = 0;
        for (int i = 0; i < 400; i++) {
            JsonObject doc = randomCredential(r);
            for (boolean safe : new boolean[] {true, false}) {
                if (check("random " + i + " " + doc, doc, safe) == Outcome.FAST) {
                    fast++;
                }
            }
        }
        assertTrue(fast > 200, "fast=" + fast);
    }

    // ------------------------------------------------------------------ helpers

    private static final String[] KEYS = {"id", "type", "name", "description", "issuer", "validFrom", "validUntil",
            "credentialSubject", "credentialStatus", "evidence", "termsOfUse", "refreshService", "credentialSchema",
            "proof", "holder", "verifiableCredential", "alumniOf", "degree", "score", "colour", "https://example.org/abs",
            "digestMultibase", "mediaType", "statusPurpose", "statusListIndex", "cryptosuite", "proofValue", "created",
            "verificationMethod", "proofPurpose", "previousProof", "challenge", "domain", "nonce", "relatedResource"};
    private static final String[] TYPES = {"VerifiableCredential", "ExampleCredential", "DataIntegrityProof",
            "BitstringStatusListEntry", "VerifiablePresentation", "Evidence", "JsonSchema", "https://example.org/T", "EnvelopedVerifiableCredential"};
    private static final String[] IRIS = {"urn:uuid:1", "did:example:a", "https://example.com/x", "_:b0", "_:b1", "did:key:z6Mk#z6Mk"};

    static JsonObject randomCredential(Random r) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        b.add("@context", JSON.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2").add("https://www.w3.org/ns/credentials/examples/v2"));
        fill(b, r, 3);
        return b.build();
    }

    private static void fill(JsonObjectBuilder b, Random r, int depth) {
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String k = KEYS[r.nextInt(KEYS.length)];
            if (k.equals("id")) {
                b.add(k, IRIS[r.nextInt(IRIS.length)]);
            } else if (k.equals("type")) {
                if (r.nextBoolean()) {
                    b.add(k, TYPES[r.nextInt(TYPES.length)]);
                } else {
                    b.add(k, JSON.createArrayBuilder().add(TYPES[r.nextInt(TYPES.length)]).add(TYPES[r.nextInt(TYPES.length)]));
                }
            } else {
                b.add(k, value(r, depth));
            }
        }
    }

    private static JsonValue value(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 9 : 6)) {
            case 0: return JSON.createValue("text " + r.nextInt(5));
            case 1: return JSON.createValue(IRIS[r.nextInt(IRIS.length)]);
            case 2: return JSON.createValue(r.nextInt(2000) - 1000);
            case 3: return r.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 4: return JSON.createValue("2024-0" + (1 + r.nextInt(9)) + "-01T00:00:00Z");
            case 5: return JSON.createObjectBuilder().add("@value", "v").add("@language", r.nextBoolean() ? "en" : "de-CH").build();
            case 6: {
                JsonArrayBuilder a = JSON.createArrayBuilder();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth - 1));
                }
                return a.build();
            }
            default: {
                JsonObjectBuilder o = JSON.createObjectBuilder();
                fill(o, r, depth - 1);
                return o.build();
            }
        }
    }

    static List<String> corpus() throws URISyntaxException, java.io.IOException {
        Path root = Path.of(FastToRdfTest.class.getResource("/vectors").toURI());
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json")).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /** Drops the quads JSON-LD to RDF conversion is not allowed to produce (as the canonicalizer's sink does). */
    private static RdfQuadConsumer filtered(RdfQuadConsumer next) {
        return (s, p, o, dt, lang, dir, g) -> {
            boolean literal = RdfQuadConsumer.isLiteral(dt, lang, dir);
            if (!Iris.isAbsolute(p) || !Iris.isNodeId(s) || (g != null && !Iris.isNodeId(g))
                    || (literal ? (dir == null && dt != null && !Iris.isAbsolute(dt)) : !Iris.isNodeId(o))) {
                return next;
            }
            return next.quad(s, p, o, dt, lang, dir, g);
        };
    }

    /** titanium-rdfc counts a repeated quad twice when hashing blank nodes; an RDF dataset is a set. */
    private static RdfQuadConsumer dedup(RdfQuadConsumer next) {
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        return (s, p, o, dt, lang, dir, g) -> seen.add(java.util.Arrays.asList(s, p, o, dt, lang, dir, g))
                ? next.quad(s, p, o, dt, lang, dir, g) : next;
    }

    private static String canonical(RdfCanon c) throws Exception {
        StringWriter w = new StringWriter();
        c.provide(new NQuadsWriter(w));
        return w.toString();
    }
}
