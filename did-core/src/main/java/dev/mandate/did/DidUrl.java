package dev.mandate.did;

import java.util.Objects;
import java.util.Optional;

/**
 * A DID URL (DID Core 1.0 section 3.2): {@code did path-abempty [ "?" query ] [ "#" fragment ]}, where
 * path, query and fragment follow RFC 3986. {@link #toString()} gives back exactly the parsed text.
 */
public final class DidUrl {
    /** Longest DID URL accepted by {@link #parse(String)}, in characters. */
    public static final int MAX_LENGTH = 8192;

    private final Did did;
    private final String path;
    private final String query;     // null: absent
    private final String fragment;  // null: absent

    private DidUrl(Did did, String path, String query, String fragment) {
        this.did = did;
        this.path = path;
        this.query = query;
        this.fragment = fragment;
    }

    /**
     * Parses a DID URL (a plain DID is also a DID URL).
     *
     * @param url the DID URL text
     * @return the DID URL
     * @throws DidSyntaxException (with {@link DidSyntaxException#isDidUrl()} true) naming the first problem
     */
    public static DidUrl parse(String url) throws DidSyntaxException {
        if (url == null || url.isEmpty()) throw new DidSyntaxException("DID URL is empty", true);
        if (url.length() > MAX_LENGTH) {
            throw new DidSyntaxException("DID URL is " + url.length() + " characters, longer than the limit of " + MAX_LENGTH, true);
        }
        int end = url.length();
        int hash = url.indexOf('#');
        int qmark = url.indexOf('?');
        if (qmark > hash && hash >= 0) qmark = -1; // '?' inside the fragment
        int slash = url.indexOf('/');
        int didEnd = min(end, hash, qmark, slash);
        if (slash >= 0 && slash != didEnd) slash = -1; // '/' inside query or fragment
        Did did;
        try {
            did = Did.parse(url.substring(0, didEnd));
        } catch (DidSyntaxException e) {
            throw new DidSyntaxException(e.getMessage(), true);
        }
        int pathEnd = min(end, hash, qmark);
        String path = slash >= 0 ? url.substring(didEnd, pathEnd) : "";
        String error = check(path, didEnd, false, "path");
        String query = null;
        String fragment = null;
        if (error == null && qmark >= 0) {
            query = url.substring(qmark + 1, hash >= 0 ? hash : end);
            error = check(query, qmark + 1, true, "query");
        }
        if (error == null && hash >= 0) {
            fragment = url.substring(hash + 1);
            error = check(fragment, hash + 1, true, "fragment");
        }
        if (error != null) throw new DidSyntaxException(error, true);
        return new DidUrl(did, path, query, fragment);
    }

    /**
     * {@return the DID URL {@code did#fragment}}
     *
     * @param did      the DID
     * @param fragment the fragment, without {@code #}
     * @throws IllegalArgumentException if {@code fragment} has characters a fragment may not contain
     */
    public static DidUrl withFragment(Did did, String fragment) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(fragment, "fragment");
        String error = check(fragment, 0, true, "fragment");
        if (error != null) throw new IllegalArgumentException(error);
        return new DidUrl(did, "", null, fragment);
    }

    private static int min(int end, int... positions) {
        int m = end;
        for (int p : positions) if (p >= 0 && p < m) m = p;
        return m;
    }

    /** Checks RFC 3986 path-abempty (or query/fragment, which also allow '/' and '?'). */
    private static String check(String s, int offset, boolean queryOrFragment, String part) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !Syntax.isHex(s.charAt(i + 1)) || !Syntax.isHex(s.charAt(i + 2))) {
                    return "DID URL has an invalid percent-encoding in the " + part + " at position " + (offset + i);
                }
                i += 2;
            } else if (!(Syntax.isPcharLiteral(c) || c == '/' || (queryOrFragment && c == '?'))) {
                return "DID URL " + part + " contains '" + Syntax.printable(c) + "' at position " + (offset + i);
            }
        }
        return null;
    }

    /** {@return the DID} */
    public Did did() { return did; }

    /** {@return the path (empty, or starting with '/')} */
    public String path() { return path; }

    /** {@return the query without '?', if there is one (possibly empty)} */
    public Optional<String> query() { return Optional.ofNullable(query); }

    /** {@return the fragment without '#', if there is one (possibly empty)} */
    public Optional<String> fragment() { return Optional.ofNullable(fragment); }

    /** {@return true if this is the bare DID (no path, query or fragment)} */
    public boolean isBareDid() { return path.isEmpty() && query == null && fragment == null; }

    @Override public boolean equals(Object o) {
        return o instanceof DidUrl u && u.toString().equals(toString());
    }

    @Override public int hashCode() { return toString().hashCode(); }

    /** The DID URL text, exactly as parsed. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(did.toString()).append(path);
        if (query != null) sb.append('?').append(query);
        if (fragment != null) sb.append('#').append(fragment);
        return sb.toString();
    }
}
