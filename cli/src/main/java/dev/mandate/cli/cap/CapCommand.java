package dev.mandate.cli.cap;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityCredential;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.CapabilityJson;
import dev.mandate.vc.model.Workload;
import dev.mandate.cli.CliException;
import dev.mandate.cli.Durations;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.proof.ProofException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code mandate cap grant|delegate|show}: capability credentials and delegation chains. */
@Command(name = "cap", footerHeading = "%nExamples:%n", footer = {"  mandate cap grant --key org --subject did:key:z6Mk... --capability '{\"action\":\"read\",\"resource\":\"https://api.example/orders/\"}' > root.json", "  mandate cap show root.json"},
        mixinStandardHelpOptions = true, description = "Grant, delegate and show agent capability credentials.",
        subcommands = {CapCommand.Grant.class, CapCommand.Delegate.class, CapCommand.Show.class, dev.mandate.cli.HelpCommand.class})
public final class CapCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (grant, delegate, show)");
    }

    static List<Capability> capabilities(List<String> inline) {
        List<Capability> caps = new ArrayList<>();
        for (String c : inline) {
            try {
                JsonValue v = BoundedJson.parse(c, BoundedJson.Limits.DEFAULT.withMaxBytes(64 * 1024).withMaxDepth(8));
                caps.addAll(CapabilityJson.parseCapabilities(v));
            } catch (JsonInputException | CapabilityException e) {
                throw CliException.usage("--capability " + CliException.shorten(c), e.getMessage(),
                        "pass JSON like {\"action\":\"read\",\"resource\":\"https://api.example/orders/\",\"constraints\":{\"methods\":[\"GET\"]}}", e);
            }
        }
        if (caps.isEmpty()) throw CliException.usage("--capability", "no capability given", "pass at least one --capability JSON");
        return caps;
    }

    abstract static class Common extends MandateSubcommand {
        @Option(names = "--key", required = true, paramLabel = "NAME", description = "Signing key in the key store.")
        String key;
        @Option(names = "--subject", required = true, paramLabel = "DID", description = "The (sub-)agent's DID.")
        String subject;
        @Option(names = "--capability", required = true, paramLabel = "JSON",
                description = "A capability (or array of them) as JSON: {\"action\",\"resource\",\"constraints\"}. Repeatable.")
        List<String> capability = new ArrayList<>();
        @Option(names = "--depth", paramLabel = "N", defaultValue = "0", description = "delegationDepth: further levels allowed below (default 0).")
        int depth;
        @Option(names = "--valid-for", paramLabel = "DURATION", defaultValue = "1h", description = "Validity (default 1h).")
        String validFor;
        @Option(names = "--workload-id", paramLabel = "URI", description = "The agent's runtime workload id (e.g. a SPIFFE ID).")
        String workloadId;
        @Option(names = "--image-digest", paramLabel = "DIGEST", description = "The agent's container image digest.")
        String imageDigest;
        @Option(names = "--code-digest", paramLabel = "DIGEST", description = "The agent's code digest.")
        String codeDigest;
        @picocli.CommandLine.Mixin
        dev.mandate.cli.status.StoreOption storeOption;

        /** With an explicit store (--store, $MANDATE_STORE): audit it and record it for the agent if registered. */
        void record(JsonObject credential, String actor, String type) {
            if (!storeOption.explicit(environment())) return;
            try (dev.mandate.registry.Store store = storeOption.open(environment())) {
                new dev.mandate.registry.agents.AgentRegistry(store).recordIssuance(credential, actor, type);
            } catch (dev.mandate.registry.StoreException e) {
                throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }

        /** Refuses a --subject that is not a usable DID before any key is loaded. */
        void checkSubject() {
            dev.mandate.cli.DidArguments.require("--subject", subject, "paste the agent's full DID");
        }

        CapabilityIssuer.Grant grant() {
            checkSubject();
            Duration d = Durations.parse("--valid-for", validFor);
            try {
                return new CapabilityIssuer.Grant(subject, capabilities(capability), depth,
                        Workload.builder().codeDigest(codeDigest).imageDigest(imageDigest).workloadId(workloadId).build(), d);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--depth/--valid-for", e.getMessage(), "use a depth from 0 to 16 and a positive duration");
            }
        }

        Signing signing() {
            KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
            return Signing.of(km, Optional.empty(), Optional.empty(), Optional.of(CapFiles.suiteFor(km)), "--key");
        }
    }

    /** {@code mandate cap grant}. */
    @Command(name = "grant", footerHeading = "%nExamples:%n", footer = {"  mandate cap grant --key org --subject did:key:z6Mk... --depth 1 --valid-for 1h \\", "      --capability '{\"action\":\"pay\",\"resource\":\"https://api.example/orders/\",\"constraints\":{\"maxAmount\":\"500\",\"currency\":\"EUR\"}}' > root.json",
            "  mandate cap grant --key org --subject did:key:z6Mk... --status both --store jdbc:sqlite:mandate.db --status-url https://org.example/status-lists/ \\",
            "      --capability '{\"action\":\"read\",\"resource\":\"https://erp.example/orders/\"}' > root.json"},
        mixinStandardHelpOptions = true, description = {"Issue an AgentCapabilityCredential to an agent, signed by --key's did:key.",
            "Prints the signed credential (a one-link chain for cap delegate, request and authorize)."})
    public static final class Grant extends Common {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--status", paramLabel = "PURPOSE",
                description = "Add Bitstring Status List entries (revocation, suspension or both) allocated in --store, so the grant can be"
                        + " revoked, and suspended by the behaviour guard. Lists are served by mandate serve at --status-url.")
        String status;

        @Override
        public Integer call() {
            checkSubject();
            Signing s = signing();
            CapabilityIssuer.Grant g = grant();
            try {
                if (status != null) {
                    java.util.Set<dev.mandate.vc.status.StatusPurpose> purposes = dev.mandate.cli.status.StoreOption.purposes("--status", status);
                    try (dev.mandate.registry.Store store = storeOption.open(environment())) {
                        var service = new dev.mandate.registry.StatusService(store, storeOption.statusBase(environment()), s.issuerKey(),
                                new dev.mandate.vc.issuer.Issuer());
                        printJson(service.issue(new CapabilityIssuer().unsignedGrant(g),
                                dev.mandate.registry.IssueOptions.purposes(purposes).withValidFor(g.validFor())));
                    } catch (dev.mandate.registry.StoreException e) {
                        throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
                    }
                    return 0;
                }
                JsonObject vc = new CapabilityIssuer().grant(g, s.issuerKey());
                record(vc, s.did(), "issuance");
                printJson(vc);
            } catch (ProofException e) {
                throw CliException.usage("--capability", e.getMessage(), "check the capabilities", e);
            }
            return 0;
        }
    }

    /** {@code mandate cap delegate}. */
    @Command(name = "delegate", footerHeading = "%nExamples:%n", footer = {"  mandate cap delegate --key agent --parent root.json --subject did:key:z6Mk... \\", "      --capability '{\"action\":\"read\",\"resource\":\"https://api.example/orders/history/\"}' > chain.json"},
        mixinStandardHelpOptions = true, description = {"Derive a narrower AgentDelegationCredential for a sub-agent from --parent,",
            "signed by --key (the parent's subject). Prints the extended chain (JSON array, root first).",
            "Refuses (exit 1) a delegation that would be wider than the parent."})
    public static final class Delegate extends Common {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--parent", required = true, paramLabel = "FILE", description = "The parent credential or chain.")
        String parent;

        @Override
        public Integer call() {
            checkSubject();
            List<JsonObject> chain = new ArrayList<>(CapFiles.readChain(parent, environment()));
            Signing s = signing();
            try {
                chain.add(new CapabilityIssuer().delegate(chain.get(chain.size() - 1), grant(), s.issuerKey()));
                record(chain.get(chain.size() - 1), s.did(), "delegation");
            } catch (CapabilityException e) {
                throw CliException.negative(parent, e.getMessage(), "delegate only what the parent grants, to a new agent, before it expires");
            } catch (ProofException e) {
                throw CliException.usage(parent, e.getMessage(), "check the parent credential", e);
            }
            printJson(CapFiles.array(chain));
            return 0;
        }
    }

    /** {@code mandate cap show}. */
    @Command(name = "show", footerHeading = "%nExamples:%n", footer = {"  mandate cap show chain.json"},
        mixinStandardHelpOptions = true, description = "Print a credential or chain in human-readable form (no verification; use mandate authorize).")
    public static final class Show extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "A capability credential or chain.")
        String file;

        @Override
        public Integer call() {
            List<JsonObject> chain = CapFiles.readChain(file, environment());
            String b;
            try {
                b = CapabilityCredential.describeUnverified(chain);
            } catch (CapabilityException e) {
                throw CliException.usage(file, e.getMessage(), "pass capability credentials");
            }
            environment().out().print(b);
            environment().out().flush();
            return 0;
        }
    }
}
