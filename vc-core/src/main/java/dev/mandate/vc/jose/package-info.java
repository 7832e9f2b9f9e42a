/**
 * JOSE securing shared by issuer and verifier, on Nimbus: JWS signer and verifier adapters over
 * Mandate keys ({@link dev.mandate.vc.jose.JwsSignerAdapter}, {@link dev.mandate.vc.jose.JwsVerifierAdapter}),
 * the algorithm allow-list ({@link dev.mandate.vc.jose.JoseAlgorithms}), compact JWS parsing
 * ({@link dev.mandate.vc.jose.CompactJws}), and the SD-JWT primitives of RFC 9901: Disclosures,
 * digests, concealing and revealing claims, and the Key Binding JWT.
 */
package dev.mandate.vc.jose;
