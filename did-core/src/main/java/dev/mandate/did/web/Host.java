package dev.mandate.did.web;

import dev.mandate.MandateException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A host as written in a URL authority or a did:web DID, parsed once, before any address policy or DNS step,
 * by the one parser every outbound fetch of untrusted URLs shares (did:web resolution, status lists).
 *
 * <p>An IP host must be written canonically: IPv4 as a dotted quad of four decimal numbers 0-255 without
 * leading zeros ({@code 127.0.0.1}); IPv6 in brackets in the RFC 5952 text form ({@code [::1]},
 * {@code [2001:db8::1]}, {@code [::ffff:192.0.2.1]}; lowercase, no leading zeros, the longest run of two or
 * more zero groups shortened to {@code ::}, no zone id). Every other spelling that some stack reads as an
 * address — short ({@code 127.1}, {@code 127.0.1}), one number ({@code 2130706433}), octal ({@code 0177.0.0.1}),
 * hex ({@code 0x7f000001}, {@code 0x7f.0.0.1}) — is refused outright and never looked up in DNS: a host whose
 * last label is all digits or {@code 0x}-hex (the WHATWG URL rule for "ends in a number") is an address or
 * nothing. Any other host must be a DNS name of letters, digits and hyphens ({@code example.com}); it is looked
 * up, and the addresses it resolves to go through the same {@link AddressPolicy}.
 */
public final class Host {
    /** What kind of host. */
    public enum Kind {
        /** A canonical dotted-quad IPv4 literal. */
        IPV4,
        /** A canonical (RFC 5952) IPv6 literal, written in brackets. */
        IPV6,
        /** A DNS name, resolved by the {@link HostResolver}. */
        DNS_NAME
    }

    private final Kind kind;
    private final String text;
    private final InetAddress address; // null for DNS names

    private Host(Kind kind, String text, InetAddress address) {
        this.kind = kind;
        this.text = text;
        this.address = address;
    }

    /** {@return the kind of host} */
    public Kind kind() { return kind; }

    /** {@return the host as it appears in a URL: a DNS name, a dotted quad, or an IPv6 literal in brackets} */
    public String text() { return text; }

    /** {@return the address of an IP host (no DNS involved); empty for a DNS name} */
    public Optional<InetAddress> address() { return Optional.ofNullable(address); }

    /** {@return true for an IP literal (IPv4 or IPv6)} */
    public boolean isIpLiteral() { return address != null; }

    /** {@return true for {@code localhost} and loopback IP literals (the hosts plain http:// may be allowed for)} */
    public boolean isLoopbackName() {
        return address != null ? address.isLoopbackAddress() : text.equals("localhost");
    }

    @Override public boolean equals(Object o) { return o instanceof Host h && h.text.equals(text); }

    @Override public int hashCode() { return text.hashCode(); }

    @Override public String toString() { return text; }

    /** A host that is not acceptable. {@link #addressLike()} tells whether it is a non-canonical spelling of an address. */
    public static final class InvalidHostException extends MandateException {
        private static final long serialVersionUID = 1L;
        /** Whether the refused host is a non-canonical spelling of an IP address. */
        private final boolean addressLike;

        InvalidHostException(String message, boolean addressLike) {
            super(message, null, false, false);
            this.addressLike = addressLike;
        }

        /**
         * {@return true if the host looks like an IP address but is not written canonically (e.g. {@code 127.1},
         * {@code 0x7f000001}): some stack would connect to an address the policy never saw, so it is refused like a
         * refused address; false if it is simply not a host name}
         */
        public boolean addressLike() { return addressLike; }
    }

