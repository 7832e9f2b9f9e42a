package dev.mandate.vc.status;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The published part of a {@code BitstringStatusListCredential}: who issued it, for which purposes,
 * the {@code encodedList} and the {@code ttl}. {@link #parse(JsonObject)} reads one (it does not
 * check the proof; the verifier does), {@link #unsigned} builds one for an issuer to sign.
 *
 * @param id          the credential's {@code id} ("" if none)
 * @param issuer      the issuer's identifier
 * @param subjectId   {@code credentialSubject.id} ("" if none)
 * @param purposes    the list's {@code statusPurpose} values (one or more)
 * @param encodedList the GZIP + multibase base64url bitstring
 * @param ttlMillis   the {@code ttl} in milliseconds, or -1 when absent
 */
public record StatusListCredential(String id, String issuer, String subjectId, List<StatusPurpose> purposes,
                                   String encodedList, long ttlMillis) {
    /** The credential type. */
    public static final String CREDENTIAL_TYPE = "BitstringStatusListCredential";
    /** The credential subject type. */
    public static final String SUBJECT_TYPE = "BitstringStatusList";
    /** The VC 2.0 base context, which defines every Bitstring Status List term. */
    public static final String CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2";

    /**
     * Checks that the strings are present and copies the purposes.
     *
     * @param id          the credential's {@code id} ("" if none)
     * @param issuer      the issuer's identifier
     * @param subjectId   {@code credentialSubject.id} ("" if none)
     * @param purposes    the list's {@code statusPurpose} values (one or more)
     * @param encodedList the GZIP + multibase base64url bitstring
     * @param ttlMillis   the {@code ttl} in milliseconds, or -1 when absent
     */
    public StatusListCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(encodedList, "encodedList");
        purposes = List.copyOf(purposes);
    }

    /** {@return the {@code ttl}, if present} */
    public Optional<Duration> ttl() {
        return ttlMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ttlMillis));
    }

    /**
     * Decodes the bitstring with the given entry size and the default limits.
     *
     * @param statusSize bits per entry (the entry's {@code statusSize}, 1 by default)
     * @return the bitstring
     * @throws StatusListException as {@link StatusBitstring#decode(String, int, int, int)}
     */
    public StatusBitstring bitstring(int statusSize) throws StatusListException {
        return bitstring(statusSize, StatusBitstring.DEFAULT_MAX_INFLATED_BYTES);
    }

    /**
     * Decodes the bitstring with the given entry size, refusing lists that inflate beyond {@code maxInflatedBytes}.
     *
     * @param statusSize       bits per entry
     * @param maxInflatedBytes the largest bitstring accepted, in bytes
     * @return the bitstring
     * @throws StatusListException as {@link StatusBitstring#decode(String, int, int, int)}
     */
    public StatusBitstring bitstring(int statusSize, int maxInflatedBytes) throws StatusListException {
        try {
            return StatusBitstring.decode(encodedList, statusSize, StatusBitstring.DEFAULT_MAX_ENCODED_CHARS, maxInflatedBytes);
        } catch (StatusListException e) {
            throw new StatusListException(e.type(), e.getMessage(), "/credentialSubject/encodedList");
        }
    }

    /**
     * Reads a {@code BitstringStatusListCredential}.
     *
     * @param credential the list credential's verified view
     * @return the list's members (its proof is not checked here)
     * @throws StatusListException MALFORMED_VALUE_ERROR when it is not a status list credential or a member is wrong
     */
    public static StatusListCredential parse(JsonObject credential) throws StatusListException {
        Credential c = new Credential(credential);
        if (!c.hasType(CREDENTIAL_TYPE)) {
            throw malformed("the status list is not a " + CREDENTIAL_TYPE + " (type " + c.types() + ")", "/type");
        }
        String issuer = c.issuerId().orElseThrow(() -> malformed("the status list credential has no issuer", "/issuer"));
        List<JsonObject> subjects = c.credentialSubjects();
        if (subjects.size() != 1 || !(credential.get("credentialSubject") instanceof JsonObject)) {
            throw malformed("the status list credential must have exactly one credentialSubject object", "/credentialSubject");
        }
        JsonObject s = subjects.get(0);
        JsonValue t = s.get("type");
        boolean typed = t instanceof JsonString ts ? SUBJECT_TYPE.equals(ts.getString())
                : t instanceof JsonArray ta && ta.stream().anyMatch(v -> v instanceof JsonString vs && SUBJECT_TYPE.equals(vs.getString()));
        if (!typed) {
            throw malformed("credentialSubject type is not " + SUBJECT_TYPE, "/credentialSubject/type");
        }
        List<StatusPurpose> purposes = new ArrayList<>();
        JsonValue p = s.get("statusPurpose");
        List<JsonValue> items = p instanceof JsonArray pa ? pa : p == null ? List.of() : List.of(p);
        for (JsonValue v : items) {
            if (!(v instanceof JsonString vs)) {
                throw malformed("statusPurpose must be a string or a list of strings", "/credentialSubject/statusPurpose");
            }
            purposes.add(StatusPurpose.of(vs.getString()).orElseThrow(() -> malformed("unknown statusPurpose '"
                    + vs.getString() + "'", "/credentialSubject/statusPurpose")));
        }
        if (purposes.isEmpty()) {
            throw malformed("credentialSubject has no statusPurpose", "/credentialSubject/statusPurpose");
        }
        if (!(s.get("encodedList") instanceof JsonString el) || el.getString().isEmpty()) {
            throw malformed("credentialSubject.encodedList must be a non-empty string", "/credentialSubject/encodedList");
        }
        long ttl = -1;
        if (s.containsKey("ttl")) {
            if (!(s.get("ttl") instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().signum() < 0
                    || n.bigDecimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
                throw malformed("ttl must be a non-negative integer number of milliseconds", "/credentialSubject/ttl");
            }
            ttl = n.longValue();
        }
        String subjectId = s.get("id") instanceof JsonString sid ? sid.getString() : "";
        return new StatusListCredential(c.id().orElse(""), issuer, subjectId, purposes, el.getString(), ttl);
    }

    /**
     * {@return an unsigned {@code BitstringStatusListCredential} (VC 2.0) for {@code issuer} to sign}
     *
     * @param id      the URL the list is published at (also the base of the subject id {@code <id>#list})
     * @param issuer  the issuer's DID
     * @param purpose the list's purpose
     * @param bits    the bitstring
     * @param ttl     how long verifiers may cache the list; zero to omit {@code ttl}
     */
    public static JsonObject unsigned(String id, String issuer, StatusPurpose purpose, StatusBitstring bits, Duration ttl) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(ttl, "ttl");
        JsonObjectBuilder subject = Jsonp.PROVIDER.createObjectBuilder()
                .add("id", id + "#list")
                .add("type", SUBJECT_TYPE)
                .add("statusPurpose", purpose.jsonName())
                .add("encodedList", bits.encode());
        if (!ttl.isZero() && !ttl.isNegative()) {
            subject.add("ttl", ttl.toMillis());
        }
        JsonArrayBuilder types = Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential").add(CREDENTIAL_TYPE);
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("@context", Jsonp.PROVIDER.createArrayBuilder().add(CREDENTIALS_V2))
                .add("id", id)
                .add("type", types)
                .add("issuer", issuer)
                .add("credentialSubject", subject)
                .build();
    }

    private static StatusListException malformed(String message, String path) {
        return new StatusListException(ErrorType.MALFORMED_VALUE_ERROR, message, path);
    }
}
