package dev.mandate.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A capability's {@code resource}: an absolute {@code http} or {@code https} URL naming one resource,
 * a prefix (a URL whose path ends in {@code /}) naming everything below it, or either with {@code *}
 * path segments, each matching exactly one non-empty segment. See docs/capabilities.md, "Matching".
 *
 * <p>Normalisation (applied to patterns and to request URLs alike): scheme and host are lower-cased;
 * the default port (80 for http, 443 for https) is dropped; an empty path becomes {@code /};
 * percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) are decoded and the hex digits of
 * every other escape are upper-cased. Rejected outright: other schemes, user info, fragments, a query
 * in a pattern, {@code .} or {@code ..} segments (also when percent-encoded), empty segments other
 * than the trailing one ({@code //}), encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}), a raw
 * {@code \}, malformed escapes, control characters and spaces. A request URL's query does not take
 * part in matching.
 *
 * <p>Immutable; {@link #toString()} is the normalised form.
 */
public final class ResourcePattern {
    /** Longest accepted URL, in characters. */
    public static final int MAX_LENGTH = 2048;
    private static final int MAX_SEGMENTS = 64;

    private final String origin;
    private final List<String> segments;
    private final boolean prefix;
    private final String text;

    private ResourcePattern(String origin, List<String> segments, boolean prefix) {
        this.origin = origin;
        this.segments = List.copyOf(segments);
        this.prefix = prefix;
        this.text = origin + "/" + String.join("/", segments) + (prefix && !segments.isEmpty() ? "/" : "");
    }

    /**
     * Parses a capability resource.
     *
     * @throws CapabilityException naming what is wrong with the URL
     */
    public static ResourcePattern parse(String resource) throws CapabilityException {
        Parsed p = parseUrl(resource, false);
        return new ResourcePattern(p.origin, p.segments, p.trailingSlash);
    }

    /**
     * A request URL as a resource (no wildcards meant, query dropped): used to check that an intent's
     * resource covers the request.
     */
    public static ResourcePattern ofRequestUrl(String url) throws CapabilityException {
        Parsed p = parseUrl(url, true);
        return new ResourcePattern(p.origin, p.segments, p.trailingSlash);
    }

    /** Normalises a request URL (query kept, normalised for escapes) for comparison with a signed {@code htu}. */
    public static String normalizeRequestUrl(String url) throws CapabilityException {
        Parsed p = parseUrl(url, true);
        String path = "/" + String.join("/", p.segments) + (p.trailingSlash && !p.segments.isEmpty() ? "/" : "");
        return p.origin + path + (p.query == null ? "" : "?" + p.query);
    }

    /** True if this is a prefix (its path ends in {@code /}). */
    public boolean isPrefix() { return prefix; }

    /** The normalised scheme://host[:port]. */
    public String origin() { return origin; }

    /**
     * True if the request URL (absolute http/https; its query is ignored) is one this pattern names.
     * Returns false for a URL that does not parse.
     */
    public boolean matches(String requestUrl) {
        Parsed r;
        try {
            r = parseUrl(requestUrl, true);
        } catch (CapabilityException e) {
            return false;
        }
        if (!origin.equals(r.origin)) return false;
        List<String> rs = new ArrayList<>(r.segments);
        if (r.trailingSlash) rs.add("");
        if (prefix) {
            if (rs.size() <= segments.size()) return false;
        } else if (rs.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!segmentMatches(segments.get(i), rs.get(i))) return false;
        }
        return true;
    }

    private static boolean segmentMatches(String pattern, String segment) {
        return "*".equals(pattern) ? !segment.isEmpty() : pattern.equals(segment);
    }

    /**
     * True if every URL {@code child} matches is also matched by this pattern (resource attenuation).
     */
    public boolean covers(ResourcePattern child) {
        if (!origin.equals(child.origin)) return false;
        if (prefix) {
            if (child.prefix ? child.segments.size() < segments.size() : child.segments.size() <= segments.size()) return false;
        } else if (child.prefix || child.segments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String p = segments.get(i);
            if (!"*".equals(p) && !p.equals(child.segments.get(i))) return false;
        }
        return true;
    }

    private record Parsed(String origin, List<String> segments, boolean trailingSlash, String query) {}

    private static Parsed parseUrl(String url, boolean request) throws CapabilityException {
        Objects.requireNonNull(url, "url");
        if (url.length() > MAX_LENGTH) throw new CapabilityException("resource URL is longer than " + MAX_LENGTH + " characters");
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) throw new CapabilityException("resource URL contains a space, control or non-ASCII character at " + i + ": " + url);
            if (c == '\\') throw new CapabilityException("resource URL contains a backslash: " + url);
        }
        if (url.indexOf('#') >= 0) throw new CapabilityException("resource URL must not have a fragment: " + url);
        int colon = url.indexOf("://");
        if (colon <= 0) throw new CapabilityException("resource must be an absolute http or https URL: " + url);
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new CapabilityException("resource URL scheme must be http or https: " + url);
        String rest = url.substring(colon + 3);
        int slash = rest.indexOf('/');
        int q = rest.indexOf('?');
        int authEnd = slash < 0 ? (q < 0 ? rest.length() : q) : (q >= 0 && q < slash ? q : slash);
        String authority = rest.substring(0, authEnd);
        String pathAndQuery = rest.substring(authEnd);
        if (authority.isEmpty()) throw new CapabilityException("resource URL has no host: " + url);
        if (authority.indexOf('@') >= 0) throw new CapabilityException("resource URL must not contain user info: " + url);
        String host = authority;
        String port = "";
        int pc = authority.lastIndexOf(':');
        if (pc >= 0 && authority.indexOf(']') < pc) {
            host = authority.substring(0, pc);
            port = authority.substring(pc + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) throw new CapabilityException("resource URL has an invalid port: " + url);
            port = String.valueOf(Integer.parseInt(port));
            if ((scheme.equals("http") && port.equals("80")) || (scheme.equals("https") && port.equals("443"))) port = "";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) throw new CapabilityException("resource URL has an invalid host: " + url);
        String origin = scheme + "://" + host + (port.isEmpty() ? "" : ":" + port);
        String path = pathAndQuery;
        String query = null;
        int qi = pathAndQuery.indexOf('?');
        if (qi >= 0) {
            if (!request) throw new CapabilityException("resource URL must not have a query: " + url);
            path = pathAndQuery.substring(0, qi);
            query = normalizeEscapes(pathAndQuery.substring(qi + 1), url, true);
        }
        if (path.isEmpty()) path = "/";
        boolean trailing = path.endsWith("/");
        String inner = path.length() <= 1 ? "" : path.substring(1, trailing ? path.length() - 1 : path.length());
        List<String> segments = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String raw : inner.split("/", -1)) {
                if (raw.isEmpty()) throw new CapabilityException("resource URL has an empty path segment (//): " + url);
                String seg = normalizeEscapes(raw, url, false);
                if (seg.equals(".") || seg.equals("..")) throw new CapabilityException("resource URL has a '.' or '..' path segment: " + url);
                segments.add(seg);
                if (segments.size() > MAX_SEGMENTS) throw new CapabilityException("resource URL has more than " + MAX_SEGMENTS + " path segments");
            }
        }
        return new Parsed(origin, segments, trailing, query);
    }

    private static String normalizeEscapes(String s, String url, boolean query) throws CapabilityException {
        if (s.indexOf('%') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') { b.append(c); continue; }
            if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                throw new CapabilityException("resource URL has a malformed percent-escape: " + url);
            }
            int v = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
            i += 2;
            if (!query && (v == '/' || v == '\\')) throw new CapabilityException("resource URL encodes '/' or '\\' in a path segment: " + url);
            if (Character.isLetterOrDigit(v) && v < 0x80 || v == '-' || v == '.' || v == '_' || v == '~') {
                b.append((char) v);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16))).append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    @Override public boolean equals(Object o) {
        return o instanceof ResourcePattern r && r.text.equals(text);
    }

    @Override public int hashCode() { return text.hashCode(); }

    /** The normalised URL pattern. */
    @Override public String toString() { return text; }
}
