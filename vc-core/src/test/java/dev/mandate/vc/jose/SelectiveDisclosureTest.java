package dev.mandate.vc.jose;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectiveDisclosureTest {
    private static JsonObject json(String s) throws Exception {
        return BoundedJson.parseObject(s.replace('\'', '"'));
    }

    private static final String AGENT = "{'issuer':'did:example:i','credentialSubject':{'id':'did:example:a','name':'Agent 7',"
            + "'capability':[{'action':'read','resource':'crm'},{'action':'write','resource':'crm'},{'action':'pay','limit':100}],"
            + "'owner':{'org':'ACME','email':'ops@acme.example'}}}";

    @Test
    void concealThenRevealAllGivesTheOriginalBack() throws Exception {
        JsonObject claims = json(AGENT);
        List<String> pointers = List.of("/credentialSubject/name", "/credentialSubject/capability/0", "/credentialSubject/capability/2",
                "/credentialSubject/owner/email", "/credentialSubject/owner");
        SelectiveDisclosure.Concealed c = SelectiveDisclosure.conceal(claims, pointers, 2);
        assertEquals(5, c.disclosures().size());
        assertEquals(Set.copyOf(pointers), c.byPointer().keySet());
        JsonObject subject = c.payload().getJsonObject("credentialSubject");
        assertFalse(subject.containsKey("name"));
        assertFalse(subject.containsKey("owner"));
        assertEquals(2 + 2, subject.getJsonArray("_sd").size(), "name and owner digests plus two decoys");
        JsonArray caps = subject.getJsonArray("capability");
        assertEquals(Set.of("..."), caps.getJsonObject(0).keySet());
        assertEquals("write", caps.getJsonObject(1).getString("action"));
        assertEquals("sha-256", c.payload().getString("_sd_alg"));
        // owner is recursive: its own disclosure carries the email digest
        JsonObject ownerValue = c.byPointer().get("/credentialSubject/owner").value().asJsonObject();
        assertEquals("ACME", ownerValue.getString("org"));
        assertTrue(ownerValue.containsKey("_sd"));

        SelectiveDisclosure.Revealed all = SelectiveDisclosure.reveal(c.payload(), reparse(c.disclosures()));
        assertEquals(claims, all.claims());
        assertEquals(Set.copyOf(pointers), all.disclosedAt().keySet());
    }

    @Test
    void revealingSomeRemovesTheRest() throws Exception {
        SelectiveDisclosure.Concealed c = SelectiveDisclosure.conceal(json(AGENT), List.of("/credentialSubject/name",
                "/credentialSubject/capability/0", "/credentialSubject/capability/1", "/credentialSubject/capability/2"), 0);
        List<Disclosure> one = List.of(c.byPointer().get("/credentialSubject/capability/1"));
        JsonObject shown = SelectiveDisclosure.reveal(c.payload(), one).claims();
        JsonObject subject = shown.getJsonObject("credentialSubject");
        assertFalse(subject.containsKey("name"));
        assertFalse(subject.containsKey("_sd"));
        assertFalse(shown.containsKey("_sd_alg"));
        assertEquals(1, subject.getJsonArray("capability").size());
        assertEquals("write", subject.getJsonArray("capability").getJsonObject(0).getString("action"));
    }

    private static List<Disclosure> reparse(List<Disclosure> ds) throws JoseException {
        List<Disclosure> out = new ArrayList<>();
        for (Disclosure d : ds) out.add(Disclosure.parse(d.encoded()));
        return out;
    }

    @Test
    void alteredForeignAndDuplicateDisclosuresAreRejected() throws Exception {
        SelectiveDisclosure.Concealed c = SelectiveDisclosure.conceal(json(AGENT), List.of("/credentialSubject/name"), 0);
        Disclosure name = c.disclosures().get(0);
        Disclosure forged = Disclosure.forProperty(name.salt(), "name", Json.createValue("Agent 8"));
        JoseException e = assertThrows(JoseException.class, () -> SelectiveDisclosure.reveal(c.payload(), List.of(forged)));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, e.type());
        assertTrue(e.getMessage().contains("not referenced"), e.getMessage());
        e = assertThrows(JoseException.class, () -> SelectiveDisclosure.reveal(c.payload(), List.of(name, name)));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void structuralViolationsAreRejected() throws Exception {
        Disclosure prop = Disclosure.forProperty("salt1", "x", Json.createValue(1));
        Disclosure elem = Disclosure.forArrayElement("salt2", Json.createValue(2));
        Disclosure clash = Disclosure.forProperty("salt3", "a", Json.createValue(3));
        String p = prop.digest();
        String el = elem.digest();
        // array-element disclosure referenced from _sd
        assertMalformed(json("{'_sd':['" + el + "']}"), elem);
        // property disclosure referenced from an array
        assertMalformed(json("{'arr':[{'...':'" + p + "'}]}"), prop);
        // the same digest twice
        assertMalformed(json("{'_sd':['" + p + "','" + p + "']}"), prop);
        assertMalformed(json("{'_sd':['" + p + "'],'o':{'_sd':['" + p + "']}}"), prop);
        // disclosed name already present
        assertMalformed(json("{'a':0,'_sd':['" + clash.digest() + "']}"), clash);
        // _sd not an array of strings, nested _sd_alg, '...' outside arrays
        assertMalformed(json("{'_sd':'x'}"));
        assertMalformed(json("{'_sd':[1]}"));
        assertMalformed(json("{'o':{'_sd_alg':'sha-256'}}"));
        assertMalformed(json("{'o':{'...':'x','y':1}}"));
        JoseException e = assertThrows(JoseException.class, () -> SelectiveDisclosure.reveal(json("{'_sd_alg':'sha-1'}"), List.of()));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, e.type());
    }

    private static void assertMalformed(JsonObject payload, Disclosure... ds) {
        JoseException e = assertThrows(JoseException.class, () -> SelectiveDisclosure.reveal(payload, List.of(ds)));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type(), e.getMessage());
    }

    @Test
    void undisclosedDigestsAndDecoysAreIgnored() throws Exception {
        JsonObject payload = json("{'_sd':['" + Disclosure.decoyDigest() + "'],'arr':[1,{'...':'" + Disclosure.decoyDigest() + "'},3]}");
        JsonObject out = SelectiveDisclosure.reveal(payload, List.of()).claims();
        assertEquals(json("{'arr':[1,3]}"), out);
    }

    @Test
    void concealRefusesBadPointersAndReservedNames() throws Exception {
        JsonObject claims = json(AGENT);
        for (String bad : List.of("", "credentialSubject", "/nope", "/credentialSubject/capability/9", "/credentialSubject/capability/01")) {
            JoseException e = assertThrows(JoseException.class, () -> SelectiveDisclosure.conceal(claims, List.of(bad), 0), bad);
            assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        }
        assertThrows(JoseException.class, () -> SelectiveDisclosure.conceal(json("{'a':{'_sd':[]}}"), List.of("/a"), 0));
        assertThrows(JoseException.class, () -> SelectiveDisclosure.conceal(json("{'_sd_alg':'x','a':1}"), List.of("/a"), 0));
    }

    @Test
    void saltsAreFreshAndDecoysLookLikeDigests() {
        Set<String> salts = java.util.stream.IntStream.range(0, 100).mapToObj(i -> Disclosure.newSalt()).collect(Collectors.toSet());
        assertEquals(100, salts.size());
        salts.forEach(s -> assertEquals(22, s.length()));
        assertEquals(43, Disclosure.decoyDigest().length());
    }

    @Test
    void disclosureParsingRejectsJunk() {
        for (String bad : List.of("", "!!!", "e30", "WzFd", "WyJzIiwxLDIsM10", "WzEsMl0", "WyJzIiwxLDJd", "WyJzIiwiX3NkIiwxXQ")) {
            assertThrows(JoseException.class, () -> Disclosure.parse(bad), bad);
        }
    }

    /**
     * A Disclosure re-spelled in its last character's spare bits (4 of them for length 2 mod 4, 2 for
     * 3 mod 4) decodes to the same JSON but is refused, as is the padded form.
     */
    @Test
    void disclosureWithNonCanonicalBase64UrlIsRefused() throws Exception {
        Set<Integer> seen = new java.util.HashSet<>();
        for (int n = 0; n < 6; n++) {
            Disclosure d = Disclosure.forProperty("salt" + "s".repeat(n), "name", Json.createValue("v"));
            String encoded = d.encoded();
            assertEquals(d, Disclosure.parse(encoded));
            if (encoded.length() % 4 == 0) continue;
            seen.add(encoded.length() % 4);
            JoseException e = assertThrows(JoseException.class, () -> Disclosure.parse(Spellings.respell(encoded)));
            assertEquals(ErrorType.PARSING_ERROR, e.type());
            assertEquals("disclosure is not canonical base64url (non-zero trailing bits); re-encode it", e.getMessage());
            JoseException p = assertThrows(JoseException.class, () -> Disclosure.parse(Spellings.padded(encoded)));
            assertEquals(ErrorType.PARSING_ERROR, p.type());
            assertTrue(p.getMessage().startsWith("disclosure is not canonical base64url (padding '='"), p.getMessage());
        }
        assertEquals(Set.of(2, 3), seen);
    }

    @Test
    void arrayElementDisclosureValueIsKept() throws Exception {
        Disclosure d = Disclosure.forArrayElement("abc", JsonValue.TRUE);
        Disclosure back = Disclosure.parse(d.encoded());
        assertTrue(back.isArrayElement());
        assertEquals(JsonValue.TRUE, back.value());
        assertEquals(d.digest(), back.digest());
        assertEquals("abc", back.salt());
    }
}
