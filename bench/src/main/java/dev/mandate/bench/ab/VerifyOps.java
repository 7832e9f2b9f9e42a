package dev.mandate.bench.ab;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import jakarta.json.JsonObject;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The verify operations of {@code mandate bench}, written only against API that every build since the
 * verification pipeline of issue 12 shares, so {@link AbCompare} can load these same class bytes against two
 * builds. Each operation returns whether its input verified.
 */
public final class VerifyOps {
    private VerifyOps() {}

    /** Name to operation, in a stable order; every input is checked to verify before it is returned. */
    public static Map<String, BooleanSupplier> ops() throws Exception {
        JsonObject vc;
        try (InputStream in = Issuer.class.getResourceAsStream("/dev/mandate/vc/issuer/agent-capability-credential.json")) {
            vc = BoundedJson.parseObject(in.readAllBytes());
        }
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        Map<String, BooleanSupplier> ops = new LinkedHashMap<>();
        for (String suite : new String[] {"eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"}) {
            KeyMaterial k = suite.startsWith("eddsa") ? ed : p256;
            String signed = new Issuer().issue(vc, new IssuerKey(DidKey.didFor(k.publicKey()), DidKey.verificationMethodId(k.publicKey()), suite, k.signer()), Duration.ofHours(1)).toString();
            ops.put("di_" + suite.replace('-', '_') + "_verify", check(verifier, signed));
        }
        // the same credential with two status entries (revocation, suspension), status not checked: what the larger
        // document costs, apart from any status check
        JsonObject withEntries = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder(vc).add("credentialStatus", BoundedJson.parse(
                "[{\"id\":\"https://status.example/lists/r#17\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
                + "\"statusListIndex\":\"17\",\"statusListCredential\":\"https://status.example/lists/r\"},"
                + "{\"id\":\"https://status.example/lists/s#17\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"suspension\","
                + "\"statusListIndex\":\"17\",\"statusListCredential\":\"https://status.example/lists/s\"}]")).build();
        String entries = new Issuer().issue(withEntries, new IssuerKey(DidKey.didFor(ed.publicKey()), DidKey.verificationMethodId(ed.publicKey()),
                "eddsa-rdfc-2022", ed.signer()), Duration.ofHours(1)).toString();
        ops.put("di_eddsa_rdfc_2022_two_status_entries_verify", check(Verifier.builder(new DidMethodResolver(DidResolvers.offline()))
                .ignoreCredentialStatus().build(), entries));
        for (KeyMaterial k : new KeyMaterial[] {ed, p256}) {
            String jwt = new JoseIssuer().issueJwt(vc, IssuerKey.jose(DidKey.didFor(k.publicKey()), DidKey.verificationMethodId(k.publicKey()), k.signer()), Duration.ofHours(1));
            ops.put("jose_" + (k == ed ? "eddsa" : "es256") + "_jwt_verify", check(verifier, jwt));
        }
        return ops;
    }

    private static BooleanSupplier check(Verifier verifier, String input) {
        if (!verifier.verify(input, VerifyOptions.none()).verified()) {
            throw new IllegalStateException("benchmark input does not verify: " + verifier.verify(input, VerifyOptions.none()).toJson());
        }
        return () -> verifier.verify(input, VerifyOptions.none()).verified();
    }
}
