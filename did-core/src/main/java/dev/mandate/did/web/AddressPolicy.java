package dev.mandate.did.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which IP addresses an outbound fetch may connect to (SSRF protection), shared by did:web resolution
 * and status-list retrieval. Public unicast addresses are always allowed; loopback and private ranges
 * only when enabled; reserved ranges never.
 */
public final class AddressPolicy {
    private final boolean allowLoopback;
    private final boolean allowPrivate;

    /**
     * A policy allowing loopback and/or private (RFC 1918, link-local, unique-local, CGNAT) addresses.
     *
     * @param allowLoopback true to allow loopback addresses (127.0.0.0/8, ::1)
     * @param allowPrivate  true to allow private, link-local, unique-local and CGNAT addresses
     */
    public AddressPolicy(boolean allowLoopback, boolean allowPrivate) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    /**
     * Why {@code address} may not be contacted ("loopback", "private" or "reserved"), or empty if it may.
     *
     * @param address a resolved address of the host about to be contacted
     * @return the reason, or empty when the address may be contacted
     */
    public Optional<String> refusal(InetAddress address) {
        String kind = classify(address);
        if (kind == null) return Optional.empty();
        if (kind.equals("loopback") && allowLoopback) return Optional.empty();
        if (kind.equals("private") && allowPrivate) return Optional.empty();
        return Optional.of(kind);
    }

    /** "loopback", "private", "reserved", or null for a public unicast address. */
    static String classify(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) return "reserved";
        if (a.isLinkLocalAddress() || a.isSiteLocalAddress()) return "private";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return classify4(b);
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            if ((first & 0xFE) == 0xFC) return "private";                       // fc00::/7 unique local
            if (first == 0 && isZero(b, 1, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                return classify4(new byte[] {b[12], b[13], b[14], b[15]});       // ::ffff:a.b.c.d
            }
            if (first == 0 && isZero(b, 1, 12)) return "reserved";               // ::a.b.c.d (deprecated compatible)
            if (first == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
                return classify4(new byte[] {b[12], b[13], b[14], b[15]});       // 64:ff9b::/96 NAT64
            }
            if (first == 0x20 && (b[1] & 0xFF) == 0x02) {
                return classify4(new byte[] {b[2], b[3], b[4], b[5]});           // 2002::/16 6to4
            }
            if (first == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0 && b[3] == 0) return "reserved"; // 2001::/32 Teredo
            return null;
        }
        return "reserved";
    }

    private static String classify4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        if (a0 == 127) return "loopback";
        if (a0 == 0) return "reserved";                                          // 0.0.0.0/8 (0.0.0.0 reaches localhost)
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) return "private";
        if (a0 == 169 && a1 == 254) return "private";                            // link-local, cloud metadata
        if (a0 == 100 && a1 >= 64 && a1 <= 127) return "private";                // 100.64.0.0/10 carrier-grade NAT
        if (a0 == 198 && (a1 == 18 || a1 == 19)) return "private";               // benchmarking
        if (a0 == 192 && a1 == 0 && (b[2] & 0xFF) == 0) return "reserved";       // 192.0.0.0/24
        if (a0 >= 224) return "reserved";                                        // multicast, 240/4, broadcast
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    /** The exception the resolver's DNS throws when every address of a host is refused. */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        /**
         * An address the policy refuses.
         *
         * @param message one line naming the host and why it was refused
         */
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
