package dev.mandate.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of docs/a2a.md is what the code produces, and verifies. */
class DocumentedExampleTest {
    /** RFC 8032 section 7.1, test 1. */
    static final String SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /** The code block after {@code <!-- marker -->} in docs/a2a.md. */
    static String block(String marker) throws Exception {
        String md = Files.readString(Path.of("..", "docs", "a2a.md"));
        int at = md.indexOf("<!-- " + marker + " -->");
        assertTrue(at > 0, "docs/a2a.md has no " + marker + " marker");
        int start = md.indexOf('\n', md.indexOf("```", at)) + 1;
        return md.substring(start, md.indexOf("\n```", start));
    }

    @Test
    void theWorkedExampleIsReproducedExactly() throws Exception {
        KeyMaterial key = KeyMaterial.fromPrivateKey(KeyType.ED25519, HexFormat.of().parseHex(SECRET));
        String mk = key.publicKey().toMultikey();
        String kid = DidKey.didFor(key.publicKey()) + "#" + mk;
        JsonObject card = BoundedJson.parseObject(block("a2a-example-card"));

        assertEquals(block("a2a-example-payload"), new String(AgentCards.payload(card), StandardCharsets.UTF_8));
        AgentCardSignature sig = new AgentCardSigner(key.signer(), kid).signature(card);
        assertEquals(block("a2a-example-header"), new String(Base64.getUrlDecoder().decode(sig.protectedHeader()), StandardCharsets.UTF_8));
        assertEquals(BoundedJson.parseObject(block("a2a-example-signature")), sig.toJson());

        JsonObject signed = Jsonp.PROVIDER.createObjectBuilder(card)
                .add("signatures", Jsonp.PROVIDER.createArrayBuilder().add(BoundedJson.parseObject(block("a2a-example-signature")))).build();
        AgentCardVerification v = AgentCardVerifier.builder(AgentCardSigningTest.OFFLINE).build().verify(signed);
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(List.of(DidKey.didFor(key.publicKey())), v.signers());
    }
}
