/** Module bench. */
package dev.mandate.bench;
