package dev.mandate.vc.jose;

import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SD-JWT payload transformations of RFC 9901: {@link #conceal} turns a claims set into an SD-JWT
 * payload plus Disclosures (issuer side, claims chosen by JSON Pointer, nested claims and array
 * elements included, recursive when both a container and claims inside it are chosen), and
 * {@link #reveal} checks Disclosures against a payload and rebuilds the disclosed claims (holder and
 * verifier side, RFC 9901 §7.1 step 3 to 5). Neither throws an unchecked exception for bad input.
 */
public final class SelectiveDisclosure {
    /** Bound on nesting while revealing (Disclosures may nest inside Disclosures). */
    public static final int MAX_DEPTH = 128;

    private SelectiveDisclosure() {
    }

    /**
     * An SD-JWT payload and the Disclosures that go with it.
     *
     * @param payload     the payload to sign: chosen claims replaced by digests, {@code _sd_alg} set
     * @param disclosures every Disclosure, inner ones before the containers that reference them
     * @param byPointer   for each chosen JSON Pointer (into the original claims), its Disclosure
     */
    public record Concealed(JsonObject payload, List<Disclosure> disclosures, Map<String, Disclosure> byPointer) {
        /**
         * Copies the Disclosures.
         *
         * @param payload     the payload to sign: chosen claims replaced by digests, {@code _sd_alg} set
         * @param disclosures every Disclosure, inner ones before the containers that reference them
         * @param byPointer   for each chosen JSON Pointer (into the original claims), its Disclosure
         */
        public Concealed {
            Objects.requireNonNull(payload, "payload");
            disclosures = List.copyOf(disclosures);
            byPointer = Collections.unmodifiableMap(new LinkedHashMap<>(byPointer));
        }
    }

    /**
     * Claims after checking Disclosures.
     *
     * @param claims      the processed payload: disclosed claims inserted, {@code _sd}, {@code _sd_alg} and
     *                    undisclosed array elements removed
     * @param disclosedAt for each Disclosure used, the JSON Pointer of the claim it revealed in {@code claims}
     */
    public record Revealed(JsonObject claims, Map<String, Disclosure> disclosedAt) {
        /**
         * Copies the map.
         *
         * @param claims      the processed payload, disclosed claims inserted
         * @param disclosedAt for each Disclosure used, the JSON Pointer of the claim it revealed in {@code claims}
         */
        public Revealed {
            Objects.requireNonNull(claims, "claims");
            disclosedAt = Collections.unmodifiableMap(new LinkedHashMap<>(disclosedAt));
        }
    }

    /**
     * Makes the claims at {@code pointers} selectively disclosable. A pointer to an object member
     * becomes a {@code [salt, name, value]} Disclosure referenced from that object's {@code _sd}; a pointer
     * to an array element becomes a {@code [salt, value]} Disclosure referenced by {@code {"...": digest}}
     * in place. Digests in each {@code _sd} array are sorted (hiding the original order) after adding
     * {@code decoysPerObject} decoy digests.
     *
     * @param claims          the claims to secure
     * @param pointers        JSON Pointers of the claims to make disclosable
     * @param decoysPerObject decoy digests added to each {@code _sd} array
     * @return the payload to sign and its Disclosures
     * @throws JoseException MALFORMED_VALUE_ERROR if a pointer is malformed, is the root, names no claim,
     *     or the claims already use the reserved names {@code _sd}, {@code ...} or {@code _sd_alg}
     */
    public static Concealed conceal(JsonObject claims, Collection<String> pointers, int decoysPerObject) throws JoseException {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(pointers, "pointers");
        if (decoysPerObject < 0 || decoysPerObject > 64) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "decoy digests per object must be 0..64, not " + decoysPerObject);
        }
        if (claims.containsKey("_sd_alg")) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "claims already contain '_sd_alg'", "/_sd_alg");
        }
        checkReserved(claims, "", 0);
        Set<String> targets = new LinkedHashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (String p : pointers) {
            Optional<List<String>> tokens = JsonPointers.tokens(Objects.requireNonNull(p, "pointer"));
            if (tokens.isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "'" + JoseAlgorithms.shorten(p)
                        + "' is not a JSON Pointer (RFC 6901): it must start with '/'");
            }
            if (tokens.get().isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the whole credential cannot be selectively disclosable; name a claim inside it");
            }
            String normal = JsonPointers.of(tokens.get().toArray(new String[0]));
            if (JsonPointers.get(claims, normal).isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "no claim at " + normal + " to make selectively disclosable", normal);
            }
            targets.add(normal);
            StringBuilder prefix = new StringBuilder();
            prefixes.add("");
            List<String> t = tokens.get();
            for (int i = 0; i < t.size() - 1; i++) {
                prefix.append('/').append(JsonPointers.escape(t.get(i)));
                prefixes.add(prefix.toString());
            }
        }
        ConcealContext ctx = new ConcealContext(targets, prefixes, decoysPerObject);
        JsonObject body = (JsonObject) conceal(claims, "", ctx);
        JsonObjectBuilder b = Disclosure.JSON.createObjectBuilder(body).add("_sd_alg", Disclosure.SHA_256);
        return new Concealed(b.build(), ctx.out, ctx.byPointer);
    }

    private static final class ConcealContext {
        final Set<String> targets;
        final Set<String> prefixes;
        final int decoys;
        final List<Disclosure> out = new ArrayList<>();
        final Map<String, Disclosure> byPointer = new LinkedHashMap<>();

        ConcealContext(Set<String> targets, Set<String> prefixes, int decoys) {
            this.targets = targets;
            this.prefixes = prefixes;
            this.decoys = decoys;
        }
    }

    private static JsonValue conceal(JsonValue v, String ptr, ConcealContext ctx) {
        if (!ctx.prefixes.contains(ptr)) {
            return v;
        }
        if (v instanceof JsonObject) {
            JsonObjectBuilder b = Disclosure.JSON.createObjectBuilder();
            List<String> sd = new ArrayList<>();
            for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                String child = JsonPointers.child(ptr, e.getKey());
                JsonValue cv = conceal(e.getValue(), child, ctx);
                if (ctx.targets.contains(child)) {
                    Disclosure d = Disclosure.forProperty(Disclosure.newSalt(), e.getKey(), cv);
                    ctx.out.add(d);
                    ctx.byPointer.put(child, d);
                    sd.add(d.digest());
                } else {
                    b.add(e.getKey(), cv);
                }
            }
            if (!sd.isEmpty()) {
                for (int i = 0; i < ctx.decoys; i++) {
                    sd.add(Disclosure.decoyDigest());
                }
                Collections.sort(sd);
                JsonArrayBuilder a = Disclosure.JSON.createArrayBuilder();
                sd.forEach(a::add);
                b.add("_sd", a);
            }
            return b.build();
        }
        if (v instanceof JsonArray) {
            JsonArrayBuilder a = Disclosure.JSON.createArrayBuilder();
            JsonArray arr = (JsonArray) v;
            for (int i = 0; i < arr.size(); i++) {
                String child = JsonPointers.index(ptr, i);
                JsonValue cv = conceal(arr.get(i), child, ctx);
                if (ctx.targets.contains(child)) {
                    Disclosure d = Disclosure.forArrayElement(Disclosure.newSalt(), cv);
                    ctx.out.add(d);
                    ctx.byPointer.put(child, d);
                    a.add(Disclosure.JSON.createObjectBuilder().add("...", d.digest()));
                } else {
                    a.add(cv);
                }
            }
            return a.build();
        }
        return v;
    }

    private static void checkReserved(JsonValue v, String ptr, int depth) throws JoseException {
        if (depth > MAX_DEPTH) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "claims nested deeper than " + MAX_DEPTH + " levels", ptr);
        }
        if (v instanceof JsonObject) {
            for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                String k = e.getKey();
                if (k.equals("_sd") || k.equals("...") || (depth > 0 && k.equals("_sd_alg"))) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "claims use the SD-JWT reserved name '" + k + "'",
                            JsonPointers.child(ptr, k));
                }
                checkReserved(e.getValue(), JsonPointers.child(ptr, k), depth + 1);
            }
        } else if (v instanceof JsonArray) {
            JsonArray a = (JsonArray) v;
            for (int i = 0; i < a.size(); i++) {
                checkReserved(a.get(i), JsonPointers.index(ptr, i), depth + 1);
            }
        }
    }

    /**
     * Checks {@code disclosures} against an Issuer-signed JWT payload (whose signature the caller has
     * verified) and rebuilds the disclosed claims. Refuses an {@code _sd_alg} other than
     * {@code sha-256}, a digest that appears twice, a Disclosure given twice, a Disclosure of the wrong
     * shape for where its digest sits, a disclosed claim name that already exists, and any Disclosure
     * that no digest references.
     *
     * @param payload     the issuer-signed payload
     * @param disclosures the Disclosures presented
     * @return the claims with the Disclosures applied, and where each was applied
     * @throws JoseException CRYPTOGRAPHIC_SECURITY_ERROR (unsupported {@code _sd_alg}; a Disclosure not
     *     referenced by the signed payload, i.e. altered or foreign), MALFORMED_VALUE_ERROR (the other
     *     violations), LIMIT_EXCEEDED_ERROR (nesting deeper than {@link #MAX_DEPTH})
     */
    public static Revealed reveal(JsonObject payload, List<Disclosure> disclosures) throws JoseException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(disclosures, "disclosures");
        JsonValue alg = payload.get("_sd_alg");
        if (alg != null && !(alg instanceof JsonString && Disclosure.SHA_256.equals(((JsonString) alg).getString()))) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "_sd_alg " + JoseAlgorithms.shorten(String.valueOf(alg))
                    + " is not supported (supported: sha-256)", "/_sd_alg");
        }
        RevealContext ctx = new RevealContext(disclosures.size());
        for (int i = 0; i < disclosures.size(); i++) {
            Disclosure d = disclosures.get(i);
            if (ctx.byDigest.put(d.digest(), d) != null) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosure " + (i + 1) + " (" + describe(d)
                        + ") is given more than once");
            }
        }
        JsonObject claims = revealObject(payload, "", 0, ctx);
        if (ctx.used.size() != disclosures.size()) {
            for (int i = 0; i < disclosures.size(); i++) {
                Disclosure d = disclosures.get(i);
                if (!ctx.used.contains(d.digest())) {
                    throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "disclosure " + (i + 1) + " (" + describe(d)
                            + ") is not referenced by the issuer-signed JWT: it was altered or does not belong to this credential");
                }
            }
        }
        return new Revealed(claims, ctx.disclosedAt);
    }

    private static String describe(Disclosure d) {
        return d.claimName().map(n -> "claim '" + JoseAlgorithms.shorten(n) + "'").orElse("array element");
    }

    private static final class RevealContext {
        final Map<String, Disclosure> byDigest;
        final Set<String> seen = new HashSet<>();
        final Set<String> used = new HashSet<>();
        final Map<String, Disclosure> disclosedAt = new LinkedHashMap<>();

        RevealContext(int n) {
            byDigest = new HashMap<>(Math.max(4, n * 2));
        }
    }

    private static JsonValue revealValue(JsonValue v, String ptr, int depth, RevealContext ctx) throws JoseException {
        if (v instanceof JsonObject) {
            return revealObject((JsonObject) v, ptr, depth, ctx);
        }
        if (v instanceof JsonArray) {
            return revealArray((JsonArray) v, ptr, depth, ctx);
        }
        return v;
    }

    private static JsonObject revealObject(JsonObject o, String ptr, int depth, RevealContext ctx) throws JoseException {
        if (depth > MAX_DEPTH) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "SD-JWT claims nested deeper than " + MAX_DEPTH + " levels", ptr);
        }
        JsonObjectBuilder b = Disclosure.JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            String k = e.getKey();
            if (k.equals("_sd")) {
                continue;
            }
            if (k.equals("_sd_alg")) {
                if (depth == 0) {
                    continue;
                }
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "_sd_alg is only allowed at the top level of the payload",
                        JsonPointers.child(ptr, k));
            }
            if (k.equals("...")) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the key '...' is only allowed in an array element digest",
                        JsonPointers.child(ptr, k));
            }
            b.add(k, revealValue(e.getValue(), JsonPointers.child(ptr, k), depth + 1, ctx));
        }
        JsonValue sd = o.get("_sd");
        if (sd != null) {
            if (!(sd instanceof JsonArray)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "_sd is not an array of digests", JsonPointers.child(ptr, "_sd"));
            }
            Set<String> inserted = null;
            for (JsonValue dv : (JsonArray) sd) {
                if (!(dv instanceof JsonString)) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "_sd contains a value that is not a digest string",
                            JsonPointers.child(ptr, "_sd"));
                }
                String digest = ((JsonString) dv).getString();
                if (!ctx.seen.add(digest)) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "digest " + JoseAlgorithms.shorten(digest)
                            + " appears more than once in the SD-JWT", JsonPointers.child(ptr, "_sd"));
                }
                Disclosure d = ctx.byDigest.get(digest);
                if (d == null) {
                    continue; // not disclosed, or a decoy
                }
                if (d.isArrayElement()) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR,
                            "an array-element disclosure is referenced from an object's _sd", JsonPointers.child(ptr, "_sd"));
                }
                String name = d.claimName().orElseThrow();
                if (inserted == null) {
                    inserted = new HashSet<>();
                }
                String child = JsonPointers.child(ptr, name);
                if (o.containsKey(name) || !inserted.add(name)) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "disclosed claim '" + JoseAlgorithms.shorten(name)
                            + "' already exists in the same object", child);
                }
                ctx.used.add(digest);
                b.add(name, revealValue(d.value(), child, depth + 1, ctx));
                ctx.disclosedAt.put(child, d);
            }
        }
        return b.build();
    }

    private static JsonArray revealArray(JsonArray a, String ptr, int depth, RevealContext ctx) throws JoseException {
        if (depth > MAX_DEPTH) {
            throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "SD-JWT claims nested deeper than " + MAX_DEPTH + " levels", ptr);
        }
        JsonArrayBuilder b = Disclosure.JSON.createArrayBuilder();
        int out = 0;
        for (JsonValue e : a) {
            if (e instanceof JsonObject && ((JsonObject) e).size() == 1 && ((JsonObject) e).get("...") instanceof JsonString) {
                String digest = ((JsonObject) e).getString("...");
                if (!ctx.seen.add(digest)) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "digest " + JoseAlgorithms.shorten(digest)
                            + " appears more than once in the SD-JWT", JsonPointers.index(ptr, out));
                }
                Disclosure d = ctx.byDigest.get(digest);
                if (d == null) {
                    continue; // an undisclosed element is removed
                }
                if (!d.isArrayElement()) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR,
                            "an object-property disclosure is referenced from an array element", JsonPointers.index(ptr, out));
                }
                ctx.used.add(digest);
                String child = JsonPointers.index(ptr, out);
                b.add(revealValue(d.value(), child, depth + 1, ctx));
                ctx.disclosedAt.put(child, d);
            } else {
                b.add(revealValue(e, JsonPointers.index(ptr, out), depth + 1, ctx));
            }
            out++;
        }
        return b.build();
    }
}
