package dev.mandate.cli.agents;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.registry.agents.Retirement;
import dev.mandate.registry.agents.StateChange;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mandate agent ...}: the agent registry kept in the status store. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"The registry of the organisation's agents: DID, owner, purpose, attested workload and lifecycle",
                "(registered -> active <-> suspended, any -> retired, retired is final). Every change is written to the audit log;",
                "retiring an agent revokes the credentials recorded for it. An agent can have several DIDs and keys;",
                "rotate-key replaces a key (and re-issues credentials bound to a rotated did:key)."},
        subcommands = {AgentCommand.Register.class, AgentCommand.ListAgents.class, AgentCommand.Show.class,
                AgentCommand.Activate.class, AgentCommand.Suspend.class, AgentCommand.Resume.class, AgentCommand.Retire.class,
                AgentCommand.AddCredential.class, AgentKeyCommands.AddKey.class, AgentKeyCommands.RetireKey.class,
                AgentKeyCommands.AddDid.class, AgentKeyCommands.RotateKey.class, AgentCardCommands.PublishCard.class,
                AgentCardCommands.ShowCard.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate agent register --did did:key:z6Mk... --name procurement --owner team:procurement --purpose 'buys supplies'",
                "  mandate agent activate did:key:z6Mk... --reason 'approved by security' --by alice",
                "  mandate agent suspend did:key:z6Mk... --reason 'queried the HR database'",
                "  mandate agent show did:key:z6Mk...",
                "  mandate agent rotate-key did:web:agents.example.com:procurement --new-key procurement-2 --reason 'quarterly rotation'"})
