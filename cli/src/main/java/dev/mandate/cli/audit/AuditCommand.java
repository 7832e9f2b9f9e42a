package dev.mandate.cli.audit;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditFormatException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.registry.audit.InclusionProof;
import dev.mandate.registry.audit.SignedTreeHead;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/** {@code mandate audit ...}: the tamper-evident audit log kept in the status store. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"The tamper-evident audit log: entries form an RFC 9162 Merkle tree whose heads the organisation's key signs.",
                "Anyone holding the organisation's public key can check the whole log (verify) or one entry without the log (check-proof)."},
        subcommands = {AuditCommand.Append.class, AuditCommand.Sign.class, AuditCommand.Verify.class, AuditCommand.Prove.class,
                AuditCommand.CheckProof.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate audit append --type status --subject urn:uuid:1234 --details '{\"action\":\"suspend\"}'",
                "  mandate audit sign --key org",
                "  mandate audit verify --key-did did:key:z6Mk...",
                "  mandate audit prove 42 > proof.json && mandate audit check-proof --key-did did:key:z6Mk... proof.json"})
public final class AuditCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (append, sign, verify, prove, check-proof)");
    }

    /** The organisation's public key: {@code --key-did did:key:...} or {@code --key NAME} from the local key store. */
    static final class KeyChoice {
        @Option(names = "--key-did", paramLabel = "DID", description = "The organisation's did:key (the key that signs tree heads).")
        String keyDid;
        @Option(names = "--key", paramLabel = "NAME", description = "Or the name of that key in the local key store.")
        String keyName;

        Optional<PublicKeyValue> resolve(MandateSubcommand cmd, dev.mandate.cli.KeyStoreAccess keys) {
            if (keyDid != null) {
                return Optional.of(fromDid(keyDid));
            }
            if (keyName != null) {
                return Optional.of(KeyCommand.material(keys, KeyCommand.load(keys, keyName)).publicKey());
            }
            return Optional.empty();
        }
    }

    /** The public key of a {@code did:key} (with or without a fragment). */
    static PublicKeyValue fromDid(String did) {
        String s = did.trim();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        if (!s.startsWith("did:key:")) {
            throw CliException.usage("--key-did " + CliException.shorten(did), "not a did:key",
                    "pass the organisation's did:key (see 'mandate key list'), or --key NAME");
        }
        dev.mandate.cli.DidArguments.require("--key-did", s, "pass the organisation's full did:key (see 'mandate key list'), or --key NAME");
        try {
            return PublicKeyValue.fromMultikey(s.substring("did:key:".length()));
        } catch (DecodingException e) {
            throw CliException.usage("--key-did " + CliException.shorten(did), e.getMessage(), "pass a valid did:key");
        }
    }

    static String didOf(PublicKeyValue key) {
        return "did:key:" + key.toMultikey();
    }

    /** {@code mandate audit append}. */
    @Command(name = "append", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Append one entry to the audit log (for operators and tests; Mandate's services append their own).",
                    "Prints the entry with its seq and leaf hash."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate audit append --type registry --actor alice@example.com --subject did:web:agents.example:procurement \\",
                    "      --details '{\"change\":\"suspended\",\"reason\":\"investigation 17\"}'"})
    public static final class Append extends MandateSubcommand {
        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "issuance, delegation, status, registry, authorization, ... (a lower-case token).")
        String type;
        @Option(names = "--subject", required = true, paramLabel = "SUBJECT", description = "What the entry is about (credential id, agent DID, ...).")
        String subject;
        @Option(names = "--actor", paramLabel = "ACTOR", description = "Who acted (default: operator).")
        String actor = "operator";
        @Option(names = "--details", paramLabel = "JSON", description = "A JSON object with the details (default: {}).")
        String details = "{}";
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            JsonObject d;
            try (var r = Jsonp.PROVIDER.createReader(new StringReader(details))) {
                d = r.readObject();
            } catch (JsonException | IllegalStateException e) {
                throw CliException.usage("--details " + CliException.shorten(details), "not a JSON object", "pass e.g. '{\"reason\":\"...\"}'");
            }
            try (Store store = storeOption.open(environment())) {
                AuditEntry e = new AuditLog(store).append(type, actor, subject, d);
                printJson(e.toJson());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "--type " + CliException.shorten(type));
            }
        }
    }

    /** {@code mandate audit sign}. */
    @Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Sign the current tree head with the organisation's key and store it (run it at intervals, e.g. from cron).",
                    "Prints the signed tree head."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate audit sign --key org"})
    public static final class Sign extends MandateSubcommand {
        @Option(names = "--key", required = true, paramLabel = "NAME", description = "The organisation's key in the key store.")
        String key;
        @Option(names = "--key-id", paramLabel = "ID", description = "Key id recorded in the head (default: did:key:...#... of the key).")
        String keyId;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
            String mk = km.publicKey().toMultikey();
            String id = keyId != null ? keyId : "did:key:" + mk + "#" + mk;
            try (Store store = storeOption.open(environment())) {
                printJson(new AuditLog(store).signTreeHead(km.signer(), id).toJson());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "mandate audit sign");
            }
        }
    }

    /** {@code mandate audit verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Check the whole log: every entry against its leaf hash and every signed tree head against the entries.",
                    "Prints {intact, entries, signedTreeHeads, finding?}; exit 0 when intact, 1 naming the first entry that was",
                    "altered, removed or reordered. Without --key-did/--key the key named in the stored heads is used (weaker: pin it)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate audit verify --key-did did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"})
    public static final class Verify extends MandateSubcommand {
        @Mixin
        KeyChoice keyChoice;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            Optional<PublicKeyValue> pinned = keyChoice.resolve(this, keyStore());
            try (Store store = storeOption.open(environment())) {
                AuditLog log = new AuditLog(store);
                List<SignedTreeHead> heads = log.signedTreeHeads();
                PublicKeyValue key = pinned.orElseGet(() -> keyFromHeads(heads));
                if (heads.isEmpty()) {
                    note("warning: no signed tree head yet; only the leaf hashes are checked (run 'mandate audit sign')");
                }
                AuditVerification v = log.verifyAll(heads, key);
                printJson(Jsonp.PROVIDER.createObjectBuilder(v.toJson()).add("key", didOf(key)).build());
                v.finding().ifPresent(f -> note("audit log NOT intact: " + f.message()));
                return v.intact() ? ExitCode.OK : ExitCode.NEGATIVE;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "mandate audit verify");
            }
        }

        private PublicKeyValue keyFromHeads(List<SignedTreeHead> heads) {
            List<String> ids = heads.stream().map(SignedTreeHead::keyId).distinct().toList();
            if (ids.size() != 1) {
                throw CliException.usage("mandate audit verify", ids.isEmpty() ? "no signed tree head names a key"
                        : "the signed tree heads name " + ids.size() + " keys", "pass --key-did DID or --key NAME");
            }
            note("warning: using the key named in the log itself (" + ids.get(0) + "); pass --key-did to pin the organisation's key");
            return fromDid(ids.get(0));
        }
    }

    /** {@code mandate audit prove}. */
    @Command(name = "prove", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print an inclusion proof of one entry: the entry, its leaf index, the tree size, the audit path and the",
                    "newest signed tree head that covers it. A partner checks it with 'mandate audit check-proof', without the log."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate audit prove 42 > entry-42.proof.json"})
    public static final class Prove extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Parameters(index = "0", paramLabel = "SEQ", description = "The entry's seq.")
        long seq;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                AuditLog log = new AuditLog(store);
                long size = log.size();
                if (seq < 0 || seq >= size) {
                    throw CliException.negative("SEQ " + seq, size == 0 ? "the audit log is empty"
                                    : "no such entry: the audit log has " + size + " entries, seq 0 to " + (size - 1),
                            size == 0 ? "entries are written by vc issue, cap grant and the server's /authorize with a --store"
                                    : "pass a seq from 0 to " + (size - 1));
                }
                printJson(log.prove(seq).toJson());
                return ExitCode.OK;
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.NOT_FOUND) {
                    throw CliException.negative("SEQ " + seq, "no signed tree head covers entry " + seq + " yet",
                            "sign the current tree head with 'mandate audit sign --key NAME', then prove again");
                }
                throw StoreOption.translate(e, "SEQ " + seq);
            }
        }
    }

    /** {@code mandate audit check-proof}. */
    @Command(name = "check-proof", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Check an inclusion proof offline: the tree head's signature, the entry's hash and the audit path.",
                    "Prints {valid, seq, treeSize, key, problem?}; exit 0 valid, 1 not. Without --key-did/--key the did:key named in",
                    "the proof is used and printed: compare it with the organisation's published DID."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate audit check-proof --key-did did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK entry-42.proof.json"})
    public static final class CheckProof extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The proof printed by 'mandate audit prove' (- for stdin).")
        String file;
        @Mixin
        KeyChoice keyChoice;

        @Override
        public Integer call() {
            JsonObject json = Inputs.readObject(file, environment(), "the output of 'mandate audit prove SEQ'");
            InclusionProof proof;
            try {
                proof = InclusionProof.fromJson(json);
            } catch (AuditFormatException e) {
                throw CliException.usage(CliException.shorten(file), "not an audit inclusion proof: " + e.getMessage(),
                        "pass the output of 'mandate audit prove'");
            }
            PublicKeyValue key = keyChoice.resolve(this, keyStore()).orElseGet(() -> {
                note("warning: using the key named in the proof (" + proof.head().keyId() + "); pass --key-did to pin the organisation's key");
                return fromDid(proof.head().keyId());
            });
            Optional<String> problem = proof.check(key);
            var out = Jsonp.PROVIDER.createObjectBuilder().add("valid", problem.isEmpty()).add("seq", proof.leafIndex())
                    .add("treeSize", proof.treeSize()).add("key", didOf(key));
            problem.ifPresent(p -> out.add("problem", p));
            printJson(out.build());
            problem.ifPresent(p -> note("proof NOT valid: " + p));
            return problem.isEmpty() ? ExitCode.OK : ExitCode.NEGATIVE;
        }
    }

}
