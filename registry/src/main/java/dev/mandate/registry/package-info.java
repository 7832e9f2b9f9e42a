/**
 * The durable status store behind Mandate's status lists and just-in-time grants: one {@link
 * dev.mandate.registry.Store} interface with an embedded SQLite implementation (the default, a file
 * under {@code ~/.mandate}) and a PostgreSQL implementation for deployments that share one database
 * between several servers, chosen by JDBC URL in {@link dev.mandate.registry.Stores#open(String)}.
 * Schema migrations are versioned SQL resources applied at start-up.
 */
package dev.mandate.registry;
