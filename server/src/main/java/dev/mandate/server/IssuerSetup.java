package dev.mandate.server;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.InvalidDidDocumentException;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWeb;
import dev.mandate.server.ApiHandler.ConfiguredIssuer;
import dev.mandate.server.ApiHandler.HostedDocument;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.vc.proof.Cryptosuite;
import dev.mandate.vc.proof.Cryptosuites;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@link MandateServer.Builder#start()} makes from the configured keys: the key source of the configured key
 * store, each issuer ready to sign (its DID, verification method and cryptosuite checked against its key), and each
 * hosted did:web document (from its key or its file). Every refusal is a {@link ServerConfigException} naming the
 * configuration member.
 */
final class IssuerSetup {
    private IssuerSetup() {
    }

    /** The keys of the configured key store, unlocked with the configured passphrase (cleared after use). */
    static KeySource keyStore(ServerConfig config, Map<String, String> env) throws ServerConfigException {
        EncryptedKeyStore store = EncryptedKeyStore.at(config.keyStore().path());
        if (!store.exists()) {
            throw new ServerConfigException("keyStore.path: there is no key store at " + config.keyStore().path());
        }
        char[] pass = config.keyStore().passphrase().read(env);
        try {
            return KeySource.keyStore(store, pass);
        } finally {
            java.util.Arrays.fill(pass, '\0');
        }
    }

    /** The issuer configured at {@code at}, ready to sign with its key from {@code ks}. */
    static ConfiguredIssuer configure(IssuerConfig ic, String at, KeySource ks) throws ServerConfigException {
        KeyMaterial key;
        try {
            key = ks.key(ic.key());
        } catch (ServerConfigException e) {
            throw new ServerConfigException(at + ".key: " + e.getMessage(), e);
        }
        String mk = key.publicKey().toMultikey();
        String did;
        String vm;
        if (ic.did().isEmpty() || ic.did().startsWith("did:key:")) {
            did = DidKey.didFor(key.publicKey());
            if (!ic.did().isEmpty() && !ic.did().equals(did)) {
                throw new ServerConfigException(at + ".did: " + ic.did() + " is not the did:key of key '" + ic.key() + "' (" + did + ")");
            }
            vm = DidKey.verificationMethodId(key.publicKey());
        } else if (ic.did().startsWith("did:jwk:")) {
            did = DidJwk.didFor(key.publicKey());
            if (!ic.did().equals(did)) {
                throw new ServerConfigException(at + ".did: " + ic.did() + " is not the did:jwk of key '" + ic.key() + "'");
            }
            vm = did + "#0";
        } else {
            did = ic.did();
            if (did.startsWith("did:web:")) {
                try {
                    DidWeb.toUrl(did);
                } catch (DidSyntaxException e) {
                    throw new ServerConfigException(at + ".did: " + e.getMessage());
                }
            }
            vm = did + "#" + mk;
        }
        if (!ic.verificationMethod().isEmpty()) {
            if (!ic.verificationMethod().startsWith(did + "#")) {
                throw new ServerConfigException(at + ".verificationMethod: must be a DID URL of " + did + " (" + did + "#...)");
            }
            vm = ic.verificationMethod();
        }
        String suiteName = ic.cryptosuite().isEmpty()
                ? (key.keyType() == dev.mandate.did.crypto.KeyType.ED25519 ? "eddsa-rdfc-2022" : "ecdsa-rdfc-2019")
                : ic.cryptosuite();
        Optional<Cryptosuite> suite = Cryptosuites.byName(suiteName);
        if (suite.isEmpty() || !suite.get().issuable()) {
            throw new ServerConfigException(at + ".cryptosuite: '" + suiteName + "' is not a cryptosuite this server can sign with ("
                    + new TreeSet<>(Cryptosuites.names()) + ")");
        }
        if (!suite.get().keyTypes().contains(key.keyType())) {
            throw new ServerConfigException(at + ".cryptosuite: " + suiteName + " cannot sign with key '" + ic.key() + "' ("
                    + key.keyType().curve() + ")");
        }
        return new ConfiguredIssuer(ic.name(), did, vm, suiteName, ic.validFor(), key.signer());
    }

    /** The did:web document configured at {@code at}, from its key in {@code ks} or from its file. */
    static HostedDocument host(HostedDid h, String at, KeySource ks) throws ServerConfigException {
        String path;
        try {
            path = DidWeb.hostingPath(h.did());
        } catch (DidSyntaxException e) {
            throw new ServerConfigException(at + ".did: " + e.getMessage());
        }
        DidDocument doc;
        if (h instanceof HostedDid.FromKey k) {
            KeyMaterial key;
            try {
                key = ks.key(k.key());
            } catch (ServerConfigException e) {
                throw new ServerConfigException(at + ".key: " + e.getMessage(), e);
            }
            try {
                doc = DidWeb.document(h.did(), key.publicKey());
            } catch (DidSyntaxException e) {
                throw new ServerConfigException(at + ".did: " + e.getMessage());
            }
        } else {
            HostedDid.FromFile f = (HostedDid.FromFile) h;
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f.document());
            } catch (IOException e) {
                throw new ServerConfigException(at + ".document: cannot read " + f.document() + " (" + e.getClass().getSimpleName() + ")", e);
            }
            try {
                doc = DidDocument.parse(bytes);
            } catch (InvalidDidDocumentException e) {
                throw new ServerConfigException(at + ".document: " + f.document() + " is not a valid DID document: " + e.getMessage());
            }
            if (!doc.id().equals(h.did())) {
                throw new ServerConfigException(at + ".document: the document's id is " + doc.id() + ", not " + h.did());
            }
        }
        String type = doc.toJson().containsKey("@context") ? ResolutionResult.DID_LD_JSON : ResolutionResult.DID_JSON;
        return new HostedDocument(h.did(), path, type, Exchange.serialize(doc.toJson()));
    }
}
