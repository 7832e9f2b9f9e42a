package dev.mandate.registry.agents;

import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;

import java.util.Optional;

/**
 * Child process of the rotation crash test: runs one key rotation until it finishes or is killed.
 * Arguments: store URL, issuer private JWK, agent DID, old key id, new public key (Multikey), status list base URL.
 */
public final class RotationCrashWorker {
    private RotationCrashWorker() {}

    public static void main(String[] args) throws Exception {
        KeyMaterial issuerKey = KeyMaterial.fromJwk(JWK.parse(args[1]));
        String mk = issuerKey.publicKey().toMultikey();
        try (Store store = Stores.open(args[0])) {
            StatusService issuer = new StatusService(store, args[5], new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk,
                    "eddsa-jcs-2022", issuerKey.signer()), new Issuer());
            new KeyRotation(new AgentRegistry(store), store, issuer)
                    .rotate(args[2], args[3], PublicKeyValue.fromMultikey(args[4]), "crash-worker", "rotation");
        }
        System.out.println("done");
    }
}
