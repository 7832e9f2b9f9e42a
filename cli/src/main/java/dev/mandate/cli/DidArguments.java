package dev.mandate.cli;

import dev.mandate.did.resolve.DidValidation;

import java.util.Optional;

/**
 * Checks a DID given on the command line before anything is read, signed or written: the DID Core ABNF, and for
 * did:key / did:jwk that it decodes to a supported signature key, for did:web that its host, port and path are
 * usable ({@link DidValidation}). A bad one is exit 2 with one line,
 * {@code mandate: --agent did:key:z6Mk…: not a DID (the method-specific id has a character that is not allowed: '…' (U+2026) at position 12); paste the agent's full DID}.
 */
public final class DidArguments {
    private DidArguments() {
    }

    /**
     * Returns {@code value} if it is an acceptable DID.
     *
     * @param option what the value was given as, e.g. {@code --agent} (named in the error)
     * @param remedy what to do, e.g. {@code paste the agent's full DID}
     * @throws CliException exit 2 if it is not
     */
    public static String require(String option, String value, String remedy) {
        Optional<String> problem = DidValidation.problem(value);
        if (problem.isPresent()) {
            throw CliException.usage(option + " " + CliException.shorten(value == null ? "" : value), problem.get(), remedy);
        }
        return value;
    }

    /** {@link #require} for an optional value (null passes). */
    public static String optional(String option, String value, String remedy) {
        return value == null ? null : require(option, value, remedy);
    }
}
