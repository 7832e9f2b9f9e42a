package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.processor.ExpansionProcessor;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpanderTest {

    static final String V2 = "\"@context\": [\"https://www.w3.org/ns/credentials/v2\"]";

    @ParameterizedTest
    @ValueSource(strings = {
            "/vectors/vc-di-eddsa/unsigned.json",
            "/vectors/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json",
            "/vectors/vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json",
            "/vectors/vc-di-eddsa/Ed25519Signature2020/signedEdSig.json",
            "/vectors/vc-di-eddsa/proof-set-chain/signedProofChain2.json",
            "/vectors/vc-data-model-2.0-test-suite/input/credential-status-ok.json"})
    void cachedContextsGiveTitaniumsExpansion(String path) throws Exception {
        JsonObject doc = TestFiles.json(path);
        for (boolean safe : new boolean[] {true, false}) {
            JsonArray expected = ExpansionProcessor.expand(JsonDocument.of(doc),
                    Expander.titaniumOptions(ContextRegistry.bundled(), safe), false);
            for (int i = 0; i < 3; i++) { // first call fills the cache, the next ones use it
                assertEquals(expected, Expander.expand(doc, ContextRegistry.bundled(), safe), path);
            }
        }
    }

    @Test
    void undefinedTermIsDataLossInSafeModeNamingTermAndPath() {
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"type\": \"VerifiableCredential\", \"issuer\": \"did:example:1\","
                + " \"credentialSubject\": {\"id\": \"did:example:2\", \"favouriteColour\": \"blue\"}}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertTrue(e.getMessage().contains("favouriteColour"), e.getMessage());
        assertEquals("/credentialSubject/favouriteColour", e.path());
    }

    @Test
    void dataLossPathIsWhereExpansionMeetsTheTermNotItsFirstOccurrence() {
        // verifiableCredential's scoped context is null: an embedded credential needs its own @context
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"urn:vp\", \"type\": \"VerifiablePresentation\","
                + " \"verifiableCredential\": [{" + V2 + ", \"id\": \"urn:vc1\", \"type\": \"VerifiableCredential\"},"
                + " {\"id\": \"urn:vc2\", \"type\": \"VerifiableCredential\"}]}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertEquals("/verifiableCredential/1/id", e.path());

        JsonObject deepRelative = TestFiles.parse("{" + V2 + ", \"id\": \"urn:x\", \"type\": \"VerifiableCredential\","
                + " \"credentialSubject\": [{\"id\": \"did:example:1\"}, {\"id\": \"subjects/2\"}], \"name\": \"subjects/2\"}");
        e = assertThrows(JsonLdException.class, () -> Expander.expand(deepRelative));
        assertEquals("/credentialSubject/1/id", e.path());
    }

    @Test
    void withoutSafeModeUndefinedTermsAreDropped() throws Exception {
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"urn:x\", \"type\": \"VerifiableCredential\", \"favouriteColour\": \"blue\"}");
        JsonArray out = Expander.expand(doc, ContextRegistry.bundled(), false);
        assertTrue(out.getJsonObject(0).keySet().stream().noneMatch(k -> k.contains("favouriteColour")));
    }

    @Test
    void relativeIdIsDataLoss() {
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"credentials/1\", \"type\": \"VerifiableCredential\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertTrue(e.getMessage().contains("credentials/1") && e.getMessage().contains("@id"), e.getMessage());
        assertEquals("/id", e.path());
    }

    @Test
    void relativeTypeIsDataLoss() {
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"urn:x\", \"type\": [\"VerifiableCredential\", \"MadeUpType\"]}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertTrue(e.getMessage().contains("MadeUpType"), e.getMessage());
        assertEquals("/type/1", e.path());
    }

    @Test
    void relativeIriValueIsDataLoss() {
        // issuer is typed @id in the v2 context: a relative value would be dropped
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"urn:x\", \"type\": \"VerifiableCredential\", \"issuer\": \"issuers/1\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertEquals("/issuer", e.path());
    }

    @Test
    void relativeDatatypeIsDataLoss() {
        JsonObject doc = TestFiles.parse("{" + V2 + ", \"id\": \"urn:x\", \"name\": {\"@value\": \"x\", \"@type\": \"notAnIri\"}}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
        assertTrue(e.getMessage().contains("notAnIri"), e.getMessage());
    }

    @Test
    void blankNodePropertyIsDataLoss() {
        JsonObject doc = TestFiles.parse("{\"@context\": {\"p\": \"_:p\"}, \"@id\": \"urn:x\", \"p\": \"v\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.DATA_LOSS_DETECTION_ERROR, e.type());
    }

    @Test
    void tooDeepIsRefusedBeforeProcessing() {
        StringBuilder b = new StringBuilder("{\"@context\": {\"@vocab\": \"urn:v:\"}, \"a\": ");
        int depth = Expander.MAX_DEPTH + 10;
        b.append("{\"a\": ".repeat(depth)).append("1").append("}".repeat(depth)).append("}");
        JsonObject doc = TestFiles.parse(b.toString());
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.type());
    }

    @Test
    void invalidJsonLdIsAParsingError() {
        JsonObject doc = TestFiles.parse("{\"@context\": {\"@vocab\": \"urn:v:\"}, \"@id\": \"urn:x\", \"@type\": 5}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.PARSING_ERROR, e.type());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void protectedTermRedefinitionIsAParsingError() {
        JsonObject doc = TestFiles.parse("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", {\"name\": \"urn:mine\"}],"
                + " \"id\": \"urn:x\", \"name\": \"n\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.PARSING_ERROR, e.type());
        assertTrue(e.getMessage().contains("PROTECTED_TERM_REDEFINITION"), e.getMessage());
    }
}
