package dev.mandate.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One access token, stored only as the SHA-256 of its UTF-8 bytes.
 *
 * @param name   a label for the access log (never the token)
 * @param sha256 the lowercase hex SHA-256 of the token
 * @param scopes what it may do: {@code issue} (every issuer), {@code issue:NAME}, {@code verify},
 *               {@code challenges}, {@code resolve}, {@code metrics}, {@code status} (revoke, suspend,
 *               reinstate, grants)
 */
public record Token(String name, String sha256, Set<String> scopes) {
    /**
     * The value for {@code sha256}.
     *
     * @param token the bearer token
     * @return the lowercase hex SHA-256 of its UTF-8 bytes
     */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Checks the hash format; the hash is stored lower case and the scopes copied.
     *
     * @param name   the label
     * @param sha256 64 hex digits, any case
     * @param scopes the scopes
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code sha256} is not 64 hex digits
     */
    public Token {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits");
        }
        scopes = Set.copyOf(scopes);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
