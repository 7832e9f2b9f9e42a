/**
 * The durable status store behind Mandate's status lists and just-in-time grants: one {@link
 * dev.mandate.registry.Store} interface with an embedded SQLite implementation (the default, a file
 * under {@code ~/.mandate}) and a PostgreSQL implementation for deployments that share one database
 * between several servers, chosen by JDBC URL in {@link dev.mandate.registry.Stores#open(String)}.
 * Schema migrations are versioned SQL resources applied at start-up (all of them: the audit log's and the agent
 * registry's tables too). Every status change is audited in its transaction through {@link
 * dev.mandate.registry.StoreAudit}, which {@code mandate-audit-log} implements: a store does not open without it.
 */
package dev.mandate.registry;
