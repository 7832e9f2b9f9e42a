package dev.mandate.registry.audit;

import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One audit log entry as stored: its position {@code seq} (the Merkle leaf index, gapless from 0), the time
 * it was appended, its type, actor, subject, details (a JSON object kept in JCS canonical text) and its
 * leaf hash {@code SHA-256(0x00 || leafData())}.
 *
 * <p>The leaf data is the JCS canonical JSON {@code {"actor":..,"details":{..},"seq":n,"subject":..,"time":ms,"type":..}};
 * including {@code seq} makes a moved entry hash differently at its new position.
 *
 * @param seq      the leaf index
 * @param time     when it was appended (millisecond precision)
 * @param type     what happened: {@code issuance}, {@code delegation}, {@code status}, {@code registry}, {@code authorization}, ...
 * @param actor    who did it (a DID, a user name, a service)
 * @param subject  what it was done to (a credential id, an agent DID, ...)
 * @param details  the canonical (JCS) text of a JSON object with the rest
 * @param leafHash the stored leaf hash (32 bytes)
 */
public record AuditEntry(long seq, Instant time, String type, String actor, String subject, String details, byte[] leafHash) {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Validates presence and copies the leaf hash.
     *
     * @param seq      the leaf index
     * @param time     when it was appended; not null
     * @param type     what happened; not null
     * @param actor    who did it; not null
     * @param subject  what it was done to; not null
     * @param details  the canonical JSON text; not null
     * @param leafHash the stored leaf hash; not null
     * @throws NullPointerException naming the null component
     */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
        leafHash = leafHash.clone();
    }

    /** {@return a copy of the stored leaf hash (32 bytes)} */
    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    /** {@return the stored leaf hash in lower-case hex} */
    public String leafHashHex() {
        return HEX.formatHex(leafHash);
    }

    /** {@return the bytes the leaf hash covers, rebuilt from the fields (so a changed field changes them)} */
    public byte[] leafData() {
        return leafData(seq, time.toEpochMilli(), type, actor, subject, details);
    }

    /** {@return {@code SHA-256(0x00 || leafData())}, recomputed from the fields} */
    public byte[] computeLeafHash() {
        return MerkleTree.leafHash(leafData());
    }

    /** {@return true if the stored leaf hash is the one the fields give (false for an altered entry)} */
    public boolean leafHashMatches() {
        return java.security.MessageDigest.isEqual(leafHash, computeLeafHash());
    }

    /**
     * {@return this entry as JSON: seq, time (ISO-8601), timeMillis, type, actor, subject, details (object, or the
     * raw text if it is not JSON), leafHash (hex)}
     */
    public JsonObject toJson() {
        var b = Jsonp.PROVIDER.createObjectBuilder()
                .add("seq", seq)
                .add("time", time.toString())
                .add("timeMillis", time.toEpochMilli())
                .add("type", type)
                .add("actor", actor)
                .add("subject", subject);
        java.util.Optional<JsonObject> parsed = Json.parseObject(details);
        if (parsed.isPresent()) {
            b.add("details", parsed.get());
        } else {
            b.add("details", details);
        }
        return b.add("leafHash", leafHashHex()).build();
    }

    /**
     * Reads an entry written by {@link #toJson()} (from an untrusted proof file).
     *
     * @param o the JSON object
     * @return the entry (its leaf hash not yet checked: call {@link #leafHashMatches()})
     * @throws AuditFormatException naming the member that is missing or wrong
     */
    public static AuditEntry fromJson(JsonObject o) throws AuditFormatException {
        long seq = Json.nonNegativeLong(o, "seq");
        long millis = Json.nonNegativeLong(o, "timeMillis");
        String type = Json.string(o, "type");
        String actor = Json.string(o, "actor");
        String subject = Json.string(o, "subject");
        jakarta.json.JsonValue d = o.get("details");
        String details;
        if (d instanceof JsonObject obj) {
            try {
                details = Jcs.canonicalize(obj);
            } catch (JcsException e) {
                throw new AuditFormatException("entry member 'details' cannot be canonicalized: " + e.getMessage());
            }
        } else if (d instanceof jakarta.json.JsonString str) {
            details = str.getString();
        } else {
            throw new AuditFormatException("entry member 'details' is missing or not an object");
        }
        byte[] leaf = Json.hash(o, "leafHash");
        return new AuditEntry(seq, Instant.ofEpochMilli(millis), type, actor, subject, details, leaf);
    }

    static byte[] leafData(long seq, long timeMillis, String type, String actor, String subject, String detailsCanonical) {
        // JCS of the object: keys in code-point order, details already canonical text
        StringBuilder sb = new StringBuilder(128 + detailsCanonical.length());
        sb.append("{\"actor\":").append(string(actor))
                .append(",\"details\":").append(detailsCanonical)
                .append(",\"seq\":").append(seq)
                .append(",\"subject\":").append(string(subject))
                .append(",\"time\":").append(timeMillis)
                .append(",\"type\":").append(string(type))
                .append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String string(String s) {
        try {
            return Jcs.canonicalize(Jsonp.PROVIDER.createValue(s));
        } catch (JcsException e) {
            // only a tampered row or a hand-made proof holds a lone surrogate (append refuses them): encode it as
            // an escape JCS never produces, so the bytes differ from every valid entry and hashing never fails
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }
}
