package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.registry.audit.SignedTreeHead;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.vc.json.Jsonp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a status store signs the audit log's tree head with the organisation's key at intervals and on close. */
class AuditSigningTest {
    @TempDir
    Path dir;

    @Test
    void theTreeHeadIsSignedWhenTheLogGrowsAndOnceMoreOnClose() throws Exception {
        KeyMaterial org = TestSupport.ed25519();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("org.db"))) {
            AuditLog log = new AuditLog(store);
            ServerConfig config = ServerConfig.defaults().withPort(0).withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)))
                    .withAccessLog(new AccessLog.Off());
            MandateServer server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org)))
                    .status(store, "http://127.0.0.1:1/status-lists/").signAuditLogEvery(Duration.ofMillis(50)).start();
            try {
                log.append("operator", "alice", "note-1", Jsonp.PROVIDER.createObjectBuilder().add("n", 1).build());
                SignedTreeHead first = awaitHead(log, 1);
                assertEquals(DidKey.verificationMethodId(org.publicKey()), first.keyId(), "signed by the organisation's issuer key");
                Thread.sleep(200);
                assertEquals(1, log.signedTreeHeads().size(), "an unchanged log is not signed again");
                log.append("operator", "alice", "note-2", Jsonp.PROVIDER.createObjectBuilder().add("n", 2).build());
                awaitHead(log, 2);
            } finally {
                log.append("operator", "alice", "note-3", Jsonp.PROVIDER.createObjectBuilder().add("n", 3).build());
                server.close();
            }
            long last = log.signedTreeHeads().stream().mapToLong(SignedTreeHead::treeSize).max().orElse(0);
            assertEquals(log.size(), last, "closing signs what the log holds");
            AuditVerification v = log.verifyAll(org.publicKey());
            assertTrue(v.intact(), v.toString());
            assertTrue(v.headsChecked() >= 3, v.toString());
        }
    }

    private static SignedTreeHead awaitHead(AuditLog log, long size) throws Exception {
        for (int i = 0; i < 400; i++) {
            var heads = log.signedTreeHeads();
            var best = heads.stream().max(Comparator.comparingLong(SignedTreeHead::treeSize));
            if (best.isPresent() && best.get().treeSize() >= size) {
                return best.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no signed tree head of size " + size + " appeared");
    }
}
