package dev.mandate.agent.request;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RFC 9530 {@code Content-Digest} with sha-256: {@code sha-256=:<base64>:}. */
public final class ContentDigest {
    /** The header name. */
    public static final String HEADER = "Content-Digest";

    private ContentDigest() {}

    /**
     * The {@code Content-Digest} field value of a body (RFC 9530, section 2).
     *
     * @param body the body bytes as sent; the empty body has a digest too
     * @return {@code sha-256=:<base64 of SHA-256(body)>:}
     */
    public static String of(byte[] body) {
        try {
            return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