    /**
     * Parses a host: a canonical IPv4 literal, a canonical IPv6 literal in brackets, or a DNS name (matched
     * case-sensitively: lowercase it first if the source is case-insensitive). Never touches the network.
     *
     * @param host the host text
     * @return the host
     * @throws InvalidHostException naming what is wrong
     */
    public static Host parse(String host) throws InvalidHostException {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) throw new InvalidHostException("the host is empty", false);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) throw new InvalidHostException("IPv6 host '" + printable(host) + "' has no closing ']'", true);
            String inner = host.substring(1, host.length() - 1);
            byte[] bytes = ipv6(inner);
            if (bytes == null) throw new InvalidHostException("'" + printable(host) + "' is not an IPv6 address", true);
            String canonical = formatIpv6(bytes);
            if (!canonical.equals(inner)) {
                throw new InvalidHostException("IPv6 host '" + printable(host) + "' is not in canonical RFC 5952 form (write [" + canonical + "])", true);
            }
            return new Host(Kind.IPV6, host, address(bytes));
        }
        if (host.indexOf(':') >= 0) {
            throw new InvalidHostException("host '" + printable(host) + "' has a ':'; write an IPv6 address in brackets, e.g. [::1]", true);
        }
        byte[] v4 = canonicalIpv4(host);
        if (v4 != null) return new Host(Kind.IPV4, host, address(v4));
        if (host.length() > 253) throw new InvalidHostException("host name is longer than 253 characters", false);
        String[] labels = host.split("\\.", -1);
        if (endsInANumber(labels[labels.length - 1])) {
            throw new InvalidHostException("host '" + printable(host) + "' is not a canonical IPv4 address"
                    + " (write four decimal numbers 0-255 without leading zeros, e.g. 127.0.0.1)", true);
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidHostException("host '" + printable(host) + "' is not a valid domain name or IP address", false);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    throw new InvalidHostException("host '" + printable(host) + "' is not a valid domain name or IP address", false);
                }
            }
        }
        return new Host(Kind.DNS_NAME, host, null);
    }

    /**
     * Parses, returning empty for anything {@link #parse(String)} refuses.
     *
     * @param host the host text; not null
     * @return the host, or empty
     */
    public static Optional<Host> tryParse(String host) {
        try {
            return Optional.of(parse(host));
        } catch (InvalidHostException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return the host of a URL as OkHttp's {@code HttpUrl.host()} gives it (IPv6 without brackets, already decoded
     * and re-encoded by OkHttp; everything else as written, lowercased)}
     *
     * @param urlHost {@code HttpUrl.host()}
     * @throws InvalidHostException if it is not a valid host
     */
    public static Host ofUrlHost(String urlHost) throws InvalidHostException {
        Objects.requireNonNull(urlHost, "urlHost");
        String h = urlHost.toLowerCase(Locale.ROOT);
        return parse(h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h);
    }

    /** WHATWG URL "ends in a number": all decimal digits, or 0x / 0X followed by hex digits (possibly none). */
    private static boolean endsInANumber(String last) {
        if (last.isEmpty()) return false;
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
        if (last.length() >= 2 && last.charAt(0) == '0' && (last.charAt(1) == 'x' || last.charAt(1) == 'X')) {
            for (int i = 2; i < last.length(); i++) if (Character.digit(last.charAt(i), 16) < 0) return false;
            return true;
        }
        return false;
    }

    /** The four bytes of a canonical dotted quad, or null. */
    static byte[] canonicalIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    /** The 16 bytes of an IPv6 address in any RFC 4291 text form (no zone id), or null. */
    static byte[] ipv6(String s) {
        if (s.isEmpty() || s.length() > 45) return null;
        byte[] out = new byte[16];
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) return null;
        String head = dc >= 0 ? s.substring(0, dc) : s;
        String tail = dc >= 0 ? s.substring(dc + 2) : "";
        int[] h = groups(head, dc < 0);
        int[] t = dc >= 0 ? groups(tail, true) : new int[0];
        if (h == null || t == null) return null;
        int total = h.length + t.length;
        if (dc < 0 ? total != 8 : total > 7) return null;
        for (int i = 0; i < h.length; i++) { out[2 * i] = (byte) (h[i] >> 8); out[2 * i + 1] = (byte) h[i]; }
        for (int i = 0; i < t.length; i++) {
            int k = 8 - t.length + i;
            out[2 * k] = (byte) (t[i] >> 8);
            out[2 * k + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; a trailing dotted quad (only where {@code mayEndInIpv4}) counts as two. */
    private static int[] groups(String s, boolean mayEndInIpv4) {
        if (s.isEmpty()) return new int[0];
        String[] parts = s.split(":", -1);
        int n = parts.length;
        byte[] v4 = null;
        if (mayEndInIpv4 && parts[n - 1].indexOf('.') >= 0) {
            v4 = canonicalIpv4(parts[n - 1]);
            if (v4 == null) return null;
            n--;
        }
        int[] out = new int[n + (v4 == null ? 0 : 2)];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0 || p.charAt(j) > 'f') return null;
                v = v * 16 + d;
            }
            out[i] = v;
        }
        if (v4 != null) {
            out[n] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
            out[n + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
        }
        return out;
    }

    /**
     * The RFC 5952 text of an IPv6 address: lowercase hex without leading zeros, the first longest run of two or
     * more zero groups as {@code ::}, and IPv4-mapped addresses (::ffff:0:0/96) with a dotted quad (section 5).
     */
    static String formatIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF;
        if (mapped) {
            return "::ffff:" + (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        if (bestLen < 2) bestStart = -1;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes); // raw bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (s.length() > 80) sb.append("...");
        return sb.toString();
    }
}
