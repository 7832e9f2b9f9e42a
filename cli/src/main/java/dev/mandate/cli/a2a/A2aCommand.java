package dev.mandate.cli.a2a;

import dev.mandate.a2a.AgentCardException;
import dev.mandate.a2a.AgentCardSigner;
import dev.mandate.a2a.AgentCardVerification;
import dev.mandate.a2a.AgentCardVerifier;
import dev.mandate.a2a.AgentDirectory;
import dev.mandate.a2a.AgentStanding;
import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.ResolverOptions;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.DidUrl;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.web.DidWeb;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentKey;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** {@code mandate a2a ...}: A2A Agent Cards signed with the agent's DID key (A2A v1.0 section 8.4). */
@Command(name = "a2a", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Sign and verify A2A Agent Cards with the agent's DID key (A2A v1.0 8.4).",
                "",
                "A signature is a detached JWS over the RFC 8785 (JCS) form of the card",
                "without its \"signatures\" member, added to \"signatures\" as",
                "{\"protected\", \"signature\"}. Its protected header is",
                "{\"alg\", \"kid\", \"typ\": \"JOSE\"}, and the kid is a DID URL (did:key, did:jwk",
                "or did:web), so a verifier finds the key by resolving the agent's DID and",
                "nothing else. A card is verified when it carries a signature and every",
                "signature on it verifies. See docs/a2a.md."},
        subcommands = {A2aCommand.SignCard.class, A2aCommand.VerifyCard.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate a2a sign-card --key procurement card.json > signed-card.json",
                "  mandate a2a verify-card signed-card.json",
                "  mandate a2a verify-card --store jdbc:sqlite:/var/lib/mandate/mandate.db \\",
                "      signed-card.json"})
