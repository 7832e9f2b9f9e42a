package dev.mandate.agent.chain;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityCredential;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.vc.verifier.Verification;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Verifies a delegation chain offline (docs/capabilities.md, "Chain rules"). Link 0 is the root
 * AgentCapabilityCredential; each later link is an AgentDelegationCredential. The chain is valid when:
 * <ol>
 *   <li>it holds 1 to policy.maxDepth + 1 links;</li>
 *   <li>every link verifies through the {@link Verifier} (signature, issuer controls the key, validity
 *       period at the given time, and status when the Verifier checks it: a revoked or suspended link
 *       cuts every link below it);</li>
 *   <li>every link parses as a capability or delegation credential from its verified view (for an
 *       enveloped JWT the signed payload, never the envelope's own members); only link 0 is a root;</li>
 *   <li>no credential id or subject appears twice (cycles);</li>
 *   <li>link i's issuer is link i-1's subject, its parentCredential is link i-1's id and its
 *       parentCredentialDigest is the digest of link i-1;</li>
 *   <li>link i is within link i-1: each capability within one of the parent's, validity inside the
 *       parent's, delegationDepth at most the parent's minus one (so depth stays within the root's);</li>
 *   <li>the root issuer is trusted by the policy for at least one leaf capability; only those
 *       capabilities are returned.</li>
 * </ol>
 * Thread-safe.
 */
public final class ChainVerifier {
    private final Verifier verifier;

    /**
     * A chain verifier.
     *
     * @param verifier verifies each link (and its status, if it checks status); not null
     */
    public ChainVerifier(Verifier verifier) {
        this.verifier = Objects.requireNonNull(verifier);
    }

    /**
     * Verifies a chain. Never throws for bad input.
     *
     * @param chain  the credentials, root first
     * @param policy the trusted root issuers and the maximum depth
     * @param at     the time validity periods are checked at
     * @return the result: valid with the trusted leaf capabilities, or invalid with every reason found
     */
    public ChainResult verify(List<JsonObject> chain, TrustPolicy policy, Instant at) {
        List<Reason> reasons = new ArrayList<>();
        List<ChainLink> links = new ArrayList<>();
        if (chain.isEmpty()) return fail(links, Reason.of(Code.CHAIN_MALFORMED, "the chain is empty"));
        if (chain.size() > policy.maxDepth() + 1) {
            return fail(links, Reason.of(Code.DEPTH_EXCEEDED, "the chain has " + (chain.size() - 1)
                    + " delegation links; this verifier allows at most " + policy.maxDepth()));
        }
        VerifyOptions options = VerifyOptions.none().at(at);
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> subjects = new HashMap<>();
        for (int i = 0; i < chain.size(); i++) {
            JsonObject json = chain.get(i);
            Verification v = verifier.verifyWithView(json, options);
            VerificationResult vr = v.result();
            if (!vr.verified()) {
                reasons.add(Reason.atLink(Code.LINK_NOT_VERIFIED, i, "credential does not verify: "
                        + vr.problems().stream().map(Problem::message).limit(3).collect(Collectors.joining("; "))));
                return fail(links, reasons);
            }
            if (v.credential().isEmpty()) {
                return fail(links, Reason.atLink(Code.CHAIN_MALFORMED, i, "a chain link must be a credential, not a presentation"));
            }
            CapabilityCredential c;
            try {
                // Everything the chain rules read comes from the verified view, never from the link's JSON.
                c = CapabilityCredential.parse(v.credential().get());
            } catch (CapabilityException e) {
                return fail(links, Reason.atLink(Code.CHAIN_MALFORMED, i, e.getMessage()));
            }
            if (i == 0 && c.isDelegation()) return fail(links, Reason.atLink(Code.CHAIN_MALFORMED, 0, "the root must be an AgentCapabilityCredential, not a delegation"));
            if (i > 0 && !c.isDelegation()) return fail(links, Reason.atLink(Code.CHAIN_MALFORMED, i, "links below the root must be AgentDelegationCredentials"));
            Integer seen = ids.putIfAbsent(c.id(), i);
            if (seen != null) return fail(links, Reason.atLink(Code.CYCLE, i, "credential " + c.id() + " already appears at link " + seen));
            seen = subjects.putIfAbsent(c.subject(), i);
            if (seen != null) return fail(links, Reason.atLink(Code.CYCLE, i, "agent " + c.subject() + " already appears at link " + seen));
            if (i > 0) {
                CapabilityCredential parent = links.get(i - 1).credential();
                if (!c.issuer().equals(parent.subject())) {
                    return fail(links, Reason.atLink(Code.BROKEN_LINK, i, "issuer " + c.issuer() + " is not the previous link's subject " + parent.subject()));
                }
                if (!c.parentCredential().orElse("").equals(parent.id())) {
                    return fail(links, Reason.atLink(Code.BROKEN_LINK, i, "parentCredential " + c.parentCredential().orElse("") + " is not link " + (i - 1) + "'s id " + parent.id()));
                }
                String digest;
                try {
                    digest = CapabilityCredential.digestOf(chain.get(i - 1));
                } catch (CapabilityException e) {
                    return fail(links, Reason.atLink(Code.CHAIN_MALFORMED, i - 1, e.getMessage()));
                }
                if (!digest.equals(c.parentCredentialDigest().orElse(""))) {
                    return fail(links, Reason.atLink(Code.BROKEN_LINK, i, "parentCredentialDigest does not match link " + (i - 1) + " (a substituted or altered parent)"));
                }
                Optional<String> why = parent.whyNotAttenuatedBy(c);
                if (why.isPresent()) {
                    Code code = why.get().startsWith("delegationDepth") || why.get().contains("may not be delegated") ? Code.DEPTH_EXCEEDED : Code.ESCALATION;
                    return fail(links, Reason.atLink(code, i, why.get()));
                }
            }
            links.add(new ChainLink(i, c));
        }
        CapabilityCredential root = links.get(0).credential();
        CapabilityCredential leaf = links.get(links.size() - 1).credential();
        List<Capability> trusted = leaf.capabilities().stream()
                .filter(cap -> policy.trusts(root.issuer(), cap.resource())).toList();
        if (trusted.isEmpty()) {
            return fail(links, Reason.atLink(Code.UNTRUSTED_ISSUER, 0, "root issuer " + root.issuer() + " is not trusted by this verifier for "
                    + leaf.capabilities().stream().map(cap -> cap.resource().toString()).distinct().collect(Collectors.joining(", "))));
        }
        return new ChainResult(true, links, trusted, List.of());
    }

    private static ChainResult fail(List<ChainLink> links, Reason r) {
        return new ChainResult(false, links, List.of(), List.of(r));
    }

    private static ChainResult fail(List<ChainLink> links, List<Reason> rs) {
        return new ChainResult(false, links, List.of(), rs);
    }
}
