package dev.mandate.a2a;

/**
 * The optional registry check of {@link AgentCardVerifier}: is the DID that signed a card a registered agent
 * that is active now? The library needs no database for it; Mandate's CLI answers it from the agent registry
 * ({@code mandate a2a verify-card --store JDBC_URL}), and any other directory can be plugged in.
 *
 * <p>Implementations must not throw: a directory that cannot answer returns {@link AgentStanding#unavailable}
 * (a runtime exception is treated the same way).
 */
@FunctionalInterface
public interface AgentDirectory {
    /**
     * The standing of the agent with {@code did}, which signed with the verification method {@code verificationMethod}
     * (so a directory that tracks keys can refuse a retired key).
     *
     * @param did                the DID of the signing key (the kid without its fragment)
     * @param verificationMethod the kid: the DID URL of the signing key
     * @return active, inactive (with why), unknown, or unavailable (with what failed)
     */
    AgentStanding standing(String did, String verificationMethod);
}
