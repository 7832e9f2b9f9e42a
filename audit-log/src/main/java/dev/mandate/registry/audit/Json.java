package dev.mandate.registry.audit;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Small helpers reading untrusted JSON members with one-line errors. */
final class Json {
    private static final HexFormat HEX = HexFormat.of();

    private Json() {}

    static Optional<JsonObject> parseObject(String text) {
        try (var r = Jsonp.PROVIDER.createReader(new StringReader(text))) {
            JsonValue v = r.readValue();
            return v instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    static String string(JsonObject o, String name) throws AuditFormatException {
        JsonValue v = o.get(name);
        if (!(v instanceof JsonString s)) {
            throw new AuditFormatException("member '" + name + "' is missing or not a string");
        }
        return s.getString();
    }

    static long nonNegativeLong(JsonObject o, String name) throws AuditFormatException {
        JsonValue v = o.get(name);
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new AuditFormatException("member '" + name + "' is missing or not an integer");
        }
        try {
            long l = n.bigIntegerValueExact().longValueExact();
            if (l < 0) {
                throw new AuditFormatException("member '" + name + "' is negative");
            }
            return l;
        } catch (ArithmeticException e) {
            throw new AuditFormatException("member '" + name + "' is out of range");
        }
    }

    static byte[] hash(JsonObject o, String name) throws AuditFormatException {
        return hash(string(o, name), name);
    }

    static byte[] hash(String hex, String name) throws AuditFormatException {
        if (hex.length() != 2 * MerkleTree.HASH_LENGTH) {
            throw new AuditFormatException("'" + name + "' is not a 32-byte hex hash");
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new AuditFormatException("'" + name + "' is not hex");
        }
    }

    static List<byte[]> hashes(JsonObject o, String name) throws AuditFormatException {
        JsonValue v = o.get(name);
        if (!(v instanceof JsonArray a)) {
            throw new AuditFormatException("member '" + name + "' is missing or not an array");
        }
        if (a.size() > MerkleTree.MAX_PROOF_LENGTH) {
            throw new AuditFormatException("member '" + name + "' has more than " + MerkleTree.MAX_PROOF_LENGTH + " hashes");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonValue e : a) {
            if (!(e instanceof JsonString s)) {
                throw new AuditFormatException("member '" + name + "' holds a non-string");
            }
            out.add(hash(s.getString(), name));
        }
        return out;
    }

    static JsonArray hexArray(List<byte[]> hashes) {
        var b = Jsonp.PROVIDER.createArrayBuilder();
        for (byte[] h : hashes) {
            b.add(HEX.formatHex(h));
        }
        return b.build();
    }

    static String hex(byte[] h) {
        return HEX.formatHex(h);
    }
}
