package dev.mandate.did.web;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * did:web identifier rules (W3C CCG did:web): DID to HTTPS URL and back, and the {@code did.json} an
 * organisation hosts.
 *
 * <pre>
 * did:web:example.com                  -> https://example.com/.well-known/did.json
 * did:web:example.com:user:alice       -> https://example.com/user/alice/did.json
 * did:web:example.com%3A3000:user:alice -> https://example.com:3000/user/alice/did.json
 * </pre>
 */
public final class DidWeb {
    private DidWeb() {}

    /**
     * The parts of a did:web DID: host (lowercased; IPv6 in brackets; not necessarily acceptable to {@link Host#parse}
     * when parsed with {@code deferAddressLike}), port (-1 if none) and decoded path segments.
     */
    record Location(String host, int port, List<String> path) {
        String hostPort() { return port < 0 ? host : host + ":" + port; }
    }

    /**
     * {@return the HTTPS URL of the DID document of a did:web DID}
     *
     * @param did a did:web DID
     * @throws DidSyntaxException if {@code did} is not a valid did:web DID (bad host, port or path segment)
     */
    public static URI toUrl(String did) throws DidSyntaxException {
        return toUrl(parse(did), "https");
    }

    static URI toUrl(Location loc, String scheme) {
        StringBuilder path = new StringBuilder();
        if (loc.path().isEmpty()) {
            path.append("/.well-known");
        } else {
            for (String seg : loc.path()) path.append('/').append(encodeSegment(seg));
        }
        path.append("/did.json");
        return URI.create(scheme + "://" + loc.hostPort() + path);
    }

    /**
     * {@return the path on the web server where the {@code did.json} of {@code did} must be served, e.g. {@code
     * /.well-known/did.json}}
     *
     * @param did a did:web DID
     * @throws DidSyntaxException if {@code did} is not a valid did:web DID
     */
    public static String hostingPath(String did) throws DidSyntaxException {
        return toUrl(did).getRawPath();
    }

    static Location parse(String did) throws DidSyntaxException {
        return parse(did, false);
    }

