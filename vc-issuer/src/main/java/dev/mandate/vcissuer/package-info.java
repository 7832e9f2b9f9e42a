/** Module vc-issuer. */
package dev.mandate.vcissuer;
