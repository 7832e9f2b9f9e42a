/** {@code mandate a2a}: A2A Agent Cards signed with the agent's DID key (sign-card, verify-card). */
package dev.mandate.cli.a2a;
