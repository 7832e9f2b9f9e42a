package dev.mandate.did.crypto;

import dev.mandate.MandateException;

import java.util.Objects;

/**
 * Text or bytes from outside did not decode to a valid value (multibase string, multicodec header,
 * public or private key). Checked, so that every caller handling untrusted input has to decide what
 * to do; {@link #code()} is a machine-readable reason that resolvers map to DID Resolution error codes.
 */
public final class DecodingException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why decoding failed. {@link #id()} is the DID Resolution error code (or {@code invalidEncoding}). */
    public enum Code {
        /** Not valid multibase / base58 / base64url / varint text or bytes, or longer than allowed. */
        INVALID_ENCODING("invalidEncoding"),
        /** The multicodec header, JWK {@code kty}/{@code crv} or verification method type names a key type that is not supported here or does not match. */
        INVALID_KEY_TYPE("invalidPublicKeyType"),
        /** The key bytes have the wrong length for their key type. */
        INVALID_KEY_LENGTH("invalidPublicKeyLength"),
        /** The key bytes have the right length but are not a valid key (point not on the curve, scalar out of range...). */
        INVALID_KEY("invalidPublicKey");

        private final String id;

        Code(String id) { this.id = id; }

        /** {@return the machine code, e.g. {@code invalidPublicKeyLength}} */
        public String id() { return id; }
    }

    /** Which decoding rule the input broke. */
    private final Code code;

    /**
     * Creates an exception with a code and a one-line message naming what was wrong.
     *
     * @param code    the rule broken
     * @param message one line naming what was wrong
     */
    public DecodingException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** {@return the machine-readable reason} */
    public Code code() { return code; }
}