public final class AgentCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (register, list, show, activate, suspend, resume, retire, add-credential, add-key,"
                        + " retire-key, add-did, rotate-key)");
    }

    /** A refusal as a CLI error: 1 unknown agent, 2 illegal transition, duplicate or bad input. */
    static CliException translate(AgentException e, String input) {
        return switch (e.reason()) {
            case NOT_FOUND -> CliException.negative(input, e.getMessage(), "check the DID with 'mandate agent list' and --store");
            case ILLEGAL_TRANSITION -> CliException.usage(input, e.getMessage(), "nothing was changed; see 'mandate agent show' for its state");
            case DUPLICATE -> CliException.usage(input, e.getMessage(), "nothing was changed; use a new DID or 'mandate agent show'");
            case INVALID -> CliException.usage(input, e.getMessage(), "fix the argument and try again");
        };
    }

    static JsonObjectBuilder agentJson(Agent a) {
        return Jsonp.PROVIDER.createObjectBuilder(a.toJson());
    }

    /** {@code mandate agent register}. */
    @Command(name = "register", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Register an agent (state registered). For a did:key the key it names becomes its first key. Prints the agent."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent register --did did:key:z6Mk... --name procurement --owner team:procurement --image-digest sha256:<hex> --workload-id spiffe://org.example/procurement"})
    public static final class Register extends MandateSubcommand {
        @Option(names = "--did", required = true, paramLabel = "DID", description = "The agent's DID.")
        String did;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A human-readable name.")
        String name;
        @Option(names = "--owner", required = true, paramLabel = "OWNER", description = "The person or team responsible (e.g. team:procurement).")
        String owner;
        @Option(names = "--purpose", paramLabel = "TEXT", description = "What the agent is for.")
        String purpose = "";
        @Option(names = "--code-digest", paramLabel = "ALG:HEX", description = "Digest of the agent's code, e.g. sha256:...")
        String codeDigest = "";
        @Option(names = "--image-digest", paramLabel = "ALG:HEX", description = "Digest of its container image, e.g. sha256:...")
        String imageDigest = "";
        @Option(names = "--workload-id", paramLabel = "URI", description = "Its runtime workload id, e.g. spiffe://org.example/procurement.")
        String workloadId = "";
        @Option(names = "--by", paramLabel = "WHO", description = "Who registers it (default: operator).")
        String by = "operator";
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            dev.mandate.cli.DidArguments.require("--did", did, "paste the agent's full DID");
            try (Store store = storeOption.open(environment())) {
                Agent a = new AgentRegistry(store).register(did, name, owner, purpose, Workload.builder().codeDigest(codeDigest).imageDigest(imageDigest).workloadId(workloadId).build(), by);
                printJson(a.toJson());
                return ExitCode.OK;
            } catch (AgentException e) {
                throw translate(e, "--did " + CliException.shorten(did));
            } catch (StoreException e) {
                throw StoreOption.translate(e, "--did " + CliException.shorten(did));
            }
        }
    }

    /** {@code mandate agent list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"List every registered agent as a JSON array, ordered by DID."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent list --state active"})
    public static final class ListAgents extends MandateSubcommand {
        @Option(names = "--state", paramLabel = "STATE", description = "Only agents in this state (registered, active, suspended, retired).")
        String state;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            AgentState only = state == null ? null : AgentState.of(state).orElseThrow(() -> CliException.usage("--state "
                    + CliException.shorten(state), "unknown state", "use registered, active, suspended or retired"));
            try (Store store = storeOption.open(environment())) {
                JsonArrayBuilder out = Jsonp.PROVIDER.createArrayBuilder();
                for (Agent a : new AgentRegistry(store).agents()) {
                    if (only == null || a.state() == only) {
                        out.add(a.toJson());
                    }
                }
                printJson(out.build());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "agent list");
            }
        }
    }

    /** {@code mandate agent show DID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Show an agent with its DIDs, keys (active and retired, who added or retired them and why), state history",
                    "(who changed it, when, why) and recorded credentials (ids in 'credentials', details in 'credentialRecords')."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent show did:key:z6Mk..."})
    public static final class Show extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID", description = "The agent's DID.")
        String did;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                AgentRegistry registry = new AgentRegistry(store);
                Agent a = AgentKeyCommands.agent(registry, did);
                JsonArrayBuilder history = Jsonp.PROVIDER.createArrayBuilder();
                for (StateChange c : registry.history(a.did())) {
                    history.add(c.toJson());
                }
                JsonArrayBuilder creds = Jsonp.PROVIDER.createArrayBuilder();
                registry.credentials(a.did()).forEach(creds::add);
                JsonArrayBuilder records = Jsonp.PROVIDER.createArrayBuilder();
                for (dev.mandate.registry.agents.AgentCredential c : registry.credentialRecords(a.did())) {
                    records.add(registry.credentialWithStatus(c));
                }
                JsonArrayBuilder dids = Jsonp.PROVIDER.createArrayBuilder();
                registry.dids(a.did()).forEach(d -> dids.add(d.toJson()));
                JsonArrayBuilder keys = Jsonp.PROVIDER.createArrayBuilder();
                registry.keys(a.did()).forEach(k -> keys.add(k.toJson()));
                printJson(agentJson(a).add("dids", dids).add("keys", keys).add("history", history).add("credentials", creds)
                        .add("credentialRecords", records).build());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(did));
            }
        }
    }

    /** The shared arguments of a state change. */
    abstract static class Change extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID", description = "Any of the agent's DIDs.")
        String did;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the history and the audit log).")
        String reason;
        @Option(names = "--by", paramLabel = "WHO", description = "Who makes the change (default: operator).")
        String by = "operator";
        @Mixin
        StoreOption storeOption;

        /** The open store, while {@link #apply} runs. */
        Store store;

        abstract void apply(AgentRegistry registry, JsonObjectBuilder out) throws AgentException, StoreException;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                this.store = store;
                JsonObjectBuilder out = Jsonp.PROVIDER.createObjectBuilder();
                AgentRegistry registry = new AgentRegistry(store);
                did = registry.findByDid(did).map(Agent::did).orElse(did); // any of its DIDs names the agent
                apply(registry, out);
                printJson(out.build());
                return ExitCode.OK;
            } catch (AgentException e) {
                throw translate(e, CliException.shorten(did));
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(did));
            }
        }
    }

    /** {@code mandate agent activate DID}. */
    @Command(name = "activate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Activate a registered agent (registered -> active). Prints the agent."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent activate did:key:z6Mk... --reason 'approved by security' --by alice"})
    public static final class Activate extends Change {
        @Override
        void apply(AgentRegistry registry, JsonObjectBuilder out) throws AgentException, StoreException {
            out.addAll(agentJson(registry.activate(did, by, reason)));
        }
    }

    /** {@code mandate agent suspend DID}. */
    @Command(name = "suspend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Suspend an active agent (active -> suspended) and the suspension status of its recorded credentials,",
                    "so verifiers subscribed to the status lists refuse it. Prints the agent. Undo with 'agent resume'."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent suspend did:key:z6Mk... --reason 'queried the HR database' --by guard"})
    public static final class Suspend extends Change {
        @Override
        void apply(AgentRegistry registry, JsonObjectBuilder out) throws AgentException, StoreException {
            out.addAll(agentJson(registry.suspend(did, by, reason)));
        }
    }

    /** {@code mandate agent resume DID}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Resume a suspended agent (suspended -> active) after an investigation: lifts the suspension of its recorded",
                    "credentials and of any credential the behaviour guard suspended for it, and the guard watches it again.",
                    "Prints the agent and the credentials reinstated."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent resume did:key:z6Mk... --reason 'investigated, false alarm' --by alice"})
    public static final class Resume extends Change {
        @Override
        void apply(AgentRegistry registry, JsonObjectBuilder out) throws AgentException, StoreException {
            if (registry.agent(did).map(a -> a.state() != dev.mandate.registry.agents.AgentState.SUSPENDED).orElse(true)) {
                out.addAll(agentJson(registry.resume(did, by, reason))); // refused: not found or not suspended
                return;
            }
            java.util.List<String> reinstated = dev.mandate.guard.service.GuardService.resume(store, did, by, reason);
            JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
            reinstated.forEach(ids::add);
            out.addAll(agentJson(registry.agent(did).orElseThrow())).add("reinstated", ids);
        }
    }

    /** {@code mandate agent retire DID}. */
    @Command(name = "retire", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Retire an agent for good and revoke every credential recorded for it.",
                    "Prints the agent with the credentials revoked and those that could not be (with the reason)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent retire did:key:z6Mk... --reason 'decommissioned' --by alice"})
    public static final class Retire extends Change {
        @Override
        void apply(AgentRegistry registry, JsonObjectBuilder out) throws AgentException, StoreException {
            Retirement r = registry.retire(did, by, reason);
            JsonArrayBuilder revoked = Jsonp.PROVIDER.createArrayBuilder();
            r.revoked().forEach(revoked::add);
            JsonObjectBuilder notRevoked = Jsonp.PROVIDER.createObjectBuilder();
            r.notRevoked().forEach(notRevoked::add);
            out.addAll(agentJson(r.agent())).add("revoked", revoked).add("notRevoked", notRevoked);
            if (!r.notRevoked().isEmpty()) {
                note("mandate: " + r.notRevoked().size() + " credential(s) of " + CliException.shorten(did)
                        + " could not be revoked (no revocation status entry); see notRevoked");
            }
        }
    }

    /** {@code mandate agent add-credential DID CREDENTIAL_ID}. */
    @Command(name = "add-credential", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Record that a credential was issued to an agent, so retiring the agent revokes it. With --file the signed",
                    "credential itself is kept, so 'rotate-key' can re-issue it when a did:key agent gets a new key."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent add-credential did:key:z6Mk... urn:uuid:1234",
                    "  mandate agent add-credential did:key:z6Mk... --file signed-credential.json"})
    public static final class AddCredential extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID", description = "Any of the agent's DIDs.")
        String did;
        @Parameters(index = "1", arity = "0..1", paramLabel = "CREDENTIAL_ID", description = "The credential's id (as in the status store).")
        String credentialId;
        @Option(names = "--file", paramLabel = "FILE", description = "The signed credential (JSON, - for stdin) instead of its id.")
        String file;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            if ((credentialId == null) == (file == null)) {
                throw CliException.usage("add-credential", "give either CREDENTIAL_ID or --file", "pass the credential's id, or the signed credential");
            }
            jakarta.json.JsonObject credential = file == null ? null : dev.mandate.cli.vc.Inputs.readObject(file, environment());
            try (Store store = storeOption.open(environment())) {
                AgentRegistry registry = new AgentRegistry(store);
                String agent = AgentKeyCommands.agent(registry, did).did();
                if (credential != null) {
                    registry.recordCredential(agent, credential);
                } else {
                    registry.recordCredential(agent, credentialId);
                }
                JsonArrayBuilder creds = Jsonp.PROVIDER.createArrayBuilder();
                registry.credentials(agent).forEach(creds::add);
                printJson(Jsonp.PROVIDER.createObjectBuilder().add("did", agent).add("credentials", creds).build());
                return ExitCode.OK;
            } catch (AgentException e) {
                throw translate(e, CliException.shorten(did));
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(did));
            }
        }
    }
}
