/** Module vc-jsonld. */
package dev.mandate.vcjsonld;
