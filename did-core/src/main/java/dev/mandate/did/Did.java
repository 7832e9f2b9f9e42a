package dev.mandate.did;

import java.util.Objects;
import java.util.Optional;

/**
 * A DID: {@code did:<method>:<method-specific-id>} as defined by the DID Core 1.0 ABNF.
 *
 * <pre>
 * did                = "did:" method-name ":" method-specific-id
 * method-name        = 1*method-char        ; method-char = %x61-7A / DIGIT
 * method-specific-id = *( *idchar ":" ) 1*idchar
 * idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
 * </pre>
 *
 * @param method the method name, e.g. {@code key}
 * @param methodSpecificId the method-specific identifier, exactly as written (percent-encoding kept)
 */
public record Did(String method, String methodSpecificId) {
    /** Longest DID accepted by {@link #parse(String)}, in characters. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Validates both parts; throws IllegalArgumentException if they do not form a valid DID.
     *
     * @param method           the method name (lowercase letters and digits)
     * @param methodSpecificId the method-specific id (DID Core 1.0 §3.1 syntax)
     */
    public Did {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(methodSpecificId, "methodSpecificId");
        String error = checkMethod(method);
        if (error == null) error = checkMethodSpecificId(methodSpecificId, 0);
        if (error != null) throw new IllegalArgumentException(error);
    }

    /**
     * Parses a DID (not a DID URL: no path, query or fragment).
     *
     * @param did the DID text
     * @return the DID
     * @throws DidSyntaxException with a message naming the first problem
     */
    public static Did parse(String did) throws DidSyntaxException {
        if (did == null || did.isEmpty()) throw new DidSyntaxException("the DID is empty", false);
        if (did.length() > MAX_LENGTH) {
            throw new DidSyntaxException("the DID is " + did.length() + " characters, longer than the limit of " + MAX_LENGTH, false);
        }
        if (!did.startsWith("did:")) throw new DidSyntaxException("a DID starts with 'did:'", false);
        int colon = did.indexOf(':', 4);
        if (colon < 0) throw new DidSyntaxException("there is no ':' after the method name", false);
        String method = did.substring(4, colon);
        String error = checkMethod(method);
        if (error != null) throw new DidSyntaxException(error, false);
        String msid = did.substring(colon + 1);
        error = checkMethodSpecificId(msid, colon + 1);
        if (error != null) throw new DidSyntaxException(error, false);
        return new Did(method, msid);
    }

    /**
     * Parses, returning empty for anything that is not a valid DID.
     *
     * @param did the DID text; null gives empty
     * @return the DID, or empty
     */
    public static Optional<Did> tryParse(String did) {
        try {
            return Optional.of(parse(did));
        } catch (DidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The DID string. */
    @Override public String toString() { return "did:" + method + ":" + methodSpecificId; }

    static String checkMethod(String method) {
        if (method.isEmpty()) return "the method name is empty";
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return "the method name '" + Syntax.shorten(method) + "' may contain only a-z and 0-9 (found " + Syntax.quoted(method, i) + ")";
            }
        }
        return null;
    }

    static String checkMethodSpecificId(String msid, int offset) {
        if (msid.isEmpty()) return "the method-specific id is empty";
        if (msid.endsWith(":")) return "the method-specific id ends with ':'";
        for (int i = 0; i < msid.length(); i++) {
            char c = msid.charAt(i);
            if (c == '%') {
                if (i + 2 >= msid.length() || !Syntax.isHex(msid.charAt(i + 1)) || !Syntax.isHex(msid.charAt(i + 2))) {
                    return "the method-specific id has an invalid percent-encoding at position " + (offset + i) + " (write % and two hex digits)";
                }
                i += 2;
            } else if (!(Syntax.isAlphaNum(c) || c == '.' || c == '-' || c == '_' || c == ':')) {
                // allowed: letters, digits, '.', '-', '_', ':' and %XX
                return "the method-specific id has a character that is not allowed: " + Syntax.quoted(msid, i) + " at position " + (offset + i);
            }
        }
        return null;
    }
}
