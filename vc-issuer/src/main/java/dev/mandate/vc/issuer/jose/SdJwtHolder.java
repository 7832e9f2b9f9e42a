package dev.mandate.vc.issuer.jose;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The holder's side of SD-JWT: decode what an SD-JWT can disclose, choose Disclosures by JSON Pointer,
 * and append a Key Binding JWT over the verifier's nonce and audience (RFC 9901 §7.2).
 *
 * <p>A pointer names a claim of the credential as issued (all Disclosures applied), for example
 * {@code /credentialSubject/capability/0}. Choosing it discloses the claim itself if it is disclosable,
 * every disclosable container on the way to it (needed to place it), and every disclosable claim
 * inside it. Claims that are always visible need no choosing. Thread-safe.
 */
public final class SdJwtHolder {
    private final Clock clock;

    /** A holder on the system clock. */
    public SdJwtHolder() {
        this(Clock.systemUTC());
    }

    /**
     * A holder on {@code clock}.
     *
     * @param clock dates the KB-JWT's {@code iat}; not null
     */
    public SdJwtHolder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An SD-JWT as the holder sees it: the full claims and which pointers in them are disclosable.
     *
     * @param claims      every claim with all Disclosures applied (JWT claims such as {@code iss}, {@code cnf} included)
     * @param disclosable for each selectively disclosable claim, its JSON Pointer into {@code claims} and its value,
     *                    in the order of the Disclosures; copied and unmodifiable
     */
    public record Decoded(JsonObject claims, Map<String, JsonValue> disclosable) {
        /**
         * Copies {@code disclosable}.
         *
         * @param claims      the full claims; not null
         * @param disclosable the disclosable pointers and values
         */
        public Decoded {
            Objects.requireNonNull(claims, "claims");
            disclosable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(disclosable));
        }
    }

    /**
     * Decodes an issued SD-JWT (without key binding) with all its Disclosures: the full claims (JWT claims
     * such as {@code iss}, {@code iat}, {@code cnf} included) and, for each selectively disclosable claim,
     * its pointer and value. The issuer's signature is not checked here; verify with the verifier.
     *
     * @param sdJwt the issued SD-JWT, {@code <jwt>~<disclosure>~...~}
     * @return the claims and the disclosable pointers
     * @throws JoseException if the SD-JWT is malformed, carries a KB-JWT, or its Disclosures do not match
     */
    public static Decoded decode(String sdJwt) throws JoseException {
        Parsed p = parse(sdJwt);
        Map<String, JsonValue> out = new LinkedHashMap<>();
        p.revealed.disclosedAt().forEach((ptr, d) -> out.put(ptr, d.value()));
        return new Decoded(p.revealed.claims(), out);
    }

    /**
     * The SD-JWT with only the Disclosures needed for {@code disclose}, and a KB-JWT signed by the holder
     * for {@code nonce} and {@code audience} (the verifier's challenge and domain). The credential must
     * carry a {@code cnf.jwk} of the holder signer's key type.
     *
     * @param sdJwt    the issued SD-JWT (without key binding)
     * @param disclose JSON Pointers of the claims to reveal (as {@link #decode} lists them, or a container of
     *                 some); an empty list reveals none
     * @param nonce    the verifier's challenge, the KB-JWT's {@code nonce}
     * @param audience the verifier's domain, the KB-JWT's {@code aud}
     * @param holder   signs the KB-JWT with the key in the credential's {@code cnf.jwk}
     * @return {@code <jwt>~<chosen disclosures>~<kb-jwt>}
     * @throws JoseException MALFORMED_VALUE_ERROR (pointer names no claim, no cnf, key type mismatch) or as
     *     {@link #decode}
     */
    public String present(String sdJwt, List<String> disclose, String nonce, String audience, Signer holder) throws JoseException {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(holder, "holder");
        Parsed p = parse(sdJwt);
        PublicKeyValue bound = KeyBinding.holderKey(p.payload);
        if (bound.type() != holder.keyType()) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential is bound to a " + bound.type().curve()
                    + " key (cnf) but the holder signer has a " + holder.keyType().curve() + " key", "/cnf/jwk");
        }
        SdJwt selected = select(p, disclose);
        return selected.withKeyBinding(KeyBinding.sign(selected, nonce, audience, clock.instant(), holder)).serialize();
    }

    /**
     * The SD-JWT with only the Disclosures needed for {@code disclose}, without key binding (for credentials
     * with no {@code cnf}, or verifiers that do not ask for it).
     *
     * @param sdJwt    the issued SD-JWT
     * @param disclose JSON Pointers of the claims to reveal
     * @return {@code <jwt>~<chosen disclosures>~}
     * @throws JoseException MALFORMED_VALUE_ERROR (a pointer that names no claim), or as {@link #decode}
     */
    public String presentWithoutKeyBinding(String sdJwt, List<String> disclose) throws JoseException {
        return select(parse(sdJwt), disclose).serialize();
    }

    private static SdJwt select(Parsed p, List<String> disclose) throws JoseException {
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : Objects.requireNonNull(disclose, "disclose")) {
            Optional<List<String>> tokens = JsonPointers.tokens(Objects.requireNonNull(raw, "pointer"));
            if (tokens.isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "'" + raw + "' is not a JSON Pointer: it must start with '/'");
            }
            String ptr = JsonPointers.of(tokens.get().toArray(new String[0]));
            if (JsonPointers.get(p.revealed.claims(), ptr).isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential has no claim at " + ptr, ptr);
            }
            for (String at : p.revealed.disclosedAt().keySet()) {
                if (at.equals(ptr) || ptr.startsWith(at + "/") || at.startsWith(ptr + "/") || ptr.isEmpty()) {
                    chosen.add(at);
                }
            }
        }
        List<String> keep = new ArrayList<>();
        Set<String> digests = new LinkedHashSet<>();
        for (String at : chosen) {
            digests.add(p.revealed.disclosedAt().get(at).digest());
        }
        for (Disclosure d : p.disclosures) {
            if (digests.contains(d.digest())) {
                keep.add(d.encoded());
            }
        }
        return SdJwt.of(p.sdJwt.issuerSignedJwt(), keep);
    }

    private static final class Parsed {
        SdJwt sdJwt;
        JsonObject payload;
        List<Disclosure> disclosures;
        SelectiveDisclosure.Revealed revealed;
    }

    private static Parsed parse(String text) throws JoseException {
        Objects.requireNonNull(text, "sdJwt");
        String s = text.strip();
        if (s.length() > CompactJws.DEFAULT_MAX_CHARS) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "SD-JWT longer than " + CompactJws.DEFAULT_MAX_CHARS + " characters");
        }
        Parsed p = new Parsed();
        p.sdJwt = SdJwt.parse(s);
        if (p.sdJwt.keyBindingJwt().isPresent()) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR,
                    "this SD-JWT already carries a key binding JWT; present from the SD-JWT as issued");
        }
        p.payload = CompactJws.parse(p.sdJwt.issuerSignedJwt()).payloadObject(BoundedJson.Limits.DEFAULT);
        p.disclosures = new ArrayList<>();
        for (String d : p.sdJwt.disclosures()) {
            p.disclosures.add(Disclosure.parse(d));
        }
        p.revealed = SelectiveDisclosure.reveal(p.payload, p.disclosures);
        return p;
    }
}
