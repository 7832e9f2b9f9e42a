package dev.mandate.cli.demo;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.keystore.StoredKey;
import java.nio.file.Files;
import java.util.stream.Collectors;

/** Generates the organisation's and the agent's keys and keeps them in the demo's encrypted key store. */
final class CreateKeysStep implements DemoStep {
    @Override
    public String title() {
        return "Create an organisation key (Ed25519) and an agent key (P-256) in an encrypted key store";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = KeyMaterial.generate(KeyType.P256);
        char[] pass = ctx.passphrase();
        try {
            ctx.keyStore().add(pass, "org", org.toJwk(true));
            ctx.keyStore().add(pass, "agent", agent.toJwk(true));
            String names = ctx.keyStore().list(pass).stream().map(StoredKey::name).collect(Collectors.joining(", "));
            ctx.say("org    public key (Multikey): %s", org.publicKey().toMultikey());
            ctx.say("agent  public key (Multikey): %s", agent.publicKey().toMultikey());
            ctx.say("key store %s: %d bytes, one compact JWE (PBES2-HS512+A256KW, A256GCM, %,d PBKDF2 iterations),"
                    + " mode 0600", ctx.keyStore().path().getFileName(), Files.size(ctx.keyStore().path()),
                    ctx.keyStore().iterationCount());
            ctx.say("re-opened with the passphrase, it holds: %s", names);
        } finally {
            java.util.Arrays.fill(pass, '\0');
        }
        ctx.put(DemoValues.ORG_KEY, org);
        ctx.put(DemoValues.AGENT_KEY, agent);
    }
}
