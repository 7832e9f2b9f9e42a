package dev.mandate.vc.canon;

import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.processor.ToRdfProcessor;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import dev.mandate.vc.jsonld.ContextRegistry;
import dev.mandate.vc.jsonld.Expander;
import dev.mandate.vc.jsonld.TestFiles;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Canonical forms of the W3C Data Integrity vectors, and agreement with Titanium's own RDFC implementation. */
class RdfcVectorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "vc-di-eddsa/unsigned.json, vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt",
            "vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json, vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt",
            "vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json, vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt",
            "vc-di-eddsa/Ed25519Signature2020/signedEdSig.json, vc-di-eddsa/Ed25519Signature2020/canonDocEdSig.txt",
            "vc-di-eddsa/Ed25519Signature2020/proofConfigEdSig.json, vc-di-eddsa/Ed25519Signature2020/proofCanonEdSig.txt",
            "vc-di-ecdsa/unsigned.json, vc-di-ecdsa/ecdsa-rdfc-2019-p256/canonDocECDSAP256.txt",
            "vc-di-ecdsa/ecdsa-rdfc-2019-p256/signedECDSAP256.json, vc-di-ecdsa/ecdsa-rdfc-2019-p256/canonDocECDSAP256.txt",
            "vc-di-ecdsa/ecdsa-rdfc-2019-p256/proofConfigECDSAP256.json, vc-di-ecdsa/ecdsa-rdfc-2019-p256/proofCanonECDSAP256.txt",
            "vc-di-ecdsa/ecdsa-rdfc-2019-p384/signedECDSAP384.json, vc-di-ecdsa/ecdsa-rdfc-2019-p384/canonDocECDSAP384.txt",
            "vc-di-ecdsa/ecdsa-rdfc-2019-p384/proofConfigECDSAP384.json, vc-di-ecdsa/ecdsa-rdfc-2019-p384/proofCanonECDSAP384.txt",
    })
    void canonicalFormEqualsTheVector(String input, String expected) throws Exception {
        JsonObject doc = TestFiles.json("/vectors/" + input);
        if (doc.containsKey("proof")) { // a signed credential: the document part is everything but the proof
            doc = jakarta.json.Json.createObjectBuilder(doc).remove("proof").build();
        }
        String want = TestFiles.text("/vectors/" + expected);
        for (int i = 0; i < 3; i++) {
            assertEquals(want, Rdfc.canonicalize(doc));
        }
    }

    static Stream<String> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(RdfcVectorsTest.class.getResource("/vectors").toURI());
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList().stream();
        }
    }

    /**
     * For every JSON-LD document of the corpus that Titanium can convert to RDF offline, our canonical form is
     * the one Titanium's own expansion, RDF conversion and titanium-rdfc give.
     */
    @ParameterizedTest
    @MethodSource("corpus")
    void agreesWithTitaniumRdfc(String path) throws Exception {
        JsonObject doc = TestFiles.json("/vectors/" + path);
        String expected;
        try {
            RdfCanon canon = RdfCanon.create("SHA-256");
            ToRdfProcessor.toRdf(canon, JsonDocument.of(doc), Expander.titaniumOptions(ContextRegistry.bundled(), false));
            StringWriter w = new StringWriter();
            canon.provide(new NQuadsWriter(w));
            expected = w.toString();
        } catch (Exception e) {
            // not processable offline (e.g. an unbundled context): ours must fail too
            org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.jsonld.JsonLdException.class,
                    () -> Rdfc.canonicalize(doc, RdfcOptions.defaults().withSafeMode(false)), path);
            return;
        }
        assertEquals(expected, Rdfc.canonicalize(doc, RdfcOptions.defaults().withSafeMode(false)), path);
    }
}
