package dev.mandate.agent.authz;

import dev.mandate.agent.Capability;
import dev.mandate.agent.Reason;
import dev.mandate.agent.chain.ChainLink;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One authorization decision with what the {@link Authorizer} learned about the request on the way: the
 * time of the decision, the HTTP method and (normalised) URL, the intent's action and resource (empty when
 * the proof did not get that far) and the capabilities the verified chain grants (empty when the chain did
 * not verify).
 *
 * @param at       when the decision was made (the authorizer's clock)
 * @param method   the HTTP method
 * @param url      the request URL, normalised without query when it parsed
 * @param action   the intent's action, or ""
 * @param resource the intent's resource, or ""
 * @param scope    the leaf agent's trusted capabilities, or empty
 * @param decision the decision
 */
public record DecisionEvent(Instant at, String method, String url, String action, String resource, List<Capability> scope,
                            Decision decision) {
    /** Validates and copies. */
    public DecisionEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        scope = List.copyOf(scope);
        Objects.requireNonNull(decision, "decision");
    }

    /** The resource the request touched: the intent's resource when present, else the URL. */
    public String effectiveResource() {
        return resource.isEmpty() ? url : resource;
    }

    /**
     * The compact form written to the audit log: {@code allow}, {@code agent}, {@code method}, {@code url},
     * {@code action}, {@code resource}, {@code reasons} (code and message), {@code matched} (action and
     * resource of the capability used), {@code scope} (action and resource of each capability held) and
     * {@code credentials} (ids of the chain's links, root first). The chain's credentials themselves are
     * not copied; their ids identify them.
     */
    public JsonObject toAuditJson() {
        Decision d = decision;
        JsonArrayBuilder reasons = Jsonp.PROVIDER.createArrayBuilder();
        for (Reason r : d.reasons()) {
            reasons.add(Jsonp.PROVIDER.createObjectBuilder().add("code", r.code().name()).add("message", clip(r.message())));
        }
        JsonArrayBuilder sc = Jsonp.PROVIDER.createArrayBuilder();
        for (Capability c : scope) {
            sc.add(Jsonp.PROVIDER.createObjectBuilder().add("action", c.action()).add("resource", c.resource().toString()));
        }
        JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
        for (ChainLink l : d.chain()) {
            ids.add(l.credential().id());
        }
        var b = Jsonp.PROVIDER.createObjectBuilder()
                .add("allow", d.allow()).add("agent", d.agentDid()).add("method", method).add("url", clip(url))
                .add("action", action).add("resource", clip(resource)).add("reasons", reasons);
        d.matchedCapability().ifPresent(c -> b.add("matched", Jsonp.PROVIDER.createObjectBuilder()
                .add("action", c.action()).add("resource", c.resource().toString())));
        return b.add("scope", sc).add("credentials", ids).build();
    }

    private static String clip(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1024) + "...";
    }
}