    /**
     * Parses a did:web DID. The host is lowercased and must be a DNS name, a canonical dotted-quad IPv4 address or
     * a canonical IPv6 address in brackets ({@link Host}).
     *
     * @param deferAddressLike if true, a host that is a non-canonical spelling of an IP address ({@code 127.1},
     *                         {@code 0x7f000001}) is returned for the caller to refuse (see {@link Location#host()}
     *                         and {@link Host#parse}) instead of failing as a syntax error
     */
    static Location parse(String did, boolean deferAddressLike) throws DidSyntaxException {
        Did parsed = Did.parse(did);
        if (!parsed.method().equals("web")) throw new DidSyntaxException("not a did:web DID: " + did, false);
        String[] parts = parsed.methodSpecificId().split(":", -1);
        String hostPort = decode(parts[0]);
        String host = hostPort;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close >= 0 && close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new DidSyntaxException("did:web host '" + Host.printable(hostPort) + "' has text after the IPv6 address", false);
                }
                host = hostPort.substring(0, close + 1);
                portText = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                portText = hostPort.substring(colon + 1);
            }
        }
        int port = -1;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw new DidSyntaxException("did:web port '" + Host.printable(portText) + "' is not a number from 1 to 65535", false);
            }
            port = Integer.parseInt(portText);
        }
        host = host.toLowerCase(Locale.ROOT);
        try {
            Host.parse(host);
        } catch (Host.InvalidHostException e) {
            if (!(deferAddressLike && e.addressLike())) throw new DidSyntaxException("did:web " + e.getMessage(), false);
        }
        List<String> path = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String seg = decode(parts[i]);
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.indexOf('/') >= 0 || seg.indexOf('\\') >= 0
                    || seg.indexOf('?') >= 0 || seg.indexOf('#') >= 0 || seg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new DidSyntaxException("did:web path segment '" + parts[i] + "' is empty or not allowed", false);
            }
            path.add(seg);
        }
        return new Location(host, port, List.copyOf(path));
    }

    /**
     * Checks a did:web DID without touching the network: DID syntax, a host that is a DNS name or a canonical IP
     * literal ({@link Host}), a port from 1 to 65535, and path segments that map to a URL path.
     *
     * @param did the DID text
     * @throws DidSyntaxException naming what is wrong
     */
    public static void check(String did) throws DidSyntaxException {
        parse(did);
    }

    /**
     * {@return the did:web DID for documents hosted at {@code url}: {@code https://host[:port][/path]}; a trailing
     * {@code /did.json} or {@code /.well-known/did.json} is accepted and removed}
     *
     * @param url where the documents are hosted
     * @throws DidSyntaxException if the URL is not an https URL with a valid host and no query, fragment or user info
     */
    public static String didFor(String url) throws DidSyntaxException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DidSyntaxException("not a URL: " + e.getMessage(), false);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) throw new DidSyntaxException("did:web URL must start with https://: " + url, false);
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new DidSyntaxException("did:web URL must not have user info, query or fragment: " + url, false);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() && uri.getRawAuthority() != null) {
            // java.net.URI leaves the host null when the authority is not a server name it accepts (127.1,
            // a_b.example): name what was written instead of saying there is no host
            String written = uri.getRawAuthority().replaceFirst(":[0-9]*$", "").toLowerCase(Locale.ROOT);
            try {
                Host.parse(written);
            } catch (Host.InvalidHostException e) {
                throw new DidSyntaxException("did:web URL " + e.getMessage(), false);
            }
            throw new DidSyntaxException("did:web URL host '" + written + "' is not a valid domain name or IP address", false);
        }
        try {
            Host.parse(host);
        } catch (Host.InvalidHostException e) {
            throw new DidSyntaxException("did:web URL " + e.getMessage(), false);
        }
        StringBuilder did = new StringBuilder("did:web:").append(encodeIdSegment(host));
        if (uri.getPort() >= 0 && uri.getPort() != 443) did.append("%3A").append(uri.getPort());
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/.well-known/did.json") && path.length() == "/.well-known/did.json".length()) path = "";
        else if (path.endsWith("/did.json")) path = path.substring(0, path.length() - "/did.json".length());
        for (String seg : path.split("/")) {
            if (seg.isEmpty()) continue;
            if (seg.equals(".") || seg.equals("..")) throw new DidSyntaxException("did:web URL path must not contain '.' or '..': " + url, false);
            did.append(':').append(encodeIdSegment(seg));
        }
        String result = did.toString();
        parse(result);
        return result;
    }

    /**
     * {@return the DID document to host for a did:web DID with one signature key: a Multikey method {@code
     * did#<multikey>} usable for authentication, assertionMethod, capabilityInvocation and capabilityDelegation}
     * Serve {@link DidDocument#toPrettyJson()} at {@link #toUrl(String)}.
     *
     * @param did a did:web DID
     * @param key its signing key
     * @throws DidSyntaxException if {@code did} is not a valid did:web DID
     */
    public static DidDocument document(String did, PublicKeyValue key) throws DidSyntaxException {
        parse(did);
        return DidDocument.builder(Did.parse(did))
                .verificationMethod(key.toMultikey(), key, Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD,
                        Relationship.CAPABILITY_INVOCATION, Relationship.CAPABILITY_DELEGATION)
                .build();
    }

    private static String decode(String s) throws DidSyntaxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16)); // validated by Did.parse
                i += 2;
            } else {
                out.write(c);
            }
        }
        String decoded = out.toString(StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0) throw new DidSyntaxException("did:web segment '" + s + "' is not valid percent-encoded UTF-8", false);
        return decoded;
    }

    /** Percent-encodes a decoded path segment for use in a URL path. */
    private static String encodeSegment(String seg) {
        StringBuilder sb = new StringBuilder();
        for (byte b : seg.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    /** Percent-encodes a decoded segment for use in a DID method-specific id (idchar only). */
    private static String encodeIdSegment(String seg) {
        StringBuilder sb = new StringBuilder();
        for (byte b : seg.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
