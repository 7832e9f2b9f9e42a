/** Module vc-verifier. */
package dev.mandate.vcverifier;
