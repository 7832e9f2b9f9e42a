package dev.mandate.server;

import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks bearer tokens against the configured SHA-256 hashes. The presented token is hashed and compared
 * with every configured hash in constant time (no early exit), so neither the comparison nor the number
 * of comparisons depends on where a guess differs.
 */
final class AccessTokens {
    /** Longest token accepted (longer ones are refused before hashing). */
    static final int MAX_TOKEN_LENGTH = 4096;

    private record Entry(Token token, byte[] hash) {
    }

    private final List<Entry> entries;
    private final AuthConfig config;

    AccessTokens(AuthConfig config) {
        this.config = config;
        this.entries = config.tokens().stream().map(t -> new Entry(t, HexFormat.of().parseHex(t.sha256()))).toList();
    }

    /** True if the endpoint group needs no token. */
    boolean isOpen(String group) {
        return config.open().contains(group);
    }

    /** The configured token that {@code presented} is, if any. */
    Optional<Token> find(String presented) {
        if (presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] h = sha256(presented.getBytes(StandardCharsets.UTF_8));
        Token match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(h, e.hash()) && match == null) {
                match = e.token();
            }
        }
        return Optional.ofNullable(match);
    }

    /** True if {@code token} may use {@code group} (for issuing: the named issuer, or every issuer). */
    static boolean allows(Token token, String group, String issuer) {
        if (token.scopes().contains(group)) {
            return true;
        }
        return group.equals("issue") && token.scopes().contains("issue:" + issuer);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
