package dev.mandate.bench.jose;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JOSE throughput, single-threaded, on Mandate's default ~1 KB agent capability credential:
 * signing a {@code vc+jwt} and fully verifying it (kid resolved as did:key through the method resolver,
 * header policy, signature, issuer/controller, assertionMethod, JWT times, validity period, data model),
 * for EdDSA and ES256; and an SD-JWT selective presentation with key binding followed by its verification.
 *
 * <p>Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main 'dev.mandate.bench.jose.*'} (see docs/jose.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JoseBenchmarks {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    private static final String NONCE = "bench-nonce";
    private static final String AUDIENCE = "https://partner.example";

    private JsonObject credential;
    private JoseIssuer issuer;
    private Verifier verifier;
    private SdJwtHolder holder;

    private KeyMaterial edKey;
    private String edDid;
    private String edKid;
    private String edJwt;

    private KeyMaterial p256Key;
    private String p256Did;
    private String p256Kid;
    private String p256Jwt;

    private KeyMaterial holderKey;
    private String sdJwt;
    private VerifyOptions kbOptions;

    /** Keys, credentials and a warm resolver cache; fails if anything does not verify. */
    @Setup
    public void setup() throws Exception {
        try (InputStream in = JoseIssuer.class.getClassLoader().getResourceAsStream("dev/mandate/vc/issuer/agent-capability-credential.json")) {
            credential = BoundedJson.parseObject(in.readAllBytes());
        }
        issuer = new JoseIssuer(Clock.systemUTC());
        verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).clockSkew(Duration.ofSeconds(60)).build();
        holder = new SdJwtHolder(Clock.systemUTC());

        edKey = KeyMaterial.generate(KeyType.ED25519);
        edDid = DidKey.didFor(edKey.publicKey());
        edKid = DidKey.verificationMethodId(edKey.publicKey());
        edJwt = issuer.issueJwt(credential, IssuerKey.jose(edDid, edKid, edKey.signer()), Duration.ofHours(1));

        p256Key = KeyMaterial.generate(KeyType.P256);
        p256Did = DidKey.didFor(p256Key.publicKey());
        p256Kid = DidKey.verificationMethodId(p256Key.publicKey());
        p256Jwt = issuer.issueJwt(credential, IssuerKey.jose(p256Did, p256Kid, p256Key.signer()), Duration.ofHours(1));

        holderKey = KeyMaterial.generate(KeyType.ED25519);
        JsonObject bound = JSON.createObjectBuilder(credential).add("credentialSubject",
                JSON.createObjectBuilder(credential.getJsonObject("credentialSubject")).add("id", DidKey.didFor(holderKey.publicKey()))).build();
        sdJwt = issuer.issueSdJwt(bound, IssuerKey.jose(edDid, edKid, edKey.signer()),
                SdJwtOptions.disclosing(List.of("/credentialSubject/capability/0", "/credentialSubject/capability/1",
                        "/credentialSubject/owner", "/credentialSubject/purpose", "/credentialSubject/workload"))
                        .withValidFor(Duration.ofHours(1)).withHolderKey(holderKey.publicKey()));
        kbOptions = VerifyOptions.none().withChallenge(NONCE).withDomain(AUDIENCE);

        require(verifier.verify(edJwt, VerifyOptions.none()));
        require(verifier.verify(p256Jwt, VerifyOptions.none()));
        require(sd_jwt_present_verify());
    }

    private static void require(VerificationResult r) {
        if (!r.verified()) {
            throw new IllegalStateException("benchmark input does not verify: " + r.toJson());
        }
    }

    /** Secures the credential as an EdDSA vc+jwt. */
    @Benchmark
    public String jose_eddsa_jwt_sign() throws Exception {
        return issuer.issueJwt(credential, IssuerKey.jose(edDid, edKid, edKey.signer()), Duration.ofHours(1));
    }

    /** Fully verifies an EdDSA vc+jwt, did:key resolution of kid included. */
    @Benchmark
    public VerificationResult jose_eddsa_jwt_verify() {
        return verifier.verify(edJwt, VerifyOptions.none());
    }

    /** Secures the credential as an ES256 vc+jwt. */
    @Benchmark
    public String jose_es256_jwt_sign() throws Exception {
        return issuer.issueJwt(credential, IssuerKey.jose(p256Did, p256Kid, p256Key.signer()), Duration.ofHours(1));
    }

    /** Fully verifies an ES256 vc+jwt, did:key resolution of kid included. */
    @Benchmark
    public VerificationResult jose_es256_jwt_verify() {
        return verifier.verify(p256Jwt, VerifyOptions.none());
    }

    /**
     * The holder discloses one capability of five disclosable claims and signs a KB-JWT (EdDSA); the
     * verifier checks issuer signature, disclosures, key binding, nonce and audience.
     */
    @Benchmark
    public VerificationResult sd_jwt_present_verify() throws Exception {
        String presented = holder.present(sdJwt, List.of("/credentialSubject/capability/0"), NONCE, AUDIENCE, holderKey.signer());
        return verifier.verify(presented, kbOptions);
    }
}
