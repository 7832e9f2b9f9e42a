package dev.mandate.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one canonicaliser of request URLs and resource patterns (docs/capabilities.md, section 2). Matching
 * ({@link ResourcePattern#matches}), containment ({@link ResourcePattern#covers}, and so delegation) and
 * the request proof's {@code htu} binding all read URLs through it, so that the three can never disagree.
 *
 * <p>It refuses, rather than normalises, every path form that common backends read differently from
 * the literal segments Mandate compares: matrix parameters ({@code ;}, which Tomcat and Spring strip, so
 * {@code ..;} is {@code ..}), any {@code %25} (double decoding), encoded controls and non-ASCII bytes,
 * encoded {@code . / \ ; ? #}, a raw {@code \}, empty segments, and segments made only of dots and spaces.
 * What it accepts it writes in one form: scheme and host lower case, no default port, {@code /} for an
 * empty path, escapes of unreserved characters decoded, other escapes with upper-case hex, and the
 * characters RFC 3986 does not allow raw in a path ({@code " < > [ ] ^ ` { | }}) escaped.
 *
 * <p>Immutable; {@link #toString()} is the canonical URL.
 */
public final class CanonicalUrl {
    /** Longest accepted URL, in characters. */
    public static final int MAX_LENGTH = 2048;
    /** Most path segments. */
    public static final int MAX_SEGMENTS = 64;
    private static final String HEX = "0123456789ABCDEF";

    private final String origin;
    private final List<String> segments;
    private final boolean trailingSlash;
    private final String query;

    private CanonicalUrl(String origin, List<String> segments, boolean trailingSlash, String query) {
        this.origin = origin;
        this.segments = List.copyOf(segments);
        this.trailingSlash = trailingSlash;
        this.query = query;
    }

    /**
     * A request URL (query allowed), e.g. an HTTP request's absolute target or a proof's {@code htu}.
     *
     * @param url an absolute {@code http} or {@code https} URL, at most {@link #MAX_LENGTH} characters
     * @return the URL in canonical form
     * @throws CapabilityException one line naming the rule the URL breaks and what to send instead
     */
    public static CanonicalUrl request(String url) throws CapabilityException {
        return parse(url, true, false);
    }

    /**
     * A resource pattern: no query; a segment that is exactly {@code *} is the wildcard of
     * {@link ResourcePattern}. Besides {@code http} and {@code https}, a pattern may use the schemes
     * {@code mcp+http(s)} and {@code a2a+http(s)}, which name operations on an MCP server (docs/mcp.md) or an
     * A2A agent (docs/a2a.md) rather than HTTP URLs: the scheme is part of the origin, so such a pattern never
     * matches or covers an HTTP URL, nor an MCP pattern an A2A operation.
     *
     * @param url the pattern, absolute, without a query
     * @return the pattern in canonical form
     * @throws CapabilityException one line naming the rule the URL breaks
     */
    public static CanonicalUrl pattern(String url) throws CapabilityException {
        return parse(url, false, true);
    }

    /**
     * The resource an operation addresses that is not itself the HTTP request URL (an MCP tool, prompt
     * or resource, docs/mcp.md; an A2A skill or task, docs/a2a.md): like {@link #request} (query allowed) but
     * the {@link #isOperationScheme operation schemes} are accepted too. Never use it for a request's own URL or a proof's {@code htu}.
     *
     * @param url the operation's resource, e.g. {@code mcp+https://api.example/tools/pay}
     * @return the resource in canonical form
     * @throws CapabilityException one line naming the rule the URL breaks
     */
    public static CanonicalUrl target(String url) throws CapabilityException {
        return parse(url, true, true);
    }

    /**
     * A name (an MCP tool, an A2A skill or task id, ...) written as one path segment of an operation's
     * resource: {@code A-Z a-z 0-9 - . _ ~} stay as they are, every other byte of its UTF-8 is percent-encoded
     * (upper-case hex). The result may still be refused by {@link #target} (e.g. {@code .} and {@code ..}).
     *
     * @param name any string, not null; {@code /} is encoded too
     * @return the percent-encoded segment
     */
    public static String segment(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return b.toString();
    }

    /**
     * A {@code /}-separated name (a JSON-RPC method such as {@code tasks/get}) as path segments.
     *
     * @param slashSeparated the name; each part between slashes is encoded as by {@link #segment}
     * @return the encoded parts joined by {@code /}
     */
    public static String segments(String slashSeparated) {
        StringBuilder b = new StringBuilder();
        for (String part : slashSeparated.split("/", -1)) {
            if (b.length() > 0) b.append('/');
            b.append(segment(part));
        }
        return b.toString();
    }

    /**
     * The origin.
     *
     * @return {@code scheme://host[:port]}, lower case, without a default port
     */
    public String origin() { return origin; }

    /**
     * The path segments.
     *
     * @return the segments, canonical (escapes kept), without the empty one a trailing slash would give; immutable
     */
    public List<String> segments() { return segments; }

    /**
     * Whether the path ends in {@code /}.
     *
     * @return true for {@code https://h/a/} (a prefix, when this is a pattern), false for {@code https://h/a}
     */
    public boolean trailingSlash() { return trailingSlash; }

    /**
     * The canonical query.
     *
     * @return the query without {@code ?}, or empty when the URL has none (always empty for a pattern)
     */
    public Optional<String> query() { return Optional.ofNullable(query); }

    /**
     * The canonical path.
     *
     * @return the path, starting with {@code /}
     */
    public String path() {
        return "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
    }

    /**
     * The canonical URL without its query.
     *
     * @return origin and path
     */
    public String withoutQuery() { return origin + path(); }

    /** The canonical URL, query included. */
    @Override public String toString() { return withoutQuery() + (query == null ? "" : "?" + query); }

    @Override public boolean equals(Object o) { return o instanceof CanonicalUrl c && c.toString().equals(toString()); }

    @Override public int hashCode() { return toString().hashCode(); }

    // ------------------------------------------------------------------ parsing

    private static CapabilityException bad(String url, String what, String todo) {
        String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
        return new CapabilityException("URL not canonical: " + what + " in " + shown + "; " + todo);
    }

    /**
     * True for the schemes of {@link #pattern} and {@link #target} that name operations of a protocol carried
     * over HTTP rather than HTTP URLs: {@code mcp+http(s)} (MCP tools, prompts, resources: docs/mcp.md) and
     * {@code a2a+http(s)} (A2A skills and tasks: docs/a2a.md).
     *
     * @param scheme a lower-case scheme, without {@code ://}
     * @return whether it is one of the four operation schemes
     */
    public static boolean isOperationScheme(String scheme) {
        return scheme.equals("mcp+http") || scheme.equals("mcp+https") || scheme.equals("a2a+http") || scheme.equals("a2a+https");
    }

    private static CanonicalUrl parse(String url, boolean request, boolean mcp) throws CapabilityException {
        Objects.requireNonNull(url, "url");
        if (url.length() > MAX_LENGTH) throw bad(url, "longer than " + MAX_LENGTH + " characters", "shorten it");
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) throw bad(url, "a space or control character at " + i, "percent-encode a space as %20 and send no controls");
            if (c >= 0x80) throw bad(url, "a non-ASCII character at " + i, "use ASCII (and, in a query, percent-encoded UTF-8)");
            if (c == '\\') throw bad(url, "a backslash (IIS and Windows backends read it as '/')", "use '/' or leave it out");
        }
        if (url.indexOf('#') >= 0) throw bad(url, "a fragment", "leave out the '#...' part; it never reaches the server");
        int colon = url.indexOf("://");
        if (colon <= 0) throw bad(url, "no http or https scheme", "send an absolute URL such as https://api.example/orders/");
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !(mcp && isOperationScheme(scheme))) {
            throw bad(url, "scheme " + scheme, mcp ? "use http, https, mcp+http(s) or a2a+http(s)" : "use http or https");
        }
        String rest = url.substring(colon + 3);
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') end++;
        String origin = origin(url, scheme, rest.substring(0, end));
        String path = rest.substring(end);
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            if (!request) throw bad(url, "a query in a resource pattern", "leave it out: queries take no part in matching");
            query = canonicalQuery(url, path.substring(q + 1));
            path = path.substring(0, q);
        }
        if (path.isEmpty()) path = "/";
        boolean trailing = path.endsWith("/");
        String inner = path.length() <= 1 ? "" : path.substring(1, trailing ? path.length() - 1 : path.length());
        List<String> segments = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String raw : inner.split("/", -1)) {
                segments.add(canonicalSegment(url, raw));
                if (segments.size() > MAX_SEGMENTS) throw bad(url, "more than " + MAX_SEGMENTS + " path segments", "use a shorter path");
            }
        }
        return new CanonicalUrl(origin, segments, trailing, query);
    }

    private static String origin(String url, String scheme, String authority) throws CapabilityException {
        if (authority.isEmpty()) throw bad(url, "no host", "send an absolute URL with a host");
        if (authority.indexOf('@') >= 0) throw bad(url, "user info", "leave out 'user@'");
        String host = authority;
        String port = "";
        int pc = authority.lastIndexOf(':');
        if (pc >= 0 && authority.indexOf(']') < pc) {
            host = authority.substring(0, pc);
            port = authority.substring(pc + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) throw bad(url, "an invalid port", "use a port from 1 to 65535");
            port = String.valueOf(Integer.parseInt(port));
            if ((scheme.endsWith("http") && port.equals("80")) || (scheme.endsWith("https") && port.equals("443"))) port = "";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) throw bad(url, "an invalid host", "use a DNS name or an IP address");
        return scheme + "://" + host + (port.isEmpty() ? "" : ":" + port);
    }

    /** One path segment between slashes, canonical; refuses what backends read as something else. */
    private static String canonicalSegment(String url, String raw) throws CapabilityException {
        if (raw.isEmpty()) {
            throw bad(url, "an empty path segment (//)", "remove the extra '/': backends disagree on whether to merge it");
        }
        StringBuilder b = new StringBuilder(raw.length());
        StringBuilder decoded = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ';') {
                throw bad(url, "a matrix parameter (';') in path segment \"" + raw + "\"",
                        "remove it or move it to the query: Tomcat and Spring drop ';...', so \"..;\" is \"..\"");
            }
            if (c != '%') {
                if ("\"<>[]^`{|}".indexOf(c) >= 0) {
                    b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
                } else {
                    b.append(c);
                }
                decoded.append(c);
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                throw bad(url, "a malformed percent-escape", "write '%' as %25 only in a query, and escapes as %XX");
            }
            int v = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
            String esc = "%" + HEX.charAt(v >> 4) + HEX.charAt(v & 15);
            i += 2;
            if (v == '%') {
                throw bad(url, "%25 in the path (double encoding: a backend that decodes twice reads %252F as '/')", "decode the path once before sending it");
            }
            if (v < 0x20 || v == 0x7f) {
                throw bad(url, "an encoded control character " + esc + " in the path", "leave it out: C backends stop at %00, others split lines");
            }
            if (v >= 0x80) {
                throw bad(url, "an encoded non-ASCII byte " + esc + " in the path",
                        "use ASCII path segments: decoders differ (overlong %C0%AE is '.', NFKC makes fullwidth '．' '.')");
            }
            if (v == '.' || v == '/' || v == '\\') {
                throw bad(url, "an encoded '.', '/' or '\\' (" + esc + ") in the path",
                        "send '.' unencoded and no encoded separators: backends decode them into dot segments and separators");
            }
            if (v == ';' || v == '?' || v == '#') {
                throw bad(url, "an encoded '" + (char) v + "' (" + esc + ") in the path",
                        "leave it out: a backend that decodes and re-parses reads it as a parameter, query or fragment");
            }
            if (Character.isLetterOrDigit(v) || v == '-' || v == '_' || v == '~') {
                b.append((char) v);
            } else {
                b.append(esc);
            }
            decoded.append((char) v);
        }
        int keep = decoded.length();
        while (keep > 0 && (decoded.charAt(keep - 1) == '.' || decoded.charAt(keep - 1) == ' ')) keep--;
        if (keep == 0) {
            throw bad(url, "path segment \"" + raw + "\" of only dots and spaces",
                    "leave out '.' and '..' segments (resolve them first); Windows backends trim trailing dots and spaces, so \"..%20\" is \"..\"");
        }
        return b.toString();
    }

    /** The query with escapes of unreserved characters decoded and other escapes upper-cased; it takes no part in matching. */
    private static String canonicalQuery(String url, String s) throws CapabilityException {
        if (s.indexOf('%') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                throw bad(url, "a malformed percent-escape in the query", "write '%' as %25 and escapes as %XX");
            }
            int v = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
            i += 2;
            if (v < 0x80 && (Character.isLetterOrDigit(v) || v == '-' || v == '.' || v == '_' || v == '~')) {
                b.append((char) v);
            } else {
                b.append('%').append(HEX.charAt(v >> 4)).append(HEX.charAt(v & 15));
            }
        }
        return b.toString();
    }
}
