/**
 * The configuration of {@code mandate serve}: {@link dev.mandate.server.config.ServerConfig}, read from the JSON
 * configuration file or built in code, and its parts, one type per top-level object of the file
 * ({@link dev.mandate.server.config.Limits} for {@code "limits"}, {@link dev.mandate.server.config.AuthConfig} for
 * {@code "auth"}, ...). Every error names the field; see {@code docs/server.md} for each field.
 */
package dev.mandate.server.config;
