/**
 * Issuing JOSE-secured credentials and presentations ({@link dev.mandate.vc.issuer.jose.JoseIssuer}:
 * vc+jwt, vp+jwt, VC-JWT 1.1, SD-JWT) and the SD-JWT holder's selective presentation with key binding
 * ({@link dev.mandate.vc.issuer.jose.SdJwtHolder}). Needs no JSON-LD processor.
 */
package dev.mandate.vc.issuer.jose;
