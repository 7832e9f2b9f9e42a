package dev.mandate.server;

import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.verifier.VerifiedCredential;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for a short time, that a {@code POST /credentials/verify} request body verified, so that an agent
 * presenting the same credential on every call costs one verification per {@code ttl} instead of one per
 * request.
 *
 * <p>Sound because what a verification finds of the proof, the JSON-LD integrity and the data model is a function
 * of the exact request bytes and the resolver's state: the key is the SHA-256 of the whole request body; only
 * verified Data Integrity credentials are kept (a failure may turn into a success later, for example once
 * {@code validFrom} is reached); and an entry expires at the earliest of {@code ttl} after it was stored and the
 * credential's own {@code validUntil}, {@code expirationDate} or any proof's {@code expires}, so time can only end
 * an entry, never outlive the credential. What can change within {@code ttl} is the resolver's view of a did:web
 * document, which the did:web resolver itself caches for up to five minutes by default. Presentations are never
 * cached (their challenges are single-use).
 *
 * <p>A credential with a {@code credentialStatus} is kept with its verified view, and every hit {@linkplain
 * Verifier#recheck rechecks} it: its status entries (and trusted issuers and validity period) are checked again
 * against the server's decoded lists, so a revocation or suspension applies to the very next request, cached or
 * not. Only the proof is not verified again. The entry then remembers the answer of its last check: an unchanged
 * answer is sent as it was (no serialization), a changed one (revoked, suspended, reinstated) is written anew and
 * replaces it. A credential that is revoked keeps its entry, so asking again costs a status check, not a signature.
 */
final class VerificationCache {
    /**
     * What a hit answers. Without {@code credential}: send {@code response} with status 200. With it (the credential
     * has a status): {@linkplain Verifier#recheck recheck} it, and send {@code response} with {@code code} only when
     * the recheck's result equals {@code answered}, the result that response was written for.
     */
    record Hit(byte[] response, int code, VerifiedCredential credential, VerificationResult answered) {
        /** {@return whether the credential must be rechecked before answering} */
        boolean recheck() {
            return credential != null;
        }
    }

    private record Entry(Hit hit, Instant expires) {
    }

    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int max;
    private final Clock clock;

    VerificationCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.max = maxEntries;
        this.clock = clock;
    }

    boolean enabled() {
        return !ttl.isZero() && max > 0;
    }

    static ByteBuffer key(byte[] requestBody) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(requestBody));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** The cached answer for this request, if one is stored and still valid. */
    Optional<Hit> get(ByteBuffer key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.hit());
    }

    /**
     * After a recheck of {@code hit} changed the answer: remembers the new one ({@code response} with {@code code},
     * written for {@code answered}) for the same verified credential, if the entry is still there.
     */
    void answered(ByteBuffer key, Hit hit, VerificationResult answered, int code, byte[] response) {
        entries.computeIfPresent(key, (k, e) -> e.hit() == hit
                ? new Entry(new Hit(response, code, hit.credential(), answered), e.expires()) : e);
    }

    /**
     * Stores the response for a credential the pipeline verified (Data Integrity only), unless the credential
     * expires too soon or the cache is full; a credential with a {@code credentialStatus} with its verified view, to
     * be rechecked on every hit. Reads only the verified view.
     */
    void put(ByteBuffer key, VerifiedCredential verified, byte[] response) {
        if (!Verifier.FORMAT_DATA_INTEGRITY.equals(verified.format())) {
            return;
        }
        JsonObject credential = verified.view();
        // its status may change at any moment: rechecked on every hit, against the status checker's decoded lists
        Hit hit = credential.containsKey("credentialStatus") ? new Hit(response, 200, verified, verified.result())
                : new Hit(response, 200, null, null);
        Instant now = clock.instant();
        Optional<Instant> end = earliestEnd(credential);
        if (end == null) {
            return;
        }
        Instant expires = now.plus(ttl);
        if (end.isPresent() && end.get().isBefore(expires)) {
            expires = end.get();
        }
        if (!now.isBefore(expires)) {
            return;
        }
        if (entries.size() >= max) {
            purge(now);
            if (entries.size() >= max) {
                return;
            }
        }
        entries.put(key, new Entry(hit, expires));
    }

    int size() {
        return entries.size();
    }

    /**
     * The earliest instant at which the credential stops being valid (validUntil, expirationDate, a proof's
     * expires), empty if none is set, or null if one cannot be read (then nothing is cached).
     */
    private static Optional<Instant> earliestEnd(JsonObject credential) {
        Instant earliest = null;
        for (String member : List.of("validUntil", "expirationDate")) {
            JsonValue v = credential.get(member);
            if (v != null) {
                Optional<Instant> t = v instanceof JsonString s ? DateTimeStamp.parseDateTime(s.getString()) : Optional.empty();
                if (t.isEmpty()) {
                    return null;
                }
                earliest = earliest == null || t.get().isBefore(earliest) ? t.get() : earliest;
            }
        }
        JsonValue proof = credential.get("proof");
        List<JsonValue> proofs = proof instanceof JsonArray a ? a : proof == null ? List.of() : List.of(proof);
        for (JsonValue p : proofs) {
            if (!(p instanceof JsonObject o)) {
                return null;
            }
            JsonValue exp = o.get("expires");
            if (exp != null) {
                Optional<Instant> t = exp instanceof JsonString s ? DateTimeStamp.parseDateTime(s.getString()) : Optional.empty();
                if (t.isEmpty()) {
                    return null;
                }
                earliest = earliest == null || t.get().isBefore(earliest) ? t.get() : earliest;
            }
        }
        return Optional.ofNullable(earliest);
    }

    private void purge(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expires())) {
                it.remove();
            }
        }
    }
}
