/**
 * The tamper-evident audit log, kept in the store's database: an append-only table of entries whose leaf hashes form
 * an RFC 9162 Merkle tree with stored complete subtrees, signed tree heads, inclusion and consistency proofs, and the
 * batching {@link dev.mandate.registry.audit.AuditWriter}. Entry point: {@link dev.mandate.registry.audit.AuditLog}.
 * {@link dev.mandate.registry.audit.StoreAuditProvider} is the {@link dev.mandate.registry.StoreAudit} service every
 * store requires to open.
 */
package dev.mandate.registry.audit;
