package dev.mandate.vc.verifier.status;

import okhttp3.HttpUrl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a verifier discovers an issuer's status event stream from a status list response, with no configuration:
 * the list's HTTP response carries a web link (RFC 8288)
 * {@code Link: <events>; rel="https://mandate.dev/rel/status-events"} whose target, resolved against the list's URL,
 * is a server-sent events stream of {@code status} events ({@link StatusPushSubscriber}). A Mandate server sends it
 * with every list it serves.
 *
 * <p>The link is not signed, so a verifier follows it only when {@link #refusal(String, String)} is empty: the
 * stream has the list's origin (scheme, host and port) and lies in the list's directory ({@code .../status-lists/events}
 * next to {@code .../status-lists/{id}}), so it can only name what the list's own host serves, and a connected stream
 * then covers the list ({@link StatusPushSubscriber#covers(String)}). The stream URL also goes through the fetch
 * options' HTTPS and SSRF rules when it is opened. Whether to follow a link at all (only for lists of issuers the
 * verifier trusts, and how many streams) is the caller's decision ({@link StatusChecker.Builder#onStreamLinked}).
 */
public final class StatusStreamLink {
    /** The link relation type (an extension relation, RFC 8288 section 2.1.2) naming a list's status event stream. */
    public static final String REL = "https://mandate.dev/rel/status-events";

    /** The header value a status host sends with each list it serves from a directory that also holds {@code events}. */
    public static final String HEADER_VALUE = "<events>; rel=\"" + REL + "\"";

    private StatusStreamLink() {}

    /**
     * The first {@link #REL} link among {@code Link} header values, resolved against {@code listUrl}, or empty when
     * there is none (or it cannot be resolved). Bounded: at most 8 header values of 2,048 characters are read.
     *
     * @param linkHeaders the response's {@code Link} header values (untrusted)
     * @param listUrl     the URL the list was fetched from
     * @return the resolved stream URL, or empty
     */
    public static Optional<String> find(List<String> linkHeaders, String listUrl) {
        HttpUrl base = HttpUrl.parse(listUrl);
        if (base == null) {
            return Optional.empty();
        }
        for (int h = 0; h < Math.min(linkHeaders.size(), 8); h++) {
            String header = linkHeaders.get(h);
            if (header.length() > 2048) {
                continue;
            }
            for (String link : header.split(",")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0 || !link.substring(0, open).isBlank()) {
                    continue;
                }
                if (hasRel(link.substring(close + 1))) {
                    HttpUrl target = base.resolve(link.substring(open + 1, close).strip());
                    return target == null ? Optional.empty() : Optional.of(target.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasRel(String params) {
        for (String p : params.split(";")) {
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("rel")) {
                continue;
            }
            String v = p.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            for (String rel : v.strip().split("\\s+")) {
                if (rel.equals(REL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why the stream at {@code streamUrl} must not be followed for the list at {@code listUrl}, or empty when it may:
     * both must be absolute http(s) URLs of the same origin, and the stream must lie in the list's directory, with no
     * query or fragment.
     *
     * @param listUrl   the status list's URL
     * @param streamUrl the stream URL its Link header named
     * @return a one-line reason to refuse, or empty when the stream may be followed
     */
    public static Optional<String> refusal(String listUrl, String streamUrl) {
        HttpUrl list = HttpUrl.parse(listUrl);
        HttpUrl stream = HttpUrl.parse(streamUrl);
        if (list == null || stream == null) {
            return Optional.of("the status list or its stream is not an http(s) URL");
        }
        if (!list.scheme().equals(stream.scheme()) || !list.host().equals(stream.host()) || list.port() != stream.port()) {
            return Optional.of("the stream " + stream.scheme() + "://" + stream.host() + ":" + stream.port()
                    + " is on another origin than its status list " + list.scheme() + "://" + list.host() + ":" + list.port());
        }
        if (stream.query() != null || stream.fragment() != null || !StatusPushSubscriber.covers(streamUrl, listUrl)) {
            return Optional.of("the stream " + shorten(streamUrl) + " is not in the directory of its status list " + shorten(listUrl));
        }
        return Optional.empty();
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
