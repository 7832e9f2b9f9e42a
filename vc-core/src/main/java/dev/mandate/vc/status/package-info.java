/**
 * W3C Bitstring Status List 1.0: the bitstring and its {@code encodedList} form (GZIP, then multibase
 * base64url), the {@code BitstringStatusListEntry} a credential carries, and the
 * {@code BitstringStatusListCredential} that publishes a list. Pure data: no network, no storage.
 * Decoding is bounded (compressed and inflated sizes), so a GZIP bomb fails fast.
 */
package dev.mandate.vc.status;
