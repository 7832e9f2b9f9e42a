package dev.mandate.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * A capability's {@code resource}: an absolute {@code http} or {@code https} URL (or an {@code mcp+http} /
 * {@code mcp+https} URL naming MCP tools, prompts or resources, docs/mcp.md) naming one resource,
 * a prefix (a URL whose path ends in {@code /}) naming everything below it, or either with {@code *}
 * path segments, each matching exactly one non-empty segment. See docs/capabilities.md, "Resource matching".
 *
 * <p>Patterns and request URLs alike are read by {@link CanonicalUrl}, the one canonicaliser that also
 * binds the request proof's {@code htu}: it refuses path forms that backends read differently (matrix
 * parameters, double encoding, encoded dots, slashes and controls, dot segments, {@code //}, ...) and
 * writes the rest in one form. A request URL's query does not take part in matching.
 *
 * <p>Immutable; {@link #toString()} is the canonical form.
 */
public final class ResourcePattern {
    /** Longest accepted URL, in characters. */
    public static final int MAX_LENGTH = CanonicalUrl.MAX_LENGTH;

    private final String origin;
    private final List<String> segments;
    private final boolean prefix;
    private final String text;

    private ResourcePattern(CanonicalUrl u) {
        this.origin = u.origin();
        this.segments = u.segments();
        this.prefix = u.trailingSlash();
        this.text = u.withoutQuery();
    }

    /**
     * Parses a capability resource.
     *
     * @param resource the capability's {@code resource} member, e.g. {@code https://api.example/orders/*}
     * @return the pattern in canonical form
     * @throws CapabilityException naming what is wrong with the URL
     */
    public static ResourcePattern parse(String resource) throws CapabilityException {
        return new ResourcePattern(CanonicalUrl.pattern(resource));
    }

    /**
     * A request URL as a resource (no wildcards meant, query dropped): used to check that an intent's
     * resource covers the request.
     *
     * @param url the absolute request URL; its query is dropped
     * @return the URL as an exact (or, with a trailing {@code /}, prefix) pattern
     * @throws CapabilityException naming what is not canonical about the URL
     */
    public static ResourcePattern ofRequestUrl(String url) throws CapabilityException {
        return new ResourcePattern(CanonicalUrl.request(url));
    }

    /**
     * Whether this names everything below its path.
     *
     * @return true if its path ends in {@code /}
     */
    public boolean isPrefix() { return prefix; }

    /**
     * The origin the pattern is limited to.
     *
     * @return the normalised {@code scheme://host[:port]}
     */
    public String origin() { return origin; }

    /**
     * True if the URL (absolute http/https, or mcp+http/mcp+https for an MCP operation's resource as a
     * {@code DecisionEvent} reports it; its query is ignored) is one this pattern names. The scheme is part of
     * the origin, so an http(s) pattern never matches an mcp+ URL nor the other way round.
     * Returns false for a URL that {@link CanonicalUrl#target} refuses.
     *
     * @param requestUrl the absolute URL to test
     * @return whether this pattern names it
     */
    public boolean matches(String requestUrl) {
        try {
            return matches(CanonicalUrl.target(requestUrl));
        } catch (CapabilityException e) {
            return false;
        }
    }

    /**
     * Whether this pattern names a canonical URL.
     *
     * @param r the canonical request URL or operation resource; its query is ignored
     * @return true if the origins are equal and the segments match ({@code *} matching one non-empty segment;
     *         a prefix needing at least one segment more)
     */
    public boolean matches(CanonicalUrl r) {
        if (!origin.equals(r.origin())) return false;
        List<String> rs = new ArrayList<>(r.segments());
        if (r.trailingSlash()) rs.add("");
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
     * Whether every URL {@code child} matches is also matched by this pattern (resource attenuation in
     * delegation).
     *
     * @param child the narrower pattern
     * @return true if {@code child} names a subset of what this pattern names
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

    @Override public boolean equals(Object o) {
        return o instanceof ResourcePattern r && r.text.equals(text);
    }

    @Override public int hashCode() { return text.hashCode(); }

    /** The canonical URL pattern. */
    @Override public String toString() { return text; }
}
