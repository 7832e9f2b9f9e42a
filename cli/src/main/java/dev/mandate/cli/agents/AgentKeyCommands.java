package dev.mandate.cli.agents;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.KeyStoreAccess;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.did.keystore.StoredKey;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentKey;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.KeyRotation;
import dev.mandate.registry.agents.Rotation;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.json.Jsonp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code mandate agent add-key|retire-key|add-did|rotate-key}: an agent's keys and DIDs in the registry. */
final class AgentKeyCommands {
    private AgentKeyCommands() {
    }

    /** The agent having {@code did} as any of its DIDs (exit 1 if none). */
    static Agent agent(AgentRegistry registry, String did) throws StoreException {
        return registry.findByDid(did).orElseThrow(() -> CliException.negative(CliException.shorten(did),
                "no agent with this DID in the registry", "check the DID with 'mandate agent list' and --store"));
    }

    static PublicKeyValue multikey(String option, String text) {
        if (text.length() > 256) {
            throw CliException.usage(option, "longer than 256 characters; no Multikey public key is",
                    "pass the key's publicKeyMultibase (z6Mk..., zDn...)");
        }
        try {
            return PublicKeyValue.fromMultikey(text);
        } catch (DecodingException | RuntimeException e) {
            throw CliException.usage(option + " " + CliException.shorten(text), "not a Multikey public key: " + e.getMessage(),
                    "pass the key's publicKeyMultibase (z6Mk..., zDn...), e.g. from 'mandate key export'");
        }
    }

