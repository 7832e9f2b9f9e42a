package dev.mandate.agent.authz;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.Reason;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request does when that is not "{@code intent.action} on the request URL": the server derives it
 * from the request (for an MCP server, from the JSON-RPC body the proof's {@code content_digest} binds,
 * docs/mcp.md) and passes it to {@link Authorizer#authorize(dev.mandate.agent.request.HttpRequestView, Operation)}.
 * The proof, the request binding (method, URL, body, chain), the nonce and the chain are checked exactly
 * as for any request; then the proof's intent must name this operation (same action, a resource that
 * matches {@link #resource()}) and, when {@link #needsCapability()}, a trusted leaf capability must
 * cover it with its constraints holding.
 *
 * @param action          the action ({@code invoke}, {@code read}, ...)
 * @param resource        what it acts on; may use the {@code mcp+http(s)} schemes ({@link CanonicalUrl#target})
 * @param needsCapability false for operations any holder of a valid chain may perform (e.g. an MCP
 *                        {@code initialize}); the decision then allows with no matched capability
 * @param stated          further unsigned parts the backend books an amount from (e.g. a tool's arguments);
 *                        each must agree with the amount the proof declares, like the body and query do
 * @param refusal         when present, the request is refused with this reason once the agent is authenticated
 *                        (the server could not derive an operation, e.g. a malformed JSON-RPC body)
 */
public record Operation(String action, CanonicalUrl resource, boolean needsCapability, List<Amounts.Stated> stated,
                        Optional<Reason> refusal) {
    /**
     * Validates and copies.
     *
     * @param action          the action
     * @param resource        what it acts on
     * @param needsCapability whether a capability must cover it
     * @param stated          unsigned parts stating an amount; copied
     * @param refusal         the reason to refuse with, or empty
     * @throws NullPointerException if any argument or element of {@code stated} is null
     */
    public Operation {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        stated = List.copyOf(stated);
        Objects.requireNonNull(refusal, "refusal");
    }

    /**
     * An operation a capability must allow.
     *
     * @param action   the action the proof's intent must name
     * @param resource what it acts on
     * @param stated   unsigned parts stating an amount (e.g. a tool's arguments), empty for none
     * @return the operation
     */
    public static Operation of(String action, CanonicalUrl resource, List<Amounts.Stated> stated) {
        return new Operation(action, resource, true, stated, Optional.empty());
    }

    /**
     * An operation any agent with a valid proof and chain may perform (e.g. an MCP {@code initialize}).
     *
     * @param action   the action the proof's intent must name
     * @param resource what it acts on
     * @return the operation, needing no capability and stating no amount
     */
    public static Operation authenticated(String action, CanonicalUrl resource) {
        return new Operation(action, resource, false, List.of(), Optional.empty());
    }

    /**
     * A request to refuse after authenticating the agent, for when the server cannot derive an operation.
     *
     * @param resource reported in the decision
     * @param why      the reason the decision denies with
     * @return the refusal
     */
    public static Operation refused(CanonicalUrl resource, Reason why) {
        return new Operation("", resource, true, List.of(), Optional.of(why));
    }
}
