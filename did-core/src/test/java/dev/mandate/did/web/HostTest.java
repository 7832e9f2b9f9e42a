package dev.mandate.did.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one host parser of every outbound fetch: canonical IP literals, DNS names, and nothing in between. */
class HostTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255", "10.0.0.1, 10.0.0.1", "8.8.8.8, 8.8.8.8"})
    void canonicalDottedQuadsAreIpv4(String host, String address) throws Exception {
        Host h = Host.parse(host);
        assertEquals(Host.Kind.IPV4, h.kind());
        assertArrayEquals(InetAddress.getByName(address).getAddress(), h.address().orElseThrow().getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "127.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "0X7F.0.0.1", "127.0.0.01",
        "127.000.0.1", "256.0.0.1", "1.2.3.4.5", "127.0.0.1.1", "0", "00", "0x", "1.2.3.0x4", "example.0x10", "example.123", "999999999999"})
    void nonCanonicalAddressSpellingsAreRefusedAsAddresses(String host) {
        Host.InvalidHostException e = assertThrows(Host.InvalidHostException.class, () -> Host.parse(host));
        assertTrue(e.addressLike(), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"[::1], ::1", "[::], ::", "[2001:db8::1], 2001:db8::1", "[fe80::1:2], fe80::1:2", "[2001:db8:0:1:1:1:1:1], 2001:db8:0:1:1:1:1:1",
        "[2001:db8::1:0:0:1], 2001:db8::1:0:0:1", "[::ffff:192.0.2.1], ::ffff:192.0.2.1", "[1::], 1::"})
    void canonicalIpv6LiteralsInBracketsAreIpv6(String host, String address) throws Exception {
        Host h = Host.parse(host);
        assertEquals(Host.Kind.IPV6, h.kind());
        assertEquals(host, h.text());
        assertArrayEquals(InetAddress.getByName(address).getAddress(), h.address().orElseThrow().getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[0:0:0:0:0:0:0:1]", "[0::1]", "[::0001]", "[::FFFF]", "[2001:db8:0:0:1:0:0:1]", "[2001:0db8::1]",
        "[2001:db8::0:1]", "[1:2:3:4:5:6:7::]", "[::ffff:c000:201]", "[::1%25eth0]", "[::1%eth0]", "[::1", "[]", "[:::1]", "[1::2::3]",
        "[::127.1]", "[::ffff:0177.0.0.1]", "[1:2:3:4:5:6:7:8:9]", "[g::1]", "[::1]x"})
    void nonCanonicalOrMalformedIpv6IsRefusedAsAnAddress(String host) {
        Host.InvalidHostException e = assertThrows(Host.InvalidHostException.class, () -> Host.parse(host));
        assertTrue(e.addressLike(), e.getMessage());
    }

    @Test
    void theRefusalOfANonCanonicalIpv6NamesTheCanonicalForm() {
        Host.InvalidHostException e = assertThrows(Host.InvalidHostException.class, () -> Host.parse("[0:0::1]"));
        assertTrue(e.getMessage().contains("[::1]"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "a", "xn--caf-dma.example", "1e100.net", "0x7f.example", "127.0.0.1.nip.io", "a-b.c"})
    void dnsNamesAreDnsNames(String host) throws Exception {
        Host h = Host.parse(host);
        assertEquals(Host.Kind.DNS_NAME, h.kind());
        assertTrue(h.address().isEmpty());
        assertFalse(h.isIpLiteral());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa_mple.com", "-example.com", "example-.com", "example..com", "example.com.", "Example.com", "exa mple.com",
        "caf\u00e9.example", "user@example.com"})
    void otherJunkIsNotAHost(String host) {
        Host.InvalidHostException e = assertThrows(Host.InvalidHostException.class, () -> Host.parse(host));
        assertFalse(e.addressLike(), e.getMessage());
    }

    @Test
    void loopbackNamesAreLocalhostAndLoopbackLiterals() throws Exception {
        assertTrue(Host.parse("localhost").isLoopbackName());
        assertTrue(Host.parse("127.0.0.1").isLoopbackName());
        assertTrue(Host.parse("127.5.6.7").isLoopbackName());
        assertTrue(Host.parse("[::1]").isLoopbackName());
        assertFalse(Host.parse("example.com").isLoopbackName());
        assertFalse(Host.parse("10.0.0.1").isLoopbackName());
    }

    @Test
    void urlHostsFromOkHttpAreBracketedForIpv6() throws Exception {
        assertEquals(Host.Kind.IPV6, Host.ofUrlHost("::1").kind());
        assertEquals(Host.Kind.IPV4, Host.ofUrlHost("127.0.0.1").kind());
        assertEquals(Host.Kind.DNS_NAME, Host.ofUrlHost("Example.COM").kind());
        assertTrue(assertThrows(Host.InvalidHostException.class, () -> Host.ofUrlHost("127.1")).addressLike());
    }

    @Property(tries = 300)
    void everyIpv6AddressHasExactlyOneAcceptedSpelling(@ForAll byte[] raw) throws Exception {
        byte[] bytes = new byte[16];
        System.arraycopy(raw, 0, bytes, 0, Math.min(16, raw.length));
        String canonical = Host.formatIpv6(bytes);
        Host h = Host.parse("[" + canonical + "]");
        byte[] expected = InetAddress.getByAddress(bytes).getAddress();
        assertArrayEquals(expected, h.address().orElseThrow().getAddress());
        // the fully written-out form is accepted only when it is also the canonical one
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) full.append(':');
            full.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)));
        }
        assertEquals(full.toString().equals(canonical), Host.tryParse("[" + full + "]").isPresent(), full::toString);
    }
}
