/**
 * The behaviour guard: keeps a baseline of each agent's authorization decisions (which action/resource
 * pairs it uses, its request rates, its usual call sequences, its denials and silences), scores every new
 * decision against explainable rules, and after a learning period suspends an agent whose score crosses
 * the threshold. See {@code docs/guard.md}.
 */
package dev.mandate.guard;
