package dev.mandate.bench.agent;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-threaded {@code Authorizer.authorize} throughput for a chain of N credentials (root + N-1
 * delegations, eddsa-jcs-2022, Ed25519), each request freshly signed beforehand (so the replay cache
 * accepts it), and the bytes the proof headers add to a request. Not a JMH harness: a warm-up, then the
 * median of 5 timed rounds.
 *
 * <pre>java -cp ... dev.mandate.bench.agent.AuthorizeBench [links=3] [requestsPerRound=4000]</pre>
 */
public final class AuthorizeBench {
    private AuthorizeBench() {}

    public static void main(String[] args) throws Exception {
        int links = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        String api = "https://api.supplier.example/";
        CapabilityIssuer issuer = new CapabilityIssuer();
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        List<KeyMaterial> agents = new ArrayList<>();
        for (int i = 0; i < links; i++) agents.add(KeyMaterial.generate(KeyType.ED25519));
        Capability read = Capability.of("read", api + "orders/", Constraints.builder().methods("GET").build());
        List<JsonObject> chain = new ArrayList<>();
        chain.add(issuer.grant(new CapabilityIssuer.Grant(DidKey.didFor(agents.get(0).publicKey()), List.of(read), links - 1,
                Workload.NONE, Duration.ofHours(1)), IssuerKey.didKey(org, "eddsa-jcs-2022")));
        for (int i = 1; i < links; i++) {
            KeyMaterial holder = agents.get(i - 1);
            chain.add(issuer.delegate(chain.get(i - 1), new CapabilityIssuer.Grant(DidKey.didFor(agents.get(i).publicKey()), List.of(read),
                    links - 1 - i, Workload.NONE, Duration.ofHours(1)), IssuerKey.didKey(holder, "eddsa-jcs-2022")));
        }
        KeyMaterial leaf = agents.get(links - 1);
        RequestSigner signer = new RequestSigner(DidKey.didFor(leaf.publicKey()), DidKey.verificationMethodId(leaf.publicKey()),
                leaf.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(60));
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Verifier verifier = Verifier.builder(resolver).build();
        String url = api + "orders/history/1";

        Map<String, String> sample = signer.headers("GET", url, new byte[0], new Intent("read", url));
        int added = sample.entrySet().stream().mapToInt(e -> e.getKey().length() + 2 + e.getValue().length() + 2).sum();
        System.out.printf("chain of %d credentials; headers added per request: %d bytes (Authorization %d, Mandate-Chain %d, Content-Digest %d)%n",
                links, added, sample.get("Authorization").length(), sample.get("Mandate-Chain").length(), sample.get("Content-Digest").length());

        measure("authorize (single thread, every chain verified)", Duration.ZERO, links, perRound, signer, verifier, resolver, org, api, url);
        measure("authorize (single thread, chain cache 30 s)", Duration.ofSeconds(30), links, perRound, signer, verifier, resolver, org, api, url);
        // the same with every decision written to the audit log (SQLite, synchronous=FULL) through the batching writer
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mandate-authorize-bench");
        try (dev.mandate.registry.Store store = dev.mandate.registry.Stores.open("jdbc:sqlite:" + dir.resolve("audit.db"));
             dev.mandate.registry.audit.AuditWriter writer = new dev.mandate.registry.audit.AuditWriter(new dev.mandate.registry.audit.AuditLog(store))) {
            auditor = new dev.mandate.guard.service.DecisionAuditor(writer, "bench-gateway");
            measure("authorize + audit entry (every chain verified)", Duration.ZERO, links, perRound, signer, verifier, resolver, org, api, url);
            measure("authorize + audit entry (chain cache 30 s)", Duration.ofSeconds(30), links, perRound, signer, verifier, resolver, org, api, url);
            writer.flush(Duration.ofMinutes(5));
            System.out.printf("audit writer: %d entries written, %d dropped, %d failed attempts%n", writer.written(), writer.dropped(), writer.failures());
            auditor = dev.mandate.guard.service.DecisionAuditor.durable(new dev.mandate.registry.audit.AuditLog(store), "bench-gateway", () -> { });
            measure("authorize + durable audit entry (chain cache 30 s)", Duration.ofSeconds(30), links, perRound / 4, signer, verifier, resolver, org, api, url);
        }
    }

    /** When set, every measured authorizer writes its decisions to the audit log. */
    private static dev.mandate.agent.authz.DecisionListener auditor;

    private static void measure(String label, Duration ttl, int links, int perRound, RequestSigner signer, Verifier verifier,
                                DidMethodResolver resolver, KeyMaterial org, String api, String url) throws Exception {
        double[] rounds = new double[5];
        for (int round = -2; round < 5; round++) {
            Authorizer.Builder ab = Authorizer.builder(verifier, TrustPolicy.trusting(DidKey.didFor(org.publicKey()), links, api))
                    .replayCacheEntries(perRound + 10).chainCacheTtl(ttl);
            if (auditor != null) ab.onDecision(auditor);
            Authorizer az = ab.build();
            List<SimpleRequest> reqs = new ArrayList<>(perRound);
            for (int i = 0; i < perRound; i++) {
                reqs.add(new SimpleRequest("GET", url, signer.headers("GET", url, new byte[0], new Intent("read", url)), new byte[0]));
            }
            long t0 = System.nanoTime();
            int allowed = 0;
            for (SimpleRequest r : reqs) {
                Decision d = az.authorize(r);
                if (d.allow()) allowed++;
            }
            long ns = System.nanoTime() - t0;
            if (allowed != perRound) throw new IllegalStateException("only " + allowed + " of " + perRound + " allowed");
            if (round >= 0) rounds[round] = perRound / (ns / 1e9);
        }
        java.util.Arrays.sort(rounds);
        System.out.printf(label + ": median %.0f ops/s = %.1f us/op  (rounds: %.0f .. %.0f)%n",
                rounds[2], 1e6 / rounds[2], rounds[0], rounds[4]);
    }
}
