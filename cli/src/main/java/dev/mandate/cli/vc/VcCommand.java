package dev.mandate.cli.vc;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.mandate.cli.ResolverOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** {@code mandate vc ...}: issue and verify credentials. */
@Command(name = "vc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Issue and verify W3C verifiable credentials.",
        subcommands = {VcCommand.Issue.class, VcCommand.Verify.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate vc issue --key org --valid-for 5m credential.json > signed.json",
                "  mandate vc verify signed.json"})
public final class VcCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (issue, verify)");
    }

    /** {@code mandate vc issue}. */
    @Command(name = "issue", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Sign a credential (VC Data Model 2.0) with a key from the key store and print it.",
                    "Sets issuer (the key's did:key unless --issuer), validFrom (now) and validUntil (now + --valid-for).",
                    "The issuer's DID document must list the signing key under assertionMethod; a did:web one is fetched first",
                    "(refused hosts and loopback need --allow-private-networks / --allow-http-loopback, as for vc verify).",
                    "Formats: di (Data Integrity JSON, default), jwt (VC-JOSE-COSE vc+jwt), jwt-1.1 (VC-JWT 1.1 vc claim),",
                    "sd-jwt (vc+sd-jwt; choose --disclosable claims; a did:key subject becomes the holder key, cnf).",
                    "Suites (di): eddsa-rdfc-2022 (Ed25519, default), eddsa-jcs-2022, ecdsa-rdfc-2019 (P-256/P-384, default), ecdsa-jcs-2019.",
                    "JOSE formats sign with any key type: EdDSA, ES256, ES384, ES256K."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate vc issue --key org credential.json",
                    "  mandate vc issue --key org --format jwt credential.json > credential.jwt",
                    "  mandate vc issue --key org --format sd-jwt --disclosable /credentialSubject/capability/0 \\",
                    "      --disclosable /credentialSubject/capability/1 credential.json > credential.sd-jwt",
                    "  mandate vc issue --key org --suite eddsa-jcs-2022 --valid-for 30s - < credential.json",
                    "  mandate vc issue --key org --issuer did:web:example.com credential.json",
                    "  mandate vc issue --key org --status both --store jdbc:sqlite:/var/lib/mandate/mandate.db credential.json"})
    public static final class Issue extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--key", required = true, paramLabel = "NAME", description = "Signing key in the key store.")
        String key;
        @Option(names = "--suite", paramLabel = "CRYPTOSUITE", description = "Cryptosuite (default by key type).")
        String suite;
        @Option(names = "--issuer", paramLabel = "DID",
                description = "Issuer DID (default: the key's did:key); its document must list the key under assertionMethod (a did:web is fetched).")
        String issuer;
        @Option(names = "--verification-method", paramLabel = "DID_URL", description = "Verification method id (default: DID#<multikey>).")
        String verificationMethod;
        @Option(names = "--valid-for", paramLabel = "DURATION", description = "Sets validUntil = now + DURATION (30s, 5m, 2h, 1d).")
        String validFor;
        @Option(names = "--format", paramLabel = "FORMAT", description = "di (default), jwt, jwt-1.1 or sd-jwt.")
        String format = "di";
        @Option(names = "--disclosable", paramLabel = "POINTER",
                description = "sd-jwt: a JSON Pointer to a claim the holder may disclose or withhold (repeatable), e.g. /credentialSubject/capability/0.")
        List<String> disclosable = new java.util.ArrayList<>();
        @Option(names = "--status", paramLabel = "PURPOSE",
                description = "Add Bitstring Status List entries: revocation, suspension or both (allocated in --store).")
        String status;
        @Mixin
        dev.mandate.cli.status.StoreOption storeOption;
        @Mixin
        ResolverOptions resolverOptions;
        @Parameters(index = "0", paramLabel = "FILE", description = "Unsigned credential, or - for stdin.")
        String file;

        @Override
        public Integer call() {
            useContexts();
            dev.mandate.cli.DidArguments.optional("--issuer", issuer, "pass the issuer's full DID, e.g. did:web:example.com, or omit --issuer"
                    + " to use the key's did:key");
            JsonObject credential = Inputs.readObject(file, environment());
            Optional<Duration> duration = Optional.ofNullable(validFor).map(v -> dev.mandate.cli.Durations.parse("--valid-for", v));
            if (!disclosable.isEmpty() && !"sd-jwt".equals(format)) {
                throw CliException.usage("--disclosable", "only applies to --format sd-jwt", "add --format sd-jwt or drop --disclosable");
            }
            java.util.Set<dev.mandate.vc.status.StatusPurpose> purposes = status == null ? java.util.Set.of()
                    : dev.mandate.cli.status.StoreOption.purposes("--status", status);
            KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
            if (!"di".equals(format)) {
                if (!purposes.isEmpty()) {
                    throw CliException.usage("--status", "status entries are added to Data Integrity credentials only",
                            "drop --format, or issue the JOSE credential without --status");
                }
                if (suite != null) {
                    throw CliException.usage("--suite " + suite, "only applies to --format di", "drop --suite; JOSE formats take the key's algorithm");
                }
                Signing s = Signing.identity(km, Optional.ofNullable(issuer), Optional.ofNullable(verificationMethod), "--issuer");
                s.requireListed(resolverOptions.resolver(environment()::resolve), "--issuer");
                String issued = JoseFormats.issue(format, credential, s, duration, disclosable, file);
                record(Jsonp.PROVIDER.createObjectBuilder(credential).add("issuer", s.did()).build(), s.did());
                printText(issued);
                return ExitCode.OK;
            }
            Signing s = Signing.of(km, Optional.ofNullable(issuer), Optional.ofNullable(verificationMethod), Optional.ofNullable(suite), "--issuer");
            s.requireListed(resolverOptions.resolver(environment()::resolve), "--issuer");
            try {
                if (!purposes.isEmpty()) {
                    try (dev.mandate.registry.Store store = storeOption.open(environment())) {
                        dev.mandate.registry.StatusService service = new dev.mandate.registry.StatusService(store,
                                storeOption.statusBase(environment()), s.issuerKey(), new Issuer());
                        dev.mandate.registry.IssueOptions options = dev.mandate.registry.IssueOptions.purposes(purposes);
                        printJson(service.issue(credential, duration.isPresent() ? options.withValidFor(duration.get()) : options));
                    } catch (dev.mandate.registry.StoreException e) {
                        throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
                    }
                    return ExitCode.OK;
                }
                JsonObject signed = duration.isPresent() ? new Issuer().issue(credential, s.issuerKey(), duration.get())
                        : new Issuer().issue(credential, s.issuerKey());
                record(signed, s.did());
                printJson(signed);
            } catch (ProofException e) {
                throw CliException.usage(file, e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"),
                        "fix the credential and issue again", e);
            }
            return ExitCode.OK;
        }

        /**
         * With a store named explicitly (--store or $MANDATE_STORE), audits the issuance and records the
         * credential for its subject if that is a registered agent (with --status, StatusService does this).
         */
        private void record(JsonObject credential, String issuerDid) {
            if (!storeOption.explicit(environment())) {
                return;
            }
            try (dev.mandate.registry.Store store = storeOption.open(environment())) {
                new dev.mandate.registry.agents.AgentRegistry(store).recordIssuance(credential, issuerDid, "issuance");
            } catch (dev.mandate.registry.StoreException e) {
                throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
    }

    /** {@code mandate vc verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Verify credentials or presentations and print one result JSON line per input. The format is",
                    "detected: Data Integrity JSON, vc+jwt / vp+jwt / VC-JWT 1.1 (compact JWS), SD-JWT (with '~'),",
                    "or an Enveloped...Credential JSON object. The result:",
                    "  {verified, kind, format, checks[], problems[{type, code, title, detail, path}], credentialResults[]}",
                    "Exit 0 if all verified, 1 if any did not, 2 for unreadable input, 3 if a DID could not be resolved."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate vc verify signed.json",
                    "  mandate vc verify --challenge 9f2c --domain api.supplier.example presentation.json",
                    "  mandate vc verify credential.jwt",
                    "  mandate vc verify --nonce 9f2c --audience https://api.supplier.example presentation.sd-jwt",
                    "  mandate vc verify --at 2026-12-01T00:00:00Z a.json b.json"})
    public static final class Verify extends MandateSubcommand {
        @Option(names = {"--challenge", "--nonce"}, paramLabel = "C", description = "Challenge (nonce) a presentation's proof or key-binding JWT must carry.")
        String challenge;
        @Option(names = {"--domain", "--audience"}, paramLabel = "D", description = "Domain (audience) a presentation's proof or key-binding JWT must carry.")
        String domain;
        @Option(names = "--at", paramLabel = "TIME", description = "Verify as of this time (RFC 3339), not now.")
        String at;
        @Option(names = "--clock-skew", paramLabel = "DURATION", description = "Tolerated clock difference (default 5s).")
        String skew;
        @Option(names = "--trusted-issuer", paramLabel = "DID",
                description = "Accept credentials only from this issuer DID (repeatable; default: any issuer whose proof checks out).")
        List<String> trustedIssuers = new java.util.ArrayList<>();
        @Option(names = "--no-status", description = "Do not check credentialStatus (Bitstring Status List); by default it is fetched and checked.")
        boolean noStatus;
        @Mixin
        ResolverOptions resolverOptions;
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Credential or presentation files, or - for stdin.")
        List<String> files;

        @Override
        public Integer call() {
            useContexts();
            VerifyOptions options = VerifyOptions.none();
            if (challenge != null) {
                if (challenge.isEmpty()) {
                    throw CliException.usage("--challenge", "is empty", "pass the challenge the presentation was signed with, or drop --challenge");
                }
                options = options.withChallenge(challenge);
            }
            if (domain != null) {
                if (domain.isEmpty()) {
                    throw CliException.usage("--domain", "is empty", "pass the domain the presentation was signed for, or drop --domain");
                }
                options = options.withDomain(domain);
            }
            if (at != null) {
                options = options.at(parseTime(at));
            }
            for (String t : trustedIssuers) {
                dev.mandate.cli.DidArguments.require("--trusted-issuer", t, "pass the issuer's full DID, e.g. did:web:example.com");
            }
            Verifier.Builder vb = Verifier.builder(new DidMethodResolver(resolverOptions.resolver(environment()::resolve)));
            vb.trustedIssuers(trustedIssuers);
            if (skew != null) {
                vb.clockSkew(dev.mandate.cli.Durations.parse("--clock-skew", skew));
            }
            if (noStatus) {
                vb.ignoreCredentialStatus();
            } else {
                vb.statusChecker(resolverOptions.statusChecker(environment()::resolve));
            }
            Verifier verifier = vb.build();
            int exit = ExitCode.OK;
            for (String f : files) {
                VerificationResult r = verifier.verify(Inputs.read(f, environment()), options);
                if ((challenge != null || domain != null) && challengeNotApplied(r)) {
                    // a bare credential has no proof bound to a challenge: saying "verified" would suggest replay protection
                    throw CliException.usage(CliException.shorten(f), "is a bare credential, so " + (challenge != null ? "--challenge" : "--domain")
                                    + " cannot be checked (only a presentation's proof or an SD-JWT's key binding carries one)",
                            "verify the presentation made with 'mandate vp create --challenge ...', or drop "
                                    + (challenge != null ? "--challenge" : "--domain"));
                }
                printJson(r.toJson());
                if (!r.verified()) {
                    note(reason(f, r));
                    exit = Math.max(exit, r.operationalFailure() ? ExitCode.DEPENDENCY : ExitCode.NEGATIVE);
                }
            }
            return exit;
        }
    }

    /** True if the result is of a credential on which no challenge, domain or key binding was checked or refused. */
    static boolean challengeNotApplied(VerificationResult r) {
        if (!"credential".equals(r.kind())) {
            return false;
        }
        boolean checked = r.checks().contains("challenge") || r.checks().contains("domain") || r.checks().contains("keyBinding");
        boolean refused = r.problems().stream().anyMatch(p -> p.type() == dev.mandate.vc.verify.ErrorType.INVALID_CHALLENGE_ERROR
                || p.type() == dev.mandate.vc.verify.ErrorType.INVALID_DOMAIN_ERROR);
        return !checked && !refused;
    }

    /**
     * One line for people: {@code mandate: FILE: <first problem> (at PATH)}, descending into the first
     * nested credential that failed so the line names the member that was wrong.
     */
    static String reason(String file, VerificationResult r) {
        VerificationResult at = r;
        String prefix = "";
        while (true) {
            VerificationResult failedInner = null;
            int index = -1;
            for (int i = 0; i < at.credentialResults().size(); i++) {
                if (!at.credentialResults().get(i).verified()) {
                    failedInner = at.credentialResults().get(i);
                    index = i;
                    break;
                }
            }
            if (failedInner == null || failedInner.problems().isEmpty()) {
                break;
            }
            prefix += "credential " + index + ": ";
            at = failedInner;
        }
        if (at.problems().isEmpty()) {
            return "mandate: " + CliException.shorten(file) + ": not verified; see the result's problems";
        }
        dev.mandate.vc.verify.Problem p = at.problems().get(0);
        int more = at.problems().size() - 1;
        return "mandate: " + CliException.shorten(file) + ": " + prefix + p.message()
                + (p.path().isEmpty() ? "" : " (at " + p.path() + ")") + (more > 0 ? " (+" + more + " more in the result)" : "");
    }

    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.usage("--at " + CliException.shorten(text), "not an RFC 3339 date-time", "write it like 2026-12-01T00:00:00Z");
        }
    }
}
