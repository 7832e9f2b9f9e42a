/**
 * The verifier side of Bitstring Status List 1.0: {@link dev.mandate.vc.verifier.status.StatusChecker}
 * fetches a credential's status list (over HTTP with SSRF protection and size/time bounds, or from any
 * {@link dev.mandate.vc.verifier.status.StatusListFetcher}), verifies it with the same verifier, caches
 * it for its ttl and Cache-Control max-age, and reads the credential's entry.
 */
package dev.mandate.vc.verifier.status;
