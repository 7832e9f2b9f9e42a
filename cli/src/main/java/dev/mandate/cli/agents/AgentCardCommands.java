package dev.mandate.cli.agents;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.ResolverOptions;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentCards;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.server.RegisteredAgentCards;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.DidMethodResolver;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** {@code mandate agent publish-card} and {@code mandate agent card}: the signed A2A Agent Cards of registered agents. */
final class AgentCardCommands {
    private AgentCardCommands() {
    }

    /** {@code mandate agent publish-card DID FILE}. */
    @Command(name = "publish-card", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Publish an agent's signed A2A Agent Card in the registry, replacing its earlier one; mandate serve then",
                    "serves it at GET /agents/{did}/card. Refused unless every signature verifies, every signer is an active",
                    "registered agent whose key the registry has not retired, and every signer is a DID of this agent."
                    + " Audited. Prints {agent, published, signers}."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate a2a sign-card --key procurement card.json > signed-card.json",
                    "  mandate agent publish-card did:key:z6Mk... signed-card.json --by alice"})
    static final class PublishCard extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID", description = "Any DID of the agent.")
        String did;
        @Parameters(index = "1", paramLabel = "FILE", description = "The signed Agent Card (JSON), or - for stdin.")
        String file;
        @Option(names = "--by", paramLabel = "WHO", description = "Who publishes it (default: operator).")
        String by = "operator";
        @Mixin
        ResolverOptions resolverOptions;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            String text = Inputs.read(file, environment());
            JsonObject card;
            try {
                card = BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT);
            } catch (JsonInputException e) {
                throw CliException.usage(file, e.getMessage(), "pass a signed Agent Card JSON object (mandate a2a sign-card)", e);
            }
            try (Store store = storeOption.open(environment())) {
                AgentRegistry registry = new AgentRegistry(store);
                Agent agent = registry.findByDid(did).orElseThrow(() -> CliException.usage(CliException.shorten(did),
                        "no registered agent has this DID", "register it first: mandate agent register --did ..."));
                RegisteredAgentCards.Check check = RegisteredAgentCards.check(
                        new DidMethodResolver(resolverOptions.resolver(environment()::resolve)), registry, agent.did(), card.toString());
                if (!check.ok()) {
                    printJson(check.verification().result().toJson());
                    note("mandate: " + CliException.shorten(file) + ": not published: " + check.problem().get());
                    return check.operational() ? ExitCode.DEPENDENCY : ExitCode.NEGATIVE;
                }
                String id = new AgentCards(store).publish(agent.did(), card.toString(), by);
                printJson(Jsonp.PROVIDER.createObjectBuilder().add("agent", id).add("published", true)
                        .add("signers", Jsonp.PROVIDER.createArrayBuilder(check.verification().signers())).build());
                return ExitCode.OK;
            } catch (AgentException e) {
                throw AgentCommand.translate(e, CliException.shorten(did));
            } catch (StoreException e) {
                throw StoreOption.translate(e, "agent publish-card");
            }
        }
    }

    /** {@code mandate agent card DID}. */
    @Command(name = "card", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print the signed A2A Agent Card an agent published, as published. Exit 1 when it has none."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate agent card did:key:z6Mk... | mandate a2a verify-card -"})
    static final class ShowCard extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID", description = "Any DID of the agent.")
        String did;
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                Optional<AgentCards.PublishedCard> card = new AgentCards(store).card(did);
                if (card.isEmpty()) {
                    note("mandate: " + CliException.shorten(did) + ": no card published (or no such agent); publish one with mandate agent publish-card");
                    return ExitCode.NEGATIVE;
                }
                printText(card.get().card());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "agent card");
            }
        }
    }
}
