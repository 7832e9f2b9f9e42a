package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.authz.DecisionEvent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import io.modelcontextprotocol.spec.McpError;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java of docs/mcp.md, a2a.md (cards) and server.md on loopback servers, and what each must refuse. */
class ServiceExamplesTest {
    @TempDir
    Path tmp;

    static String did(KeyMaterial k) {
        return "did:key:" + k.publicKey().toMultikey();
    }

    static String vm(KeyMaterial k) {
        return did(k) + "#" + k.publicKey().toMultikey();
    }

    @Test
    void mcpToolCallsAreAuthorizedPerToolAndAmount() throws Exception {
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
        List<DecisionEvent> audit = Collections.synchronizedList(new ArrayList<>());
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        try (McpExamples.Shop shop = McpExamples.start(verifier, did(org), audit::add)) {
            String tools = "mcp+" + shop.origin() + "/mcp/tools/";
            JsonObject grant = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(did(agent), List.of(
                    Capability.of("invoke", tools + "search", Constraints.NONE),
                    Capability.of("invoke", tools + "pay_invoice", Constraints.builder().maxAmount(new BigDecimal("500"), "EUR").build())),
                    0, Workload.NONE, Duration.ofMinutes(5)), IssuerKey.didKey(org, "eddsa-jcs-2022"));
            List<JsonObject> chain = List.of(grant);

            String found = McpExamples.search(did(agent), vm(agent), agent, chain, shop.origin());
            assertTrue(found.startsWith("search done for " + did(agent)), found);
            RequestSigner signer = new RequestSigner(did(agent), vm(agent), agent.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(30));
            String paid = McpExamples.pay(signer, shop.origin(), Map.of("amount", "120.50", "currency", "EUR"));
            assertTrue(paid.startsWith("pay_invoice done for " + did(agent)), paid);
            McpError tooMuch = assertThrows(McpError.class, () -> McpExamples.pay(signer, shop.origin(), Map.of("amount", 900, "currency", "EUR")));
            assertTrue(tooMuch.getMessage().contains("AMOUNT_NOT_ALLOWED"), tooMuch.getMessage());
            // a stranger presenting the agent's chain
            KeyMaterial stranger = KeyMaterial.generate(KeyType.ED25519);
            assertThrows(Exception.class, () -> McpExamples.search(did(stranger), vm(stranger), stranger, chain, shop.origin()));
            assertTrue(audit.stream().anyMatch(e -> !e.decision().allow() && e.decision().reasons().toString().contains("HOLDER_MISMATCH")),
                    "the stranger was refused as not the chain's holder: " + audit);
            assertTrue(audit.stream().anyMatch(e -> e.decision().allow()), "allowed decisions reach the audit log too");
        }
    }

    static final String CARD = """
            {"name":"Example Agent","description":"Answers questions about the weather.","version":"1.0.0",
             "supportedInterfaces":[{"url":"https://agent.example.com/a2a","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],
             "capabilities":{"streaming":true},"defaultInputModes":["text/plain"],"defaultOutputModes":["text/plain"],
             "skills":[{"id":"forecast","name":"Forecast","description":"Three-day forecast for a city.","tags":["weather"]}]}""";

    @Test
    void agentCardsSignedAndVerifiedAgainstTheRegistry() throws Exception {
        JsonObject signed = A2aCards.sign((JsonObject) BoundedJson.parse(CARD));
        String protectedHeader = signed.getJsonArray("signatures").getJsonObject(0).getString("protected");
        // the directory does not know the signer: refused; once it is an active agent: verified
        assertEquals(List.of(), A2aCards.verify(signed.toString(), Set.of()), "a signer the registry does not know is refused");
        JsonObject header = (JsonObject) BoundedJson.parse(new String(java.util.Base64.getUrlDecoder().decode(protectedHeader)));
        String did = header.getString("kid").substring(0, header.getString("kid").indexOf('#'));
        assertEquals(List.of(did), A2aCards.verify(signed.toString(), Set.of(did)));
        // a changed card no longer verifies, whatever the registry says
        assertEquals(List.of(), A2aCards.verify(signed.toString().replace("Three-day", "Ten-day"), Set.of(did)));
    }

    @Test
    void theServerAsALibraryVerifiesOverHttp() throws Exception {
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        Path config = tmp.resolve("mandate-server.json");
        Files.writeString(config, """
                {"bind": "127.0.0.1", "issuers": [{"name": "org", "key": "org", "did": "key", "cryptosuite": "eddsa-jcs-2022"}]}""");
        JsonObject vc = new Issuer().issue((JsonObject) BoundedJson.parse("""
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:agent"}}"""), IssuerKey.didKey(org, "eddsa-jcs-2022"), Duration.ofMinutes(5));
        String ok = ServerExamples.verifyOnce(config, org, vc.toString());
        assertTrue(ok.startsWith("200 ") && ok.contains("\"verified\":true"), ok);
        String tampered = ServerExamples.verifyOnce(config, org, vc.toString().replace("did:example:agent", "did:example:other"));
        assertTrue(tampered.startsWith("400 ") && tampered.contains("\"verified\":false"), tampered);
        // a configuration naming a key the server was not given does not start
        Files.writeString(config, """
                {"bind": "127.0.0.1", "issuers": [{"name": "ops", "key": "ops", "did": "key", "cryptosuite": "eddsa-jcs-2022"}]}""");
        ServerConfigException missing = assertThrows(ServerConfigException.class, () -> ServerExamples.verifyOnce(config, org, vc.toString()));
        assertTrue(missing.getMessage().contains("ops"), missing.getMessage());
    }
}
