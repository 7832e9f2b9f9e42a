package dev.mandate.agent.chain;

import dev.mandate.agent.Capability;
import dev.mandate.agent.Reason;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.List;

/**
 * The outcome of verifying a delegation chain.
 *
 * @param valid        true if every rule held
 * @param links        the links that parsed, root first
 * @param capabilities the leaf's capabilities that the root issuer is trusted for (empty when invalid)
 * @param reasons      why the chain is invalid (empty when valid)
 */
public record ChainResult(boolean valid, List<ChainLink> links, List<Capability> capabilities, List<Reason> reasons) {
    /**
     * Copies the lists.
     *
     * @param valid        whether every rule held
     * @param links        the parsed links, root first
     * @param capabilities the trusted leaf capabilities
     * @param reasons      why the chain is invalid
     * @throws NullPointerException if a list or an element is null
     */
    public ChainResult {
        links = List.copyOf(links);
        capabilities = List.copyOf(capabilities);
        reasons = List.copyOf(reasons);
    }

    /** {@return the leaf agent's DID (the last parsed link's subject), or "" if no link parsed} */
    public String agentDid() {
        return links.isEmpty() ? "" : links.get(links.size() - 1).credential().subject();
    }

    /** {@return the result as JSON: {@code valid}, {@code links} (see {@link ChainLink#toJson()}) and {@code reasons}} */
    public JsonObject toJson() {
        JsonArrayBuilder ls = Jsonp.PROVIDER.createArrayBuilder();
        links.forEach(l -> ls.add(l.toJson()));
        JsonArrayBuilder rs = Jsonp.PROVIDER.createArrayBuilder();
        reasons.forEach(r -> rs.add(r.toJson()));
        return Jsonp.PROVIDER.createObjectBuilder().add("valid", valid).add("links", ls).add("reasons", rs).build();
    }
}
