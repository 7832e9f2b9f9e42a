package dev.mandate.did.crypto;

import java.util.HexFormat;

final class Hex {
    private Hex() {}

    static byte[] decode(String hex) { return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)); }

    static String encode(byte[] b) { return HexFormat.of().formatHex(b); }
}
