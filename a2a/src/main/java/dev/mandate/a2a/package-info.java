/**
 * A2A Agent Cards signed with the agent's DID key (A2A v1.0 section 8.4): {@link dev.mandate.a2a.AgentCardSigner}
 * adds a detached JWS over the RFC 8785 (JCS) form of the card without {@code signatures}, whose {@code kid} is
 * a DID URL; {@link dev.mandate.a2a.AgentCardVerifier} resolves that kid only through Mandate's DID resolvers
 * and returns the shared {@link dev.mandate.vc.verify.VerificationResult}. Needs neither a JSON-LD processor,
 * a web server nor JDBC; the optional registry check is an {@link dev.mandate.a2a.AgentDirectory}.
 */
package dev.mandate.a2a;
