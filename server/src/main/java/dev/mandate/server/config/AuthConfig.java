package dev.mandate.server.config;

import java.util.List;
import java.util.Set;

/**
 * Access rules.
 *
 * @param tokens the accepted bearer tokens
 * @param open   endpoint groups that need no token: any of {@code verify}, {@code challenges},
 *               {@code resolve}, {@code metrics} ({@code issue} can never be open)
 */
public record AuthConfig(List<Token> tokens, Set<String> open) {
    /** The endpoint groups a token scope or {@code open} can name. */
    public static final Set<String> GROUPS = Set.of("verify", "challenges", "resolve", "metrics", "issue", "status", "registry");

    /**
     * Copies and checks that no group that needs a token ({@code issue}, {@code status}, {@code registry}) is open.
     *
     * @param tokens the tokens
     * @param open   the open groups
     * @throws IllegalArgumentException if {@code open} names {@code issue}, {@code status} or {@code registry}
     */
    public AuthConfig {
        tokens = List.copyOf(tokens);
        open = Set.copyOf(open);
        if (open.contains("issue")) {
            throw new IllegalArgumentException("issuing can never be open: it needs a token");
        }
        if (open.contains("status")) {
            throw new IllegalArgumentException("status changes can never be open: they need a token");
        }
        if (open.contains("registry")) {
            throw new IllegalArgumentException("the agent registry and audit endpoints can never be open: they need a token");
        }
    }

    /** {@return the defaults: no tokens; verify, resolve and metrics open; challenges and issuing need a token} */
    public static AuthConfig defaults() {
        return new AuthConfig(List.of(), Set.of("verify", "resolve", "metrics"));
    }

    /**
     * These rules with other tokens.
     *
     * @param newTokens the tokens, replacing the current ones
     * @return new rules
     */
    public AuthConfig withTokens(List<Token> newTokens) {
        return new AuthConfig(newTokens, open);
    }

    /**
     * These rules with other open groups.
     *
     * @param newOpen the groups that need no token
     * @return new rules
     * @throws IllegalArgumentException if it names a group that always needs a token
     */
    public AuthConfig withOpen(Set<String> newOpen) {
        return new AuthConfig(tokens, newOpen);
    }
}
