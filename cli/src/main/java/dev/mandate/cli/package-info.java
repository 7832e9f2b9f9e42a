/** Module cli. */
package dev.mandate.cli;
