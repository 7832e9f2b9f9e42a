/**
 * The encrypted key store: named private keys kept in one file, a JWK set encrypted as a compact
 * JWE ({@code PBES2-HS512+A256KW} / {@code A256GCM}) under a passphrase, written atomically.
 *
 * <p>Entry point: {@link dev.mandate.did.keystore.EncryptedKeyStore}. See {@code docs/keystore.md}
 * for the file format, the crypto parameters and the threat model.
 */
package dev.mandate.did.keystore;
