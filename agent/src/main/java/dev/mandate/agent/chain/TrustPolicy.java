package dev.mandate.agent.chain;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.ResourcePattern;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which root issuers a verifier trusts, for which resources, and how deep a chain may be.
 *
 * <p>JSON form (the {@code --policy} file of {@code mandate authorize}):
 * <pre>{"maxDepth": 3, "audience": ["did:web:supplier.example"],
 *  "trust": [{"issuer": "did:key:z6Mk...", "resources": ["https://api.supplier.example/"]}]}</pre>
 *
 * @param trusted  issuer DID to the resources (patterns) it may grant
 * @param maxDepth most delegation links below the root (0 = root credentials only)
 * @param audience this verifier's own identifiers, checked against capability audience constraints
 */
public record TrustPolicy(Map<String, List<ResourcePattern>> trusted, int maxDepth, List<String> audience) {
    /** Hard ceiling on {@code maxDepth}. */
    public static final int MAX_DEPTH_CEILING = 16;

    /**
     * Validates and copies.
     *
     * @param trusted  issuer DID to resource patterns; copied deeply
     * @param maxDepth from 0 to {@link #MAX_DEPTH_CEILING}
     * @param audience this verifier's identifiers; copied
     * @throws NullPointerException     if a map, list, key or element is null
     * @throws IllegalArgumentException if {@code maxDepth} is out of range
     */
    public TrustPolicy {
        Map<String, List<ResourcePattern>> copy = new LinkedHashMap<>();
        trusted.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
        trusted = Map.copyOf(copy);
        audience = List.copyOf(audience);
        if (maxDepth < 0 || maxDepth > MAX_DEPTH_CEILING) throw new IllegalArgumentException("maxDepth must be 0.." + MAX_DEPTH_CEILING);
    }

    /**
     * A policy trusting one issuer, with no audience identifiers.
     *
     * @param issuerDid the trusted root issuer's DID
     * @param maxDepth  most delegation links below the root
     * @param resources the resource patterns the issuer may grant
     * @return the policy
     * @throws CapabilityException if a resource is not a canonical pattern
     */
    public static TrustPolicy trusting(String issuerDid, int maxDepth, String... resources) throws CapabilityException {
        List<ResourcePattern> rs = new ArrayList<>();
        for (String r : resources) rs.add(ResourcePattern.parse(r));
        return new TrustPolicy(Map.of(issuerDid, rs), maxDepth, List.of());
    }

    /**
     * The same policy with this verifier's audience identifiers.
     *
     * @param ids DIDs or URLs naming this verifier; they replace any already set
     * @return a new policy
     */
    public TrustPolicy withAudience(String... ids) {
        return new TrustPolicy(trusted, maxDepth, List.of(ids));
    }

    /**
     * Whether a root issuer may grant a resource.
     *
     * @param issuer   the root credential's issuer DID
     * @param resource the capability's resource
     * @return true if one of the issuer's trusted patterns covers {@code resource}
     */
    public boolean trusts(String issuer, ResourcePattern resource) {
        List<ResourcePattern> rs = trusted.get(issuer);
        return rs != null && rs.stream().anyMatch(p -> p.covers(resource));
    }

    /**
     * Reads the JSON form shown above (at most 256 KiB); non-string {@code audience} entries are skipped.
     *
     * @param json the policy document
     * @return the policy
     * @throws CapabilityException naming what is malformed: JSON, {@code maxDepth}, a trust entry, an issuer
     *                             that is not a DID, or a resource that is not a canonical pattern
     */
    public static TrustPolicy parse(String json) throws CapabilityException {
        JsonObject o;
        try {
            o = BoundedJson.parseObject(json, BoundedJson.Limits.DEFAULT.withMaxBytes(256 * 1024).withMaxDepth(8));
        } catch (JsonInputException e) {
            throw new CapabilityException("policy is not valid JSON: " + e.getMessage());
        }
        if (!(o.get("maxDepth") instanceof JsonNumber d) || !d.isIntegral() || d.intValue() < 0 || d.intValue() > MAX_DEPTH_CEILING) {
            throw new CapabilityException("policy maxDepth must be an integer from 0 to " + MAX_DEPTH_CEILING);
        }
        if (!(o.get("trust") instanceof JsonArray trust) || trust.isEmpty()) throw new CapabilityException("policy trust must be a non-empty array");
        Map<String, List<ResourcePattern>> map = new LinkedHashMap<>();
        int index = 0;
        for (JsonValue v : trust) {
            if (!(v instanceof JsonObject t) || !(t.get("issuer") instanceof JsonString iss) || !(t.get("resources") instanceof JsonArray res)) {
                throw new CapabilityException("policy trust entries must be {\"issuer\": DID, \"resources\": [URL, ...]}");
            }
            java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(iss.getString());
            if (problem.isPresent()) {
                String shown = iss.getString().replaceAll("\\p{Cntrl}", "?");
                throw new CapabilityException("policy trust[" + index + "].issuer " + (shown.length() > 120 ? shown.substring(0, 120) + "..." : shown)
                        + ": " + problem.get() + "; write the root issuer's full DID");
            }
            index++;
            List<ResourcePattern> rs = map.computeIfAbsent(iss.getString(), k -> new ArrayList<>());
            for (JsonValue r : res) {
                if (!(r instanceof JsonString s)) throw new CapabilityException("policy resources must be URL strings");
                rs.add(ResourcePattern.parse(s.getString()));
            }
        }
        List<String> aud = new ArrayList<>();
        if (o.get("audience") instanceof JsonArray a) {
            for (JsonValue v : a) if (v instanceof JsonString s) aud.add(s.getString());
        }
        return new TrustPolicy(map, d.intValue(), aud);
    }
}
