package dev.mandate.agent.authz;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityJson;
import dev.mandate.agent.Reason;
import dev.mandate.agent.chain.ChainLink;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Optional;

/**
 * An authorization decision: allow or deny, the agent, the capability that matched, the chain, the
 * checks that passed and the reasons for a denial. {@link #toJson()} is the form served over HTTP and
 * printed by {@code mandate authorize}.
 */
public final class Decision {
    private final boolean allow;
    private final String agentDid;
    private final Capability matched;
    private final List<ChainLink> chain;
    private final List<String> checks;
    private final List<Reason> reasons;

    Decision(boolean allow, String agentDid, Capability matched, List<ChainLink> chain, List<String> checks, List<Reason> reasons) {
        this.allow = allow;
        this.agentDid = agentDid;
        this.matched = matched;
        this.chain = List.copyOf(chain);
        this.checks = List.copyOf(checks);
        this.reasons = List.copyOf(reasons);
    }

    /** {@return true if the request is allowed} */
    public boolean allow() { return allow; }
    /** {@return the requesting agent's DID, once the proof named one ("" before)} */
    public String agentDid() { return agentDid; }
    /**
     * {@return the capability the request was allowed under; empty when denied, or allowed for an operation
     * that needs no capability}
     */
    public Optional<Capability> matchedCapability() { return Optional.ofNullable(matched); }
    /** {@return the chain links that parsed, root first; immutable} */
    public List<ChainLink> chain() { return chain; }
    /** {@return the names of the checks that passed, in order; immutable} */
    public List<String> checks() { return checks; }
    /** {@return why the request was denied (empty when allowed); immutable} */
    public List<Reason> reasons() { return reasons; }

    /**
     * {@return true when the request was refused for an operational failure rather than decided: the shared state
     * did not answer ({@link Reason.Code#STATE_UNAVAILABLE}) or the decision could not be recorded
     * ({@link Reason.Code#AUDIT_UNAVAILABLE}); a gateway answers 503 with {@code Retry-After}, and the caller may
     * retry (at another instance)}
     */
    public boolean unavailable() {
        return !allow && reasons.stream().anyMatch(r -> r.code() == Reason.Code.STATE_UNAVAILABLE
                || r.code() == Reason.Code.AUDIT_UNAVAILABLE);
    }

    /** This decision turned into a refusal because a required listener could not record it. */
    Decision unrecorded(String why) {
        return new Decision(false, agentDid, null, chain, checks, List.of(Reason.of(Reason.Code.AUDIT_UNAVAILABLE,
                "the decision could not be recorded, so the request is refused: " + why)));
    }

    /**
     * {@return the decision as JSON: {@code allow}, {@code agent}, {@code matchedCapability} when there is one,
     * {@code chain}, {@code checks} and {@code reasons}}
     */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("allow", allow).add("agent", agentDid);
        if (matched != null) b.add("matchedCapability", CapabilityJson.toJson(matched));
        JsonArrayBuilder c = Jsonp.PROVIDER.createArrayBuilder();
        chain.forEach(l -> c.add(l.toJson()));
        JsonArrayBuilder k = Jsonp.PROVIDER.createArrayBuilder();
        checks.forEach(k::add);
        JsonArrayBuilder r = Jsonp.PROVIDER.createArrayBuilder();
        reasons.forEach(x -> r.add(x.toJson()));
        return b.add("chain", c).add("checks", k).add("reasons", r).build();
    }

    /** One line: ALLOW or DENY with the first reason. */
    @Override public String toString() {
        return allow ? "ALLOW " + agentDid + " under " + (matched == null ? "?" : matched.action() + " " + matched.resource())
                : "DENY " + (reasons.isEmpty() ? "" : reasons.get(0).toString());
    }
}