    /** The shared arguments of a key or DID change. */
    abstract static class KeyChange extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "AGENT_DID", description = "Any of the agent's DIDs.")
        String did;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded with the key and in the audit log).")
        String reason;
        @Option(names = "--by", paramLabel = "WHO", description = "Who makes the change (default: operator).")
        String by = "operator";
        @Mixin
        StoreOption storeOption;

        abstract jakarta.json.JsonValue apply(Store store, AgentRegistry registry, Agent agent) throws AgentException, StoreException;

        /** Checks the arguments that need no store (e.g. a new DID), before the store is opened. */
        void checkArguments() {
        }

        @Override
        public Integer call() {
            checkArguments();
            try (Store store = storeOption.open(environment())) {
                AgentRegistry registry = new AgentRegistry(store);
                printJson(apply(store, registry, agent(registry, did)));
                return ExitCode.OK;
            } catch (AgentException e) {
                throw AgentCommand.translate(e, CliException.shorten(did));
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(did));
            }
        }
    }

    /** {@code mandate agent add-key}. */
    @Command(name = "add-key", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Add an active key to one of the agent's DIDs (default: the DID it is registered under).",
                    "The key is the public part of --key from the key store, or --public-key. For a did:key or did:jwk the DID",
                    "must be the key's own; for a did:web the method id is DID#<multikey> and 'mandate serve' publishes it. Prints the key."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent add-key did:web:agents.example.com:procurement --key procurement-1 --reason 'first key'",
                    "  mandate agent add-key did:web:agents.example.com:procurement --public-key z6Mk... --reason 'agent-generated key'"})
    static final class AddKey extends KeyChange {
        @Option(names = "--key", paramLabel = "ALIAS", description = "A key in the key store whose public key to add.")
        String key;
        @Option(names = "--public-key", paramLabel = "MULTIBASE", description = "The public key to add, as Multikey (z6Mk..., zDn...).")
        String publicKey;
        @Option(names = "--did", paramLabel = "DID", description = "Which of the agent's DIDs the key belongs to (default: its registry DID).")
        String keyDid;

        @Override
        jakarta.json.JsonValue apply(Store store, AgentRegistry registry, Agent agent) throws AgentException, StoreException {
            if ((key == null) == (publicKey == null)) {
                throw CliException.usage("add-key", "give exactly one of --key and --public-key", "name a key store key or paste its public key");
            }
            PublicKeyValue pub = publicKey != null ? multikey("--public-key", publicKey)
                    : KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key)).publicKey();
            return registry.addKey(agent.did(), keyDid == null ? agent.did() : keyDid, pub, by, reason).toJson();
        }
    }

    /** {@code mandate agent retire-key}. */
    @Command(name = "retire-key", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Retire one of the agent's keys for good: it is no longer published. The last active key of an active",
                    "agent cannot be retired (use rotate-key). Prints the key."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent retire-key did:web:agents.example.com:procurement 'did:web:agents.example.com:procurement#z6Mk...' --reason compromised"})
    static final class RetireKey extends KeyChange {
        @Parameters(index = "1", paramLabel = "KEY_ID", description = "The key's verification method id (DID URL), as 'agent show' lists it.")
        String keyId;

        @Override
        jakarta.json.JsonValue apply(Store store, AgentRegistry registry, Agent agent) throws AgentException, StoreException {
            return registry.retireKey(agent.did(), keyId, by, reason).toJson();
        }
    }

    /** {@code mandate agent add-did}. */
    @Command(name = "add-did", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Give the agent another DID (e.g. a did:web next to its did:key); lookups by it find the agent and",
                    "keys can be added to it. Prints the DID entry."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent add-did did:key:z6Mk... did:web:agents.example.com:procurement --reason 'published on the web'"})
    static final class AddDid extends KeyChange {
        @Parameters(index = "1", paramLabel = "DID", description = "The new DID.")
        String newDid;

        @Override
        void checkArguments() {
            dev.mandate.cli.DidArguments.require("DID", newDid, "paste the agent's full new DID");
        }

        @Override
        jakarta.json.JsonValue apply(Store store, AgentRegistry registry, Agent agent) throws AgentException, StoreException {
            return registry.addDid(agent.did(), newDid, by, reason).toJson();
        }
    }

    /** {@code mandate agent rotate-key}. */
    @Command(name = "rotate-key", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Replace one of the agent's keys with a new one. In order:",
                    "  1. the new key is added (active). Its public key comes from --new-public-key (the agent made it), or from",
                    "     key-store key --new-key ALIAS, which is generated (--key-type, default Ed25519) if it does not exist yet;",
                    "     without either a key named <agent>-<time> is generated. Hand its private key to the agent.",
                    "  2. for a did:key (or did:jwk) agent the new key means a new DID: it is added as one of the agent's DIDs, and",
                    "     every credential recorded with 'add-credential --file' whose subject is the old DID is re-issued to the",
                    "     new DID, signed with --issuer-key (same status purposes, new entries in --store), and recorded;",
                    "  3. the replaced credentials are revoked in the status store;",
                    "  4. the old key is retired. A did:web keeps its DID: 'mandate serve' publishes the new key instead of the old.",
                    "Every step is written to the audit log. If the command is interrupted, run it again with the same --old-key and",
                    "new key: finished steps are skipped and no credential is re-issued twice.",
                    "Prints the old and new key, the new DID, the re-issued credentials (give them to the agent) and the revocations."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent rotate-key did:web:agents.example.com:procurement --new-key procurement-2 --reason 'quarterly rotation'",
                    "  mandate agent rotate-key did:key:z6MkOld... --new-public-key z6MkNew... --issuer-key org --reason 'key rotation'"})
    static final class RotateKey extends KeyChange {
        @Option(names = "--old-key", paramLabel = "KEY_ID", description = "The key to replace (default: the agent's only active key).")
        String oldKey;
        @Option(names = "--new-key", paramLabel = "ALIAS", description = "Key-store key to use as the new key; generated if missing.")
        String newKey;
        @Option(names = "--new-public-key", paramLabel = "MULTIBASE", description = "The new public key (Multikey), if the agent generated it.")
        String newPublicKey;
        @Option(names = "--key-type", paramLabel = "TYPE", description = "Type of a generated key: Ed25519 (default), P-256, P-384, secp256k1.")
        String keyType = "Ed25519";
        @Option(names = "--issuer-key", paramLabel = "ALIAS", description = "The organisation's issuer key, to re-issue credentials (did:key agents).")
        String issuerKey;
        @Option(names = "--issuer", paramLabel = "DID", description = "Issuer DID of the re-issued credentials (default: the issuer key's did:key).")
        String issuerDid;
        @Option(names = "--suite", paramLabel = "CRYPTOSUITE", description = "Cryptosuite for re-issued credentials (default by key type).")
        String suite;

        @Override
        void checkArguments() {
            dev.mandate.cli.DidArguments.optional("--issuer", issuerDid, "pass the issuer's full DID, or omit --issuer to use the issuer key's did:key");
        }

        @Override
        jakarta.json.JsonValue apply(Store store, AgentRegistry registry, Agent agent) throws AgentException, StoreException {
            if (agent.state() == dev.mandate.registry.agents.AgentState.RETIRED) {
                throw CliException.usage(CliException.shorten(did), "agent " + agent.did() + " is retired; its keys cannot be rotated",
                        "nothing was changed; see 'mandate agent show'");
            }
            if (newKey != null && newPublicKey != null) {
                throw CliException.usage("--new-public-key", "give --new-key or --new-public-key, not both", "drop one of them");
            }
            String old = oldKey;
            if (old == null) {
                List<AgentKey> active = registry.keys(agent.did()).stream().filter(k -> k.state() == AgentKey.State.ACTIVE).toList();
                if (active.size() != 1) {
                    throw CliException.usage(CliException.shorten(did), "the agent has " + active.size() + " active keys",
                            "name the key to replace with --old-key (see 'mandate agent show')");
                }
                old = active.get(0).id();
            }
            Optional<StatusService> issuer = Optional.empty();
            if (issuerKey != null) {
                KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), issuerKey));
                Signing s = Signing.of(km, Optional.ofNullable(issuerDid), Optional.empty(), Optional.ofNullable(suite), "--issuer");
                issuer = Optional.of(new StatusService(store, storeOption.statusBase(environment()), s.issuerKey(), new Issuer()));
            }
            String alias = null;
            PublicKeyValue pub;
            if (newPublicKey != null) {
                pub = multikey("--new-public-key", newPublicKey);
            } else {
                alias = newKey != null ? newKey : defaultAlias(agent.did());
                pub = keyFor(alias);
            }
            try {
                KeyRotation rotation = issuer.isPresent() ? new KeyRotation(registry, store, issuer.get()) : new KeyRotation(registry, store);
                Rotation r = rotation.rotate(agent.did(), old, pub, by, reason);
                var out = Jsonp.PROVIDER.createObjectBuilder(r.toJson());
                if (alias != null) {
                    out.add("newKeyAlias", alias).add("keystore", keyStore().path().toString());
                }
                if (!r.notReissued().isEmpty() || !r.notRevoked().isEmpty()) {
                    note("mandate: " + r.notReissued().size() + " credential(s) not re-issued and " + r.notRevoked().size()
                            + " not revoked; see notReissued and notRevoked");
                }
                return out.build();
            } catch (AgentException e) {
                if (e.reason() == AgentException.Reason.INVALID && issuerKey == null && e.getMessage().contains("re-issued")) {
                    throw CliException.usage(CliException.shorten(did), e.getMessage(), "add --issuer-key with the organisation's issuer key");
                }
                throw e;
            }
        }

        static String defaultAlias(String did) {
            String tail = did.replaceAll("[^A-Za-z0-9]", "");
            tail = tail.substring(Math.max(0, tail.length() - 12));
            return "agent-" + tail + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(java.time.Instant.now());
        }

        /** The public key of key-store key {@code alias}, generating and storing the key if it does not exist. */
        PublicKeyValue keyFor(String alias) {
            KeyStoreAccess access = keyStore();
            if (!EncryptedKeyStore.isValidName(alias)) {
                throw CliException.usage("--new-key " + CliException.shorten(alias), "invalid key name", "use 1 to 64 characters from A-Z a-z 0-9 . _ -");
            }
            EncryptedKeyStore ks = access.store();
            if (ks.exists()) {
                char[] pass = access.passphrase(false);
                try {
                    Optional<StoredKey> found = ks.find(pass, alias);
                    if (found.isPresent()) {
                        return KeyCommand.material(access, found.get()).publicKey();
                    }
                } catch (EncryptedKeyStoreException e) {
                    throw access.translate(e);
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }
            KeyType type = KeyType.fromName(keyType).orElseThrow(() -> CliException.usage("--key-type " + CliException.shorten(keyType),
                    "unknown key type", "use Ed25519, P-256, P-384 or secp256k1"));
            KeyMaterial km = KeyMaterial.generate(type);
            KeyCommand.add(access, alias, km);
            note("mandate: generated key '" + alias + "' in " + access.path() + "; give its private key to the agent");
            return km.publicKey();
        }
    }
}
