/** {@code mandate agent}: the registry of an organisation's agents, their lifecycle and their credentials. */
package dev.mandate.cli.agents;
