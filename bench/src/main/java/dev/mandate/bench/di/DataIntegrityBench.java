package dev.mandate.bench.di;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.CompositeResolver;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Data Integrity sign and full verify (did:key resolution without a cache, every check) of the
 * built-in 1 KB agent-capability credential, per cryptosuite. The same operations as
 * {@code mandate bench}'s {@code di_*} lines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DataIntegrityBench {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    @Param({"eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"})
    public String suite;

    private Issuer issuer;
    private Verifier verifier;
    private KeyMaterial key;
    private String did;
    private String vm;
    private JsonObject unsigned;
    private JsonObject signed;

    @Setup
    public void setup() throws Exception {
        key = KeyMaterial.generate(suite.startsWith("eddsa") ? KeyType.ED25519 : KeyType.P256);
        did = DidKey.didFor(key.publicKey());
        vm = DidKey.verificationMethodId(key.publicKey());
        try (InputStream in = Issuer.class.getResourceAsStream("/dev/mandate/vc/issuer/agent-capability-credential.json")) {
            unsigned = BoundedJson.parseObject(in);
        }
        unsigned = JSON.createObjectBuilder(unsigned).remove("issuer").build();
        issuer = new Issuer();
        verifier = Verifier.builder(new DidMethodResolver(CompositeResolver.builder().method("key", new DidKey(), false).build())).build();
        signed = sign();
        if (!verify().verified()) {
            throw new IllegalStateException("benchmark credential does not verify");
        }
    }

    @Benchmark
    public JsonObject sign() throws Exception {
        return issuer.issue(unsigned, new IssuerKey(did, vm, suite, key.signer()), Duration.ofHours(1));
    }

    @Benchmark
    public VerificationResult verify() {
        return verifier.verify(signed, VerifyOptions.none());
    }
}
