/**
 * The agent registry: every agent an organisation runs (DID, owner, purpose, attested workload), its
 * lifecycle state ({@code registered}, {@code active}, {@code suspended}, {@code retired}) with the history
 * of who changed it, when and why, its DIDs and keys (active and retired), and the credentials issued to it.
 * Kept in the same store as the status lists and the audit log; every change is appended to the audit log in
 * the same transaction. Entry points: {@link dev.mandate.registry.agents.AgentRegistry} and
 * {@link dev.mandate.registry.agents.KeyRotation}.
 */
package dev.mandate.registry.agents;
