/** {@code mandate status} and {@code mandate grant}: revocation, suspension and just-in-time grants over the status store. */
package dev.mandate.cli.status;
