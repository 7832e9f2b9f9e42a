/** Module test-vectors. */
package dev.mandate.testvectors;
