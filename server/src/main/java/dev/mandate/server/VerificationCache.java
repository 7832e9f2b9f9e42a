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
 *
 * <p>Memory: an answer is a few hundred bytes, but a kept view is the parsed credential, about six times its request
 * body. Views are therefore bounded by their bodies' bytes as well as by the number of entries: at most
 * {@link #MAX_VIEW_BODY_BYTES} per credential and {@code verifier.cacheStatusKilobytes} in all (a soft bound:
 * concurrent stores may pass it by a few entries), so one holder cannot fill the heap by sending one valid credential
 * in many spacings.
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

    /** {@code viewBytes}: the request body's length when the entry keeps a view, else 0. */
    private record Entry(Hit hit, Instant expires, long viewBytes) {
    }

    /** Largest request body whose credential is kept with its view (typical credentials are 1 to 4 KB). */
    static final int MAX_VIEW_BODY_BYTES = 64 * 1024;

    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int max;
    private final long maxViewBytes;
    private final java.util.concurrent.atomic.AtomicLong viewBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Verified credentials not remembered because the cache was full of entries, or of views' bytes. */
    private final java.util.concurrent.atomic.LongAdder notKeptForEntries = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder notKeptForViews = new java.util.concurrent.atomic.LongAdder();
    private final Clock clock;

    /** With the default bound on the request bytes of the credentials kept with their views. */
    VerificationCache(Duration ttl, int maxEntries, Clock clock) {
        this(ttl, maxEntries, clock, dev.mandate.server.config.VerifierConfig.DEFAULT_CACHE_STATUS_KILOBYTES * 1024L);
    }

    /**
     * With the bound {@code verifier.cacheStatusKilobytes} sets.
     *
     * @param maxViewBytes most request-body bytes of the credentials kept with their views, in all (0: none kept)
     */
    VerificationCache(Duration ttl, int maxEntries, Clock clock, long maxViewBytes) {
        this.maxViewBytes = maxViewBytes;
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
            if (entries.remove(key, e)) {
                viewBytes.addAndGet(-e.viewBytes());
            }
            return Optional.empty();
        }
        return Optional.of(e.hit());
    }

    /**
     * After a recheck of {@code hit}: remembers its result ({@code response} with {@code code}, written for
     * {@code answered}; the stored bytes when the answer did not change) for the same verified credential, if the
     * entry is still there.
     */
    void answered(ByteBuffer key, Hit hit, VerificationResult answered, int code, byte[] response) {
        entries.computeIfPresent(key, (k, e) -> e.hit() == hit
                ? new Entry(new Hit(response, code, hit.credential(), answered), e.expires(), e.viewBytes()) : e);
    }

    /**
     * Stores the response for a credential the pipeline verified (Data Integrity only), unless the credential
     * expires too soon or the cache is full; a credential with a {@code credentialStatus} with its verified view, to
     * be rechecked on every hit, within the bounds on views' bytes. Reads only the verified view.
     *
     * @param requestBytes the request body's length, the measure of the view kept
     */
    void put(ByteBuffer key, VerifiedCredential verified, byte[] response, int requestBytes) {
        if (!Verifier.FORMAT_DATA_INTEGRITY.equals(verified.format())) {
            return;
        }
        JsonObject credential = verified.view();
        // its status may change at any moment: rechecked on every hit, against the status checker's decoded lists
        boolean view = credential.containsKey("credentialStatus");
        if (view && requestBytes > MAX_VIEW_BODY_BYTES) {
            notKeptForViews.increment();
            return;
        }
        Hit hit = view ? new Hit(response, 200, verified, verified.result()) : new Hit(response, 200, null, null);
        long weight = view ? requestBytes : 0;
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
        if (entries.size() >= max || viewBytes.get() + weight > maxViewBytes) {
            purge(now);
            if (entries.size() >= max) {
                notKeptForEntries.increment();
                return;
            }
            if (viewBytes.get() + weight > maxViewBytes) {
                notKeptForViews.increment();
                return;
            }
        }
        Entry old = entries.put(key, new Entry(hit, expires, weight));
        viewBytes.addAndGet(weight - (old == null ? 0 : old.viewBytes()));
    }

    int size() {
        return entries.size();
    }

    /** {@return the request-body bytes of the credentials kept with their views} */
    long viewBytes() {
        return viewBytes.get();
    }

    /** {@return how many verified credentials were not remembered because {@code cacheEntries} results were} */
    long notKeptForEntries() {
        return notKeptForEntries.sum();
    }

    /**
     * {@return how many verified credentials with a status were not remembered because of the bound on views' bytes
     * ({@code verifier.cacheStatusKilobytes}, or a request over {@link #MAX_VIEW_BODY_BYTES})}
     */
    long notKeptForViews() {
        return notKeptForViews.sum();
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
        for (Iterator<Map.Entry<ByteBuffer, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ByteBuffer, Entry> e = it.next();
            if (!now.isBefore(e.getValue().expires()) && entries.remove(e.getKey(), e.getValue())) {
                viewBytes.addAndGet(-e.getValue().viewBytes());
            }
        }
    }
}
