package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL store keep their own status lists verified and decoded in memory, and still
 * a suspension, reinstatement or revocation made through one applies to the very next verification at the other.
 */
class OwnStatusAcrossInstancesTest {
    static final String STATUS_TOKEN = "status-token-0123456789abcdef";
    static final String ISSUE_TOKEN = "issue-token-0123456789abcdef";

    @Test
    void aStatusChangeAtOneInstanceAppliesToTheNextVerificationAtTheOther() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] schema = new String[1];
        String url = PgTestDatabase.createSchema(schema);
        KeyMaterial org = TestSupport.ed25519();
        AuthConfig auth = new AuthConfig(List.of(new Token("ops", Token.hash(STATUS_TOKEN), Set.of("status")),
                new Token("issuing", Token.hash(ISSUE_TOKEN), Set.of("issue"))), Set.of("verify"));
        ServerConfig config = ServerConfig.defaults().withPort(0).withAuth(auth).withAccessLog(new AccessLog.Off())
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        String base = "https://status.example/status-lists/"; // both instances behind one public name; never fetched
        OkHttpClient client = TestSupport.client();
        try (Store sa = Stores.open(url); Store sb = Stores.open(url)) {
            MandateServer a = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org))).status(sa, base).start();
            MandateServer b = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org))).status(sb, base).start();
            try {
                String body = TestSupport.issueWithStatus(dev.mandate.did.key.DidKey.didFor(org.publicKey()), "revocation", "suspension");
                Reply issued = post(client, a, "/credentials/issue", body, ISSUE_TOKEN);
                assertEquals(201, issued.status(), issued::toString);
                JsonObject vc = issued.json().getJsonObject("verifiableCredential");
                String id = vc.getString("id");
                String verify = TestSupport.verifyRequest(vc);
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < 3; i++) {
                        Reply ok = post(client, b, "/credentials/verify", verify);
                        assertTrue(ok.json().getBoolean("verified"), () -> "round: " + ok);
                    }
                    assertEquals(200, post(client, a, "/credentials/status", change(id, "suspension", true), STATUS_TOKEN).status());
                    Reply suspended = post(client, b, "/credentials/verify", verify);
                    assertFalse(suspended.json().getBoolean("verified"), () -> "the next request at B sees the suspension: " + suspended);
                    assertTrue(suspended.body().contains("CREDENTIAL_SUSPENDED"), suspended::toString);
                    assertEquals(200, post(client, a, "/credentials/status", change(id, "suspension", false), STATUS_TOKEN).status());
                    Reply back = post(client, b, "/credentials/verify", verify);
                    assertTrue(back.json().getBoolean("verified"), () -> "the next request at B sees the reinstatement: " + back);
                }
                assertEquals(200, post(client, b, "/credentials/status", change(id, "revocation", true), STATUS_TOKEN).status());
                Reply revoked = post(client, a, "/credentials/verify", verify);
                assertFalse(revoked.json().getBoolean("verified"), revoked::toString);
                assertTrue(revoked.body().contains("CREDENTIAL_REVOKED"), revoked::toString);
            } finally {
                a.close();
                b.close();
            }
        } finally {
            PgTestDatabase.dropSchema(schema[0]);
        }
    }

    static String change(String id, String purpose, boolean set) {
        return "{\"credentialId\":\"" + id + "\",\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\""
                + purpose + "\"},\"status\":" + set + "}";
    }
}
