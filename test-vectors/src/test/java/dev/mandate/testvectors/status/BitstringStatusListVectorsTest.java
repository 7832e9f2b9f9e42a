package dev.mandate.testvectors.status;

import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bitstring Status List 1.0 vectors: the spec's examples (vectors/bitstring-status-list) and the
 * credential the W3C status-list test suite sends to an issuer (vectors/vc-bitstring-status-list-test-suite).
 */
class BitstringStatusListVectorsTest {

    static String text(String path) throws IOException {
        try (InputStream in = BitstringStatusListVectorsTest.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing vector " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The spec's .txt examples are JSON with // comments and "..." elisions. */
    static JsonObject json(String path) throws IOException {
        String t = text(path).replaceAll("(?m)^\\s*//.*$", "").replaceAll(",\\s*\\.\\.\\.", "");
        try (JsonReader r = Json.createReader(new StringReader(t))) {
            return r.readObject();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"example-03.json", "example-05.json"})
    void specStatusListCredentialsDecodeToAnEmptyMinimumSizeList(String file) throws Exception {
        StatusListCredential list = StatusListCredential.parse(json("bitstring-status-list/spec-examples/" + file));
        assertEquals("did:example:12345", list.issuer());
        assertEquals(List.of(StatusPurpose.REVOCATION), list.purposes());
        assertEquals("https://example.com/credentials/status/3", list.id());
        StatusBitstring bits = list.bitstring(1);
        assertEquals(StatusBitstring.MIN_ENTRIES, bits.entries());
        for (byte b : bits.toByteArray()) {
            assertEquals(0, b);
        }
        // the entry of example 4 points into this list, inside its range
        StatusListEntry e = StatusListEntry.parse(new Credential(json("bitstring-status-list/spec-examples/example-04.json"))
                .credentialStatus().get(0), "/credentialStatus");
        assertEquals(list.id(), e.statusListCredential());
        assertEquals(0, bits.get(e.index()));
        // re-encoding our way decodes to the same bitstring
        assertEquals(bits, StatusBitstring.decode(bits.encode(), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example-01.json", "example-04.json", "example-06.txt", "example-07.txt", "example-02.txt"})
    void specEntriesParseAndRoundTrip(String file) throws Exception {
        JsonObject vc = json("bitstring-status-list/spec-examples/" + file);
        List<JsonObject> status = new Credential(vc).credentialStatus();
        assertTrue(!status.isEmpty());
        for (int i = 0; i < status.size(); i++) {
            StatusListEntry e = StatusListEntry.parse(status.get(i), "/credentialStatus/" + i);
            assertEquals(e, StatusListEntry.parse(e.toJson(), ""));
            assertEquals(status.get(i).getString("statusListIndex"), Long.toString(e.index()));
            assertEquals(status.get(i).getString("statusPurpose"), e.purpose().jsonName());
        }
    }

    @Test
    void example02MessageEntryKeepsItsMessages() throws Exception {
        StatusListEntry e = StatusListEntry.parse(new Credential(json("bitstring-status-list/spec-examples/example-02.txt"))
                .credentialStatus().get(0), "/credentialStatus");
        assertEquals(StatusPurpose.MESSAGE, e.purpose());
        assertEquals(2, e.statusSize());
        assertEquals("accepted", e.messageFor(1).orElseThrow());
        assertEquals("https://example.org/status-dictionary/", e.statusReference());
    }

    @Test
    void testSuiteCredentialIssuedWithStatusVerifiesThenFailsWhenRevoked() throws Exception {
        JsonObject input = json("vc-bitstring-status-list-test-suite/validVc.json");
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        IssuerKey key = new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-rdfc-2022", k.signer());
        String url = "https://issuer.example/status-lists/1";
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        Issuer issuer = new Issuer();
        JsonObject unsigned = StatusListIssuer.withStatus(Json.createObjectBuilder(input).add("id", "urn:uuid:0e9c3d1a-1f9b-4c4e-8d1d-7a3f5b2c9e10").build(),
                List.of(StatusListEntry.of(StatusPurpose.REVOCATION, url, 31337)));
        JsonObject vc = issuer.issue(unsigned, key);
        assertTrue(DataModelValidator.validate(vc).isEmpty(), () -> DataModelValidator.validate(vc).toString());

        Map<String, JsonObject> served = new ConcurrentHashMap<>();
        StatusListIssuer lists = new StatusListIssuer(issuer);
        served.put(url, lists.sign(url, StatusPurpose.REVOCATION, bits, key, StatusListOptions.defaults().withTtl(Duration.ofMinutes(5))));
        StatusChecker checker = StatusChecker.builder().fetcher(u -> {
            JsonObject doc = served.get(u);
            if (doc == null) {
                throw new StatusFetchException("no list at " + u);
            }
            return FetchedList.of(doc.toString().getBytes(StandardCharsets.UTF_8));
        }).build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
        VerificationResult ok = verifier.verify(vc, VerifyOptions.none());
        assertTrue(ok.verified(), ok.toJson()::toString);
        assertTrue(ok.checks().contains("status"));

        bits.set(31337, 1);
        served.put(url, lists.sign(url, StatusPurpose.REVOCATION, bits, key, StatusListOptions.defaults().withTtl(Duration.ofMinutes(5))));
        checker.invalidate(url);
        VerificationResult revoked = verifier.verify(vc, VerifyOptions.none());
        assertEquals(ErrorType.CREDENTIAL_REVOKED, revoked.problems().get(0).type(), revoked.toJson()::toString);
    }
}
