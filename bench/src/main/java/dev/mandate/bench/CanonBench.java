package dev.mandate.bench;

import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.processor.ToRdfProcessor;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import dev.mandate.vc.canon.Rdfc;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jsonld.ContextRegistry;
import dev.mandate.vc.jsonld.Expander;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

/**
 * Canonicalization of a 1 KB agent-capability credential (VC v2 context) and of an eddsa-rdfc-2022 proof
 * configuration, as Data Integrity signing and verifying need them. {@code titanium*} is the baseline: plain
 * Titanium JSON-LD to RDF (offline loader, no context caching) and titanium-rdfc.
 *
 * <p>Run: {@code mvn -o -q -pl bench -am package -DskipTests} then
 * {@code java -cp "bench/target/classes:<classpath>" org.openjdk.jmh.Main CanonBench}. On a machine shared
 * with other work, wall-clock timings are unreliable; {@link #main} measures thread CPU time per operation
 * instead ({@code java -cp ... dev.mandate.bench.CanonBench}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CanonBench {

    /** The credential: 1,108 bytes as compact JSON. */
    public static final String CREDENTIAL = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
            + "\"https://www.w3.org/ns/credentials/examples/v2\"],\"id\":\"urn:uuid:3f2b8c1e-7a4d-4e21-9c6b-0d5e8f9a1b2c\","
            + "\"type\":[\"VerifiableCredential\",\"AgentCapabilityCredential\"],\"name\":\"Order agent capability\","
            + "\"description\":\"Lets the order agent read and create purchase orders for one task.\","
            + "\"issuer\":{\"id\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"name\":\"Example Corp\"},"
            + "\"validFrom\":\"2025-06-01T12:00:00Z\",\"validUntil\":\"2025-06-01T12:05:00Z\","
            + "\"credentialSubject\":{\"id\":\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\","
            + "\"agentName\":\"order-agent-7\",\"codeDigest\":\"sha256-4c6f9e2d1a7b3c8e5f0a9d2b6c1e7f3a8b4d0c5e9f2a6b1d7c3e8f4a0b5c9d2e\","
            + "\"capability\":[{\"action\":\"read\",\"resource\":\"https://api.example.com/orders/\",\"maxResults\":100},"
            + "{\"action\":\"create\",\"resource\":\"https://api.example.com/orders/\",\"maxAmount\":2500,\"currency\":\"EUR\"}]},"
            + "\"credentialStatus\":{\"id\":\"https://status.example.com/lists/7#4242\",\"type\":\"BitstringStatusListEntry\","
            + "\"statusPurpose\":\"revocation\",\"statusListIndex\":\"4242\",\"statusListCredential\":\"https://status.example.com/lists/7\"}}";

    public static final String PROOF_CONFIG = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
            + "\"https://www.w3.org/ns/credentials/examples/v2\"],\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\","
            + "\"created\":\"2025-06-01T12:00:00Z\",\"verificationMethod\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
            + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"proofPurpose\":\"assertionMethod\"}";

    private final JsonObject credential = parse(CREDENTIAL);
    private final JsonObject proofConfig = parse(PROOF_CONFIG);

    @Benchmark
    public String rdfcCredential() throws Exception {
        return Rdfc.canonicalize(credential);
    }

    @Benchmark
    public String rdfcProofConfig() throws Exception {
        return Rdfc.canonicalize(proofConfig);
    }

    @Benchmark
    public String titaniumCredential() throws Exception {
        return titanium(credential);
    }

    @Benchmark
    public String titaniumProofConfig() throws Exception {
        return titanium(proofConfig);
    }

    @Benchmark
    public JsonArray expandCredential() throws Exception {
        return Expander.expand(credential);
    }

    @Benchmark
    public String jcsCredential() throws Exception {
        return Jcs.canonicalize(credential);
    }

    /** What a straightforward Titanium-based implementation does for each canonicalization. */
    static String titanium(JsonObject doc) throws Exception {
        JsonLdOptions o = new JsonLdOptions(ContextRegistry.bundled().loader());
        o.setProduceGeneralizedRdf(false);
        o.setRdfDirection(JsonLdOptions.RdfDirection.I18N_DATATYPE);
        RdfCanon canon = RdfCanon.create("SHA-256");
        ToRdfProcessor.toRdf(canon, JsonDocument.of(doc), o);
        StringWriter w = new StringWriter();
        canon.provide(new NQuadsWriter(w));
        return w.toString();
    }

    /** Thread-CPU-time measurement of the same operations (best of 9 rounds after warm-up), in microseconds. */
    public static void main(String[] args) throws Exception {
        CanonBench b = new CanonBench();
        if (!b.rdfcCredential().equals(b.titaniumCredential()) || !b.rdfcProofConfig().equals(b.titaniumProofConfig())) {
            throw new IllegalStateException("canonical forms differ from the baseline");
        }
        cpu("titaniumCredential", b::titaniumCredential, 500);
        cpu("titaniumProofConfig", b::titaniumProofConfig, 500);
        cpu("rdfcCredential", b::rdfcCredential, 5000);
        cpu("rdfcProofConfig", b::rdfcProofConfig, 5000);
        cpu("expandCredential", b::expandCredential, 2000);
        cpu("jcsCredential", b::jcsCredential, 5000);
    }

    interface Op {
        Object run() throws Exception;
    }

    private static void cpu(String name, Op op, int n) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 4 * n; i++) {
            op.run();
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 9; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / n);
        }
        System.out.printf("%-22s %8.1f us/op (thread CPU time)%n", name, best);
    }

    static JsonObject parse(String json) {
        return JsonProvider.provider().createReader(new StringReader(json)).readObject();
    }
}
