package dev.mandate.vc.status;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code BitstringStatusListEntry}: where a credential's status lives ({@code statusListCredential}
 * and {@code statusListIndex}) and what it means ({@code statusPurpose}).
 *
 * @param id                   the entry's {@code id}, or "" when it has none
 * @param purpose              the status purpose
 * @param index                the entry's index in the list, 0 or more
 * @param statusListCredential URL of the {@code BitstringStatusListCredential}
 * @param statusSize           bits per entry (1 unless the entry says otherwise)
 * @param messages             the {@code statusMessage} items (empty if none)
 * @param statusReference      the {@code statusReference} URL, or ""
 */
public record StatusListEntry(String id, StatusPurpose purpose, long index, String statusListCredential, int statusSize,
                              List<StatusMessage> messages, String statusReference) {
    /** The entry {@code type}. */
    public static final String TYPE = "BitstringStatusListEntry";

    /**
     * Checks the entry and copies the messages.
     *
     * @param id                   the entry's {@code id}, or "" when it has none
     * @param purpose              the status purpose
     * @param index                the entry's index in the list, 0 or more
     * @param statusListCredential URL of the {@code BitstringStatusListCredential}
     * @param statusSize           bits per entry (1 unless the entry says otherwise)
     * @param messages             the {@code statusMessage} items (empty if none)
     * @param statusReference      the {@code statusReference} URL, or ""
     */
    public StatusListEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(statusListCredential, "statusListCredential");
        Objects.requireNonNull(statusReference, "statusReference");
        messages = List.copyOf(messages);
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        if (statusSize < 1 || statusSize > StatusBitstring.MAX_STATUS_SIZE) {
            throw new IllegalArgumentException("statusSize must be 1..8");
        }
    }

    /**
     * {@return a one-bit entry with the conventional id {@code <statusListCredential>#<index>}}
     *
     * @param purpose              the list's purpose
     * @param statusListCredential the list's URL
     * @param index                the entry's index, 0 or more
     */
    public static StatusListEntry of(StatusPurpose purpose, String statusListCredential, long index) {
        return new StatusListEntry(statusListCredential + "#" + index, purpose, index, statusListCredential, 1, List.of(), "");
    }

    /** {@return the id, if the entry has one} */
    public Optional<String> entryId() {
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * {@return the message for {@code value}, if the entry lists one}
     *
     * @param value a value read from the list
     */
    public Optional<String> messageFor(int value) {
        return messages.stream().filter(m -> m.status() == value).map(StatusMessage::message).findFirst();
    }

    /**
     * {@return true if {@code credentialStatus} item {@code o} has type {@code BitstringStatusListEntry}}
     *
     * @param o a {@code credentialStatus} item
     */
    public static boolean isEntry(JsonObject o) {
        JsonValue t = o.get("type");
        return t instanceof JsonString s ? TYPE.equals(s.getString())
                : t instanceof JsonArray a && a.stream().anyMatch(v -> v instanceof JsonString s && TYPE.equals(s.getString()));
    }

    /**
     * Parses a {@code BitstringStatusListEntry} object.
     *
     * @param entry the {@code credentialStatus} item
     * @param path  its JSON Pointer, used in error paths
     * @return the entry
     * @throws StatusListException MALFORMED_VALUE_ERROR naming the member that is missing or wrong
     */
    public static StatusListEntry parse(JsonObject entry, String path) throws StatusListException {
        if (!isEntry(entry)) {
            throw malformed("credentialStatus type is not " + TYPE, JsonPointers.child(path, "type"));
        }
        String id = "";
        if (entry.containsKey("id")) {
            if (!(entry.get("id") instanceof JsonString s) || s.getString().isEmpty()) {
                throw malformed("status entry id must be a non-empty string", JsonPointers.child(path, "id"));
            }
            id = s.getString();
        }
        String purposeText = requiredString(entry, "statusPurpose", path);
        StatusPurpose purpose = StatusPurpose.of(purposeText).orElseThrow(() -> malformed(
                "statusPurpose '" + purposeText + "' is not revocation, suspension, refresh or message",
                JsonPointers.child(path, "statusPurpose")));
        String indexText = requiredString(entry, "statusListIndex", path);
        long index = parseIndex(indexText, path);
        String listUrl = requiredString(entry, "statusListCredential", path);
        if (!listUrl.contains(":")) {
            throw malformed("statusListCredential must be a URL", JsonPointers.child(path, "statusListCredential"));
        }
        int size = 1;
        if (entry.containsKey("statusSize")) {
            if (!(entry.get("statusSize") instanceof JsonNumber n) || !n.isIntegral()
                    || n.bigDecimalValue().compareTo(java.math.BigDecimal.ONE) < 0
                    || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(StatusBitstring.MAX_STATUS_SIZE)) > 0) {
                throw malformed("statusSize must be an integer from 1 to 8", JsonPointers.child(path, "statusSize"));
            }
            size = n.intValue();
        }
        List<StatusMessage> messages = new ArrayList<>();
        if (entry.containsKey("statusMessage")) {
            String mpath = JsonPointers.child(path, "statusMessage");
            if (!(entry.get("statusMessage") instanceof JsonArray arr)) {
                throw malformed("statusMessage must be an array", mpath);
            }
            for (int i = 0; i < arr.size(); i++) {
                String ipath = mpath + "/" + i;
                if (!(arr.get(i) instanceof JsonObject m) || !(m.get("status") instanceof JsonString st)
                        || !(m.get("message") instanceof JsonString msg)) {
                    throw malformed("statusMessage item must be an object with string status and message", ipath);
                }
                messages.add(new StatusMessage(parseHex(st.getString(), ipath + "/status"), msg.getString()));
            }
        } else if (size > 1) {
            throw malformed("statusMessage is required when statusSize is greater than 1", JsonPointers.child(path, "statusMessage"));
        }
        String reference = "";
        if (entry.containsKey("statusReference")) {
            if (!(entry.get("statusReference") instanceof JsonString r)) {
                throw malformed("statusReference must be a URL string", JsonPointers.child(path, "statusReference"));
            }
            reference = r.getString();
        }
        return new StatusListEntry(id, purpose, index, listUrl, size, messages, reference);
    }

    /** {@return this entry as JSON} */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        if (!id.isEmpty()) {
            b.add("id", id);
        }
        b.add("type", TYPE)
                .add("statusPurpose", purpose.jsonName())
                .add("statusListIndex", Long.toString(index))
                .add("statusListCredential", statusListCredential);
        if (statusSize != 1) {
            b.add("statusSize", statusSize);
        }
        if (!messages.isEmpty()) {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            messages.forEach(m -> a.add(Jsonp.PROVIDER.createObjectBuilder().add("status", m.hex()).add("message", m.message())));
            b.add("statusMessage", a);
        }
        if (!statusReference.isEmpty()) {
            b.add("statusReference", statusReference);
        }
        return b.build();
    }

    private static String requiredString(JsonObject o, String key, String path) throws StatusListException {
        JsonValue v = o.get(key);
        if (v == null) {
            throw malformed("status entry has no " + key, JsonPointers.child(path, key));
        }
        if (!(v instanceof JsonString s) || s.getString().isEmpty()) {
            throw malformed(key + " must be a non-empty string", JsonPointers.child(path, key));
        }
        return s.getString();
    }

    /** {@code entryPath}: the entry's pointer (the member's is built only for an error). */
    private static long parseIndex(String text, String entryPath) throws StatusListException {
        boolean digits = !text.isEmpty() && text.length() <= 18 && (text.length() == 1 || text.charAt(0) != '0');
        for (int i = 0; digits && i < text.length(); i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw malformed("statusListIndex '" + cut(text) + "' is not a non-negative base-10 integer",
                    JsonPointers.child(entryPath, "statusListIndex"));
        }
        return Long.parseLong(text);
    }

    private static int parseHex(String text, String path) throws StatusListException {
        if (!text.startsWith("0x") || text.length() < 3 || text.length() > 6
                || !text.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw malformed("status '" + cut(text) + "' is not a 0x-prefixed hexadecimal value", path);
        }
        return Integer.parseInt(text.substring(2), 16);
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static StatusListException malformed(String message, String path) {
        return new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, message, path);
    }
}
