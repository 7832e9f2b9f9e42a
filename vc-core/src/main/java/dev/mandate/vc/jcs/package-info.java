/** The JSON Canonicalization Scheme (RFC 8785): {@link dev.mandate.vc.jcs.Jcs}. */
package dev.mandate.vc.jcs;