public final class A2aCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (sign-card, verify-card)");
    }

    /** The DID methods a card can be signed under. */
    enum Method { key, jwk, web }

    /** {@code mandate a2a sign-card}. */
    @Command(name = "sign-card", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Sign an A2A Agent Card with a stored key and print the signed card.",
                    "",
                    "The signature covers the card exactly as written: every member but",
                    "\"signatures\", in JCS form. So sign the card as you will publish it (A2A",
                    "asks that default values of optional fields, such as empty lists, be left",
                    "out before signing). Changing any member afterwards breaks the signature;",
                    "reordering members or changing whitespace does not.",
                    "",
                    "The kid names the key as a verification method of the agent's DID:",
                    "  --did-method key (default)  did:key:z...#z... (nothing to publish)",
                    "  --did-method jwk            did:jwk:...#0",
                    "  --did-method web --did DID  DID#<multikey>, the fragment that",
                    "                              'mandate did create --method web' writes",
                    "                              (--verification-method for another one)",
                    "The key must be listed under assertionMethod or authentication there.",
                    "",
                    "Signatures already on the card are kept (during a key rotation several",
                    "keys sign), and an earlier signature with the same kid is replaced.",
                    "--replace drops them all: do that once an old key has left the DID",
                    "document, as a card carrying a signature that no longer verifies is",
                    "refused."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate a2a sign-card --key procurement card.json > signed-card.json",
                    "  mandate a2a sign-card --key procurement --did-method jwk card.json",
                    "  mandate a2a sign-card --key procurement-2 \\",
                    "      --did did:web:agents.example.com:procurement signed-card.json > both.json",
                    "  mandate a2a sign-card --key procurement-2 --replace \\",
                    "      --did did:web:agents.example.com:procurement both.json > signed-card.json",
                    "  mandate --pretty a2a sign-card --key procurement - < card.json"})
    public static final class SignCard extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--key", required = true, paramLabel = "NAME", description = "Signing key in the key store.")
        String key;
        @Option(names = "--did-method", paramLabel = "METHOD",
                description = "key (default), jwk or web: the DID the kid belongs to (default: the method of --did, else key).")
        Method method;
        @Option(names = "--did", paramLabel = "DID",
                description = "The agent's DID; required for web (did:web:...), optional for key/jwk (must be the key's own).")
        String did;
        @Option(names = "--verification-method", paramLabel = "DID_URL",
                description = "The kid, when the DID document names the key otherwise than DID#<multikey> (e.g. DID#key-1).")
        String verificationMethod;
        @Option(names = "--replace", description = "Drop the card's earlier signatures instead of keeping them.")
        boolean replace;
        @Parameters(index = "0", paramLabel = "FILE", description = "The Agent Card (JSON), or - for stdin.")
        String file;

        @Override
        public Integer call() {
            JsonObject card = Inputs.readObject(file, environment());
            Method m = method(method, did);
            KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
            String agentDid = agentDid(m, km);
            String kid = kid(agentDid, km);
            AgentCardSigner signer;
            try {
                signer = new AgentCardSigner(km.signer(), kid);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--verification-method " + CliException.shorten(kid), e.getMessage(),
                        "give a DID URL of the DID with a #fragment naming the key");
            }
            try {
                printJson(replace ? signer.signReplacing(card) : signer.sign(card));
            } catch (AgentCardException e) {
                throw CliException.usage(file, e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"),
                        "fix the card and sign again", e);
            }
            return ExitCode.OK;
        }

        /** The method from --did-method, else from --did, else key. */
        private static Method method(Method given, String did) {
            Optional<Method> fromDid = Optional.empty();
            if (did != null) {
                for (Method m : Method.values()) {
                    if (did.startsWith("did:" + m.name() + ":")) {
                        fromDid = Optional.of(m);
                    }
                }
                if (fromDid.isEmpty()) {
                    throw CliException.usage("--did " + CliException.shorten(did), "not a did:key, did:jwk or did:web DID",
                            "cards are signed under did:key, did:jwk or did:web; pass such a DID or drop --did");
                }
            }
            if (given != null && fromDid.isPresent() && given != fromDid.get()) {
                throw CliException.usage("--did " + CliException.shorten(did), "is not a did:" + given.name() + " DID",
                        "drop --did-method, or pass a did:" + given.name() + " DID");
            }
            return given != null ? given : fromDid.orElse(Method.key);
        }

        private String agentDid(Method m, KeyMaterial km) {
            switch (m) {
                case jwk: {
                    String own = DidJwk.didFor(km.publicKey());
                    if (did != null && !did.equals(own)) {
                        throw CliException.usage("--did " + CliException.shorten(did), "this did:jwk is not the signing key's",
                                "omit --did to use the key's own did:jwk");
                    }
                    return own;
                }
                case web:
                    if (did == null) {
                        throw CliException.usage("--did-method web", "needs --did",
                                "give the agent's did:web DID, e.g. --did did:web:agents.example.com:procurement");
                    }
                    try {
                        DidWeb.toUrl(did);
                    } catch (DidSyntaxException e) {
                        throw CliException.usage("--did " + CliException.shorten(did), e.getMessage(),
                                "give a valid did:web DID", e);
                    }
                    return did;
                case key:
                default:
                    return Signing.identity(km, Optional.ofNullable(did), Optional.empty(), "--did").did();
            }
        }

        private String kid(String agentDid, KeyMaterial km) {
            if (verificationMethod == null) {
                return Signing.identity(km, Optional.of(agentDid), Optional.empty(), "--did").verificationMethod();
            }
            try {
                DidUrl url = DidUrl.parse(verificationMethod);
                if (!url.did().toString().equals(agentDid) || url.fragment().isEmpty() || url.fragment().get().isEmpty()) {
                    throw CliException.usage("--verification-method " + CliException.shorten(verificationMethod),
                            "is not a #fragment of " + CliException.shorten(agentDid), "give " + agentDid + "#<fragment>");
                }
            } catch (DidSyntaxException e) {
                throw CliException.usage("--verification-method " + CliException.shorten(verificationMethod), e.getMessage(),
                        "give " + agentDid + "#<fragment>", e);
            }
            return verificationMethod;
        }
    }

    /** {@code mandate a2a verify-card}. */
    @Command(name = "verify-card", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Verify the signatures of an A2A Agent Card and print the result.",
                    "",
                    "The result is one JSON line (--pretty for people):",
                    "  {verified, kind: \"agent-card\", format: \"a2a-jws\", checks[],",
                    "   problems[{type, code, title, detail, path}],",
                    "   proofs[{type: \"JWS\", cryptosuite: ALG, verificationMethod: KID,",
                    "           proofPurpose, verified}]}",
                    "",
                    "Every signature must verify: alg EdDSA, ES256, ES384 or ES256K matching",
                    "the key, typ JOSE, a kid that is a DID URL resolved through did:key,",
                    "did:jwk or did:web (under the SSRF policy; jku, jwk, x5u and x5c headers",
                    "are never used) and listed under assertionMethod or authentication.",
                    "With --store, each signer's DID must also be an active agent in that",
                    "registry: unknown, registered, suspended and retired agents and retired",
                    "keys are refused. Without it any DID whose key verifies is accepted, so",
                    "look at who signed (proofs[].verificationMethod).",
                    "",
                    "Exit 0 verified, 1 not verified (first problem on stderr), 2 input that",
                    "is not a JSON object, 3 a DID document or the registry was unreachable."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate a2a verify-card signed-card.json",
                    "  mandate a2a verify-card --store jdbc:sqlite:/var/lib/mandate/mandate.db \\",
                    "      signed-card.json",
                    "  curl -s https://agents.example.com/.well-known/agent-card.json \\",
                    "      | mandate a2a verify-card -",
                    "  mandate a2a verify-card --allow-private-networks --trust-cert dev.pem \\",
                    "      local-card.json"})
    public static final class VerifyCard extends MandateSubcommand {
        @Option(names = "--store", paramLabel = "JDBC_URL",
                description = "Also require each signer to be an active agent in this registry:"
                        + " jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=... ($MANDATE_STORE does not turn this on).")
        String store;
        @Mixin
        ResolverOptions resolverOptions;
        @Parameters(index = "0", paramLabel = "FILE", description = "The signed Agent Card (JSON), or - for stdin.")
        String file;

        @Override
        public Integer call() {
            String text = Inputs.read(file, environment());
            JsonObject card;
            try {
                card = BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT); // the library's bound for card text: 1 MiB, depth 64
            } catch (JsonInputException e) {
                throw CliException.usage(file, e.getMessage(), "pass an Agent Card JSON object", e);
            }
            AgentCardVerifier.Builder b = AgentCardVerifier.builder(
                    new DidMethodResolver(resolverOptions.resolver(environment()::resolve)));
            AgentCardVerification v;
            if (store == null) {
                v = b.build().verify(card);
            } else {
                String display = "--store " + CliException.shorten(store.replaceAll("(?i)(password=)[^&\\s]*", "$1***"));
                try (Store s = Stores.open(store)) {
                    v = b.agentDirectory(directory(new AgentRegistry(s))).build().verify(card);
                } catch (StoreException e) {
                    throw StoreOption.translate(e, display);
                }
            }
            VerificationResult r = v.result();
            printJson(r.toJson());
            if (r.verified()) {
                return ExitCode.OK;
            }
            note(reason(file, r));
            return r.operationalFailure() ? ExitCode.DEPENDENCY : ExitCode.NEGATIVE;
        }
    }

    /** The registry as an {@link AgentDirectory} (see {@link dev.mandate.server.RegisteredAgentCards#directory}). */
    static AgentDirectory directory(AgentRegistry registry) {
        return dev.mandate.server.RegisteredAgentCards.directory(registry);
    }

    /** One line for people: {@code mandate: FILE: <first problem> (at PATH) (+N more in the result)}. */
    static String reason(String file, VerificationResult r) {
        if (r.problems().isEmpty()) {
            return "mandate: " + CliException.shorten(file) + ": not verified; see the result's problems";
        }
        Problem p = r.problems().get(0);
        int more = r.problems().size() - 1;
        return "mandate: " + CliException.shorten(file) + ": " + CliException.sanitize(p.message())
                + (p.path().isEmpty() ? "" : " (at " + p.path() + ")") + (more > 0 ? " (+" + more + " more in the result)" : "");
    }
}
