package dev.mandate.server;

import dev.mandate.a2a.AgentCardVerification;
import dev.mandate.a2a.AgentCardVerifier;
import dev.mandate.a2a.AgentDirectory;
import dev.mandate.a2a.AgentStanding;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentKey;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Objects;
import java.util.Optional;

/**
 * The A2A Agent Cards of registered agents (docs/a2a.md, "Cards of registered agents"): the one check that
 * decides whether a signed card may be published for an agent and, later, served for it. A card passes when
 * every signature verifies ({@link AgentCardVerifier}, kids resolved through the given resolvers), every
 * signer is an active agent of the registry whose signing key the registry has not retired, and every signer
 * is a DID of <em>this</em> agent: another registered agent cannot publish a card in this one's name.
 */
public final class RegisteredAgentCards {
    private RegisteredAgentCards() {
    }

    /**
     * What {@link #check} found.
     *
     * @param verification the card verification (its result is the serializable one)
     * @param problem      why the card may not be published or served for the agent, empty when it may
     * @param operational  true when the answer could not be had (a DID document or the registry did not answer)
     */
    public record Check(AgentCardVerification verification, Optional<String> problem, boolean operational) {
        /**
         * Checks that nothing is null.
         *
         * @param verification the card verification
         * @param problem      why the card may not be used, or empty
         * @param operational  whether the failure is operational rather than a verdict
         * @throws NullPointerException if {@code verification} or {@code problem} is null
         */
        public Check {
            Objects.requireNonNull(verification, "verification");
            Objects.requireNonNull(problem, "problem");
        }

        /** {@return true when the card may be published or served (no problem)} */
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    /**
     * Checks {@code card} (JSON text) as the card of the registered agent {@code agent} (its registry DID).
     *
     * @param methods  resolves the signatures' kids (did:key, did:jwk, did:web under the SSRF policy)
     * @param registry the agent registry the signers are looked up in
     * @param agent    the registered agent's DID
     * @param card     the Agent Card as JSON text
     * @return the verification and, when the card may not be used, why
     * @throws StoreException if the registry cannot be read
     */
    public static Check check(MethodResolver methods, AgentRegistry registry, String agent, String card) throws StoreException {
        AgentCardVerification v = AgentCardVerifier.builder(methods).agentDirectory(directory(registry)).build().verify(card);
        if (!v.verified()) {
            Problem p = v.result().problems().isEmpty() ? new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "not verified", "")
                    : v.result().problems().get(0);
            boolean operational = p.type().operational();
            return new Check(v, Optional.of(p.message() + (p.path().isEmpty() ? "" : " (at " + p.path() + ")")), operational);
        }
        for (String signer : v.signers()) {
            Optional<Agent> owner = registry.findByDid(signer);
            if (owner.isEmpty() || !owner.get().did().equals(agent)) {
                return new Check(v, Optional.of("the card is signed by " + signer + ", which is not a DID of agent " + agent
                        + "; sign it with one of the agent's own keys"), false);
            }
        }
        return new Check(v, Optional.empty(), false);
    }

    /**
     * The registry as an {@link AgentDirectory}: the signer's DID must belong to an active agent (any of its DIDs),
     * and the signing key must not be one the registry lists as retired.
     *
     * @param registry the agent registry
     * @return a directory that reads the registry on every lookup
     */
    public static AgentDirectory directory(AgentRegistry registry) {
        return (did, verificationMethod) -> {
            try {
                Optional<Agent> agent = registry.findByDid(did);
                if (agent.isEmpty()) {
                    return AgentStanding.unknown();
                }
                if (agent.get().state() != AgentState.ACTIVE) {
                    return AgentStanding.inactive(agent.get().state().token());
                }
                for (AgentKey k : registry.keys(agent.get().did())) {
                    if (k.id().equals(verificationMethod) && k.state() == AgentKey.State.RETIRED) {
                        return AgentStanding.inactive("its key " + verificationMethod + " was retired in the registry");
                    }
                }
                return AgentStanding.active();
            } catch (StoreException e) {
                return AgentStanding.unavailable(e.getMessage());
            }
        };
    }
}
