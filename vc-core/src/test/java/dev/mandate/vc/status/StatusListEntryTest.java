package dev.mandate.vc.status;

import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusListEntryTest {

    static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    static final String ENTRY = """
            {"id": "https://example.com/credentials/status/3#94567",
             "type": "BitstringStatusListEntry",
             "statusPurpose": "revocation",
             "statusListIndex": "94567",
             "statusListCredential": "https://example.com/credentials/status/3"}""";

    @Test
    void parsesTheSpecEntryAndWritesItBack() throws StatusListException {
        StatusListEntry e = StatusListEntry.parse(json(ENTRY), "/credentialStatus");
        assertEquals(StatusPurpose.REVOCATION, e.purpose());
        assertEquals(94567, e.index());
        assertEquals("https://example.com/credentials/status/3", e.statusListCredential());
        assertEquals(1, e.statusSize());
        assertEquals(json(ENTRY), e.toJson());
        assertEquals(e, StatusListEntry.of(StatusPurpose.REVOCATION, "https://example.com/credentials/status/3", 94567));
    }

    @Test
    void parsesMessageEntries() throws StatusListException {
        StatusListEntry e = StatusListEntry.parse(json("""
                {"type": "BitstringStatusListEntry", "statusPurpose": "message", "statusListIndex": "7",
                 "statusSize": 2, "statusListCredential": "https://example.com/status/8",
                 "statusMessage": [{"status":"0x0","message":"pending_review"},{"status":"0x1","message":"accepted"},
                                   {"status":"0x2","message":"rejected"}],
                 "statusReference": "https://example.org/status-dictionary/"}"""), "");
        assertEquals(2, e.statusSize());
        assertEquals("rejected", e.messageFor(2).orElseThrow());
        assertTrue(e.messageFor(3).isEmpty());
        assertTrue(e.entryId().isEmpty());
        assertEquals(e, StatusListEntry.parse(e.toJson(), ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"Other\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"1\",\"statusListCredential\":\"https://x/s\"}|/s/type",
            "{\"type\":\"BitstringStatusListEntry\",\"statusListIndex\":\"1\",\"statusListCredential\":\"https://x/s\"}|/s/statusPurpose",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"bogus\",\"statusListIndex\":\"1\",\"statusListCredential\":\"https://x/s\"}|/s/statusPurpose",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":1,\"statusListCredential\":\"https://x/s\"}|/s/statusListIndex",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"-1\",\"statusListCredential\":\"https://x/s\"}|/s/statusListIndex",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"0x10\",\"statusListCredential\":\"https://x/s\"}|/s/statusListIndex",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"99999999999999999999999\",\"statusListCredential\":\"https://x/s\"}|/s/statusListIndex",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"1\"}|/s/statusListCredential",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":\"1\",\"statusListCredential\":\"nourl\"}|/s/statusListCredential",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"message\",\"statusListIndex\":\"1\",\"statusSize\":2,\"statusListCredential\":\"https://x/s\"}|/s/statusMessage",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"message\",\"statusListIndex\":\"1\",\"statusSize\":9,\"statusListCredential\":\"https://x/s\"}|/s/statusSize",
            "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"message\",\"statusListIndex\":\"1\",\"statusSize\":2,\"statusMessage\":[{\"status\":\"2\",\"message\":\"x\"}],\"statusListCredential\":\"https://x/s\"}|/s/statusMessage/0/status",
    })
    void malformedEntriesNameTheMember(String entry, String path) {
        StatusListException e = assertThrows(StatusListException.class, () -> StatusListEntry.parse(json(entry), "/s"));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        assertEquals(path, e.path(), e.getMessage());
    }

    @Test
    void listCredentialRoundTripsThroughTheUnsignedBuilder() throws StatusListException {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        bits.set(1234, 1);
        JsonObject vc = StatusListCredential.unsigned("https://issuer.example/status-lists/a", "did:example:issuer",
                StatusPurpose.SUSPENSION, bits, Duration.ofMinutes(5));
        StatusListCredential list = StatusListCredential.parse(vc);
        assertEquals("did:example:issuer", list.issuer());
        assertEquals(List.of(StatusPurpose.SUSPENSION), list.purposes());
        assertEquals(300_000, list.ttlMillis());
        assertEquals("https://issuer.example/status-lists/a#list", list.subjectId());
        assertEquals(1, list.bitstring(1).get(1234));
        assertEquals(0, list.bitstring(1).get(1233));
        JsonObject noTtl = StatusListCredential.unsigned("https://i/s", "did:example:i", StatusPurpose.REVOCATION, bits, Duration.ZERO);
        assertFalse(noTtl.getJsonObject("credentialSubject").containsKey("ttl"));
        assertTrue(StatusListCredential.parse(noTtl).ttl().isEmpty());
    }

    @Test
    void somethingThatIsNotAStatusListCredentialIsMalformed() {
        JsonObject plain = json("""
                {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
                 "issuer":"did:example:i","credentialSubject":{"id":"did:example:s"}}""");
        StatusListException e = assertThrows(StatusListException.class, () -> StatusListCredential.parse(plain));
        assertEquals("/type", e.path());
        JsonObject badTtl = json("""
                {"type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":"did:example:i",
                 "credentialSubject":{"type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"uH4sI","ttl":-5}}""");
        assertEquals("/credentialSubject/ttl", assertThrows(StatusListException.class, () -> StatusListCredential.parse(badTtl)).path());
        JsonObject noList = json("""
                {"type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":"did:example:i",
                 "credentialSubject":{"type":"BitstringStatusList","statusPurpose":["revocation","suspension"]}}""");
        assertEquals("/credentialSubject/encodedList", assertThrows(StatusListException.class, () -> StatusListCredential.parse(noList)).path());
    }
}
