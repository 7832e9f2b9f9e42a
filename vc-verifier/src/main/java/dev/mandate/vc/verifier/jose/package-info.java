/**
 * Verification of JOSE-secured credentials and presentations (vc+jwt, vp+jwt, VC-JWT 1.1, SD-JWT with
 * key binding) into the same {@link dev.mandate.vc.verify.VerificationResult} as Data Integrity:
 * {@code JoseAdapter}, reached through {@link dev.mandate.vc.verifier.Verifier}. Needs no JSON-LD processor.
 */
package dev.mandate.vc.verifier.jose;
