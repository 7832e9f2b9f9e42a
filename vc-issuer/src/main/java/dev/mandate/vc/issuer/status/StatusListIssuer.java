package dev.mandate.vc.issuer.status;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues what Bitstring Status List 1.0 needs on the issuer side: {@code credentialStatus} entries on
 * a credential before it is signed, and the signed {@code BitstringStatusListCredential} a verifier
 * fetches. Thread-safe.
 */
public final class StatusListIssuer {
    private final Issuer issuer;

    /**
     * A status list issuer signing through {@code issuer}.
     *
     * @param issuer signs the list credentials; its clock dates them (validFrom, the proof's created); not null
     */
    public StatusListIssuer(Issuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Returns {@code credential} with {@code credentialStatus} set to the entries (one object for one
     * entry, an array for several).
     *
     * @param credential the unsigned credential
     * @param entries    the entries, as allocated from the lists (e.g. by the registry's status service); none
     *                   returns {@code credential} unchanged
     * @return a copy of {@code credential} with {@code credentialStatus} added
     * @throws ProofException PROOF_GENERATION_ERROR if the credential already has a credentialStatus or a proof
     */
    public static JsonObject withStatus(JsonObject credential, List<StatusListEntry> entries) throws ProofException {
        Objects.requireNonNull(credential, "credential");
        if (entries.isEmpty()) {
            return credential;
        }
        if (credential.containsKey("credentialStatus")) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, "the credential already has a credentialStatus", "/credentialStatus");
        }
        if (credential.containsKey("proof")) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, "the credential is already signed; add status before signing", "/proof");
        }
        if (entries.size() == 1) {
            return Jsonp.PROVIDER.createObjectBuilder(credential).add("credentialStatus", entries.get(0).toJson()).build();
        }
        JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
        entries.forEach(e -> a.add(e.toJson()));
        return Jsonp.PROVIDER.createObjectBuilder(credential).add("credentialStatus", a).build();
    }

    /**
     * Signs a {@code BitstringStatusListCredential} published at {@code listUrl}, with no {@code ttl} member and
     * open-ended; see {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey, StatusListOptions)}.
     *
     * @param listUrl where the list is served (its {@code id})
     * @param purpose the list's purpose
     * @param bits    the current bitstring
     * @param key     the issuer's key; must be the key that signs the credentials using the list
     * @return the signed {@code BitstringStatusListCredential}
     * @throws ProofException as {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey, StatusListOptions)}
     * @throws IllegalArgumentException if {@code bits} has fewer than {@value StatusBitstring#MIN_ENTRIES} entries
     */
    public JsonObject sign(String listUrl, StatusPurpose purpose, StatusBitstring bits, IssuerKey key) throws ProofException {
        return sign(listUrl, purpose, bits, key, StatusListOptions.defaults());
    }

    /**
     * Signs a {@code BitstringStatusListCredential} published at {@code listUrl}.
     *
     * @param listUrl where the list is served (its {@code id})
     * @param purpose the list's purpose
     * @param bits    the current bitstring
     * @param key     the issuer's key (any Data Integrity suite that takes its signer); must be the key that signs
     *                the credentials using the list
     * @param options the {@code ttl} and the list credential's validity, {@link StatusListOptions#defaults()} for
     *                neither
     * @return the signed {@code BitstringStatusListCredential}, its {@code encodedList} the GZIP-compressed,
     *     base64url-encoded bitstring (Bitstring Status List 1.0 §2.2)
     * @throws ProofException PROOF_GENERATION_ERROR when signing fails, e.g. a cryptosuite that does not take the
     *     key's signer (see {@link Issuer#issue(JsonObject, IssuerKey, Duration)})
     * @throws IllegalArgumentException if {@code bits} has fewer than {@value StatusBitstring#MIN_ENTRIES} entries
     */
    public JsonObject sign(String listUrl, StatusPurpose purpose, StatusBitstring bits, IssuerKey key, StatusListOptions options)
            throws ProofException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        requireMinimumSize(bits);
        JsonObject unsigned = StatusListCredential.unsigned(listUrl, key.did(), purpose, bits, options.ttl().orElse(Duration.ZERO));
        return options.validFor().isPresent() ? issuer.issue(unsigned, key, options.validFor().get()) : issuer.issue(unsigned, key);
    }

    /**
     * Positional form of {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey, StatusListOptions)}.
     *
     * @param listUrl  where the list is served (its {@code id})
     * @param purpose  the list's purpose
     * @param bits     the current bitstring
     * @param ttl      how long verifiers may cache it (zero: no {@code ttl} member)
     * @param validFor validity of the list credential itself, or empty for open-ended
     * @param key      the issuer's key; must be the key that signs the credentials using the list
     * @return the signed {@code BitstringStatusListCredential}
     * @throws ProofException as {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey, StatusListOptions)}
     * @throws IllegalArgumentException if {@code bits} has fewer than {@value StatusBitstring#MIN_ENTRIES} entries
     * @deprecated a zero {@code ttl} and an {@code Optional} validity meant "none"; pass them as options:
     *     {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey)} for neither,
     *     {@link #sign(String, StatusPurpose, StatusBitstring, IssuerKey, StatusListOptions)} otherwise.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public JsonObject sign(String listUrl, StatusPurpose purpose, StatusBitstring bits, Duration ttl, Optional<Duration> validFor,
                           IssuerKey key) throws ProofException {
        return sign(listUrl, purpose, bits, key, StatusListOptions.positional(ttl, validFor));
    }

    /** Refuses a list below the spec's minimum of 131,072 entries (group privacy). */
    static void requireMinimumSize(StatusBitstring bits) {
        if (bits.entries() < StatusBitstring.MIN_ENTRIES) {
            throw new IllegalArgumentException("a published status list needs at least " + StatusBitstring.MIN_ENTRIES + " entries");
        }
    }
}
