package dev.mandate.vc.proof;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.SignatureVerifier;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The VC Data Integrity 1.0 algorithms shared by every cryptosuite: add a proof (proof
 * configuration, transformation, hashing, signing, serialization) and verify one. Proof sets and
 * proof chains ({@code previousProof}) are supported. Key resolution is the caller's job: the
 * verification pipeline resolves the verification method and passes its {@link SignatureVerifier}.
 */
public final class DataIntegrity {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /** The Data Integrity context, which maps {@code DataIntegrityProof}, {@code cryptosuite} and the proof terms. */
    public static final String DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2";

    private static final String CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2";

    private DataIntegrity() {
    }

    /**
     * Adds a proof to {@code unsecured} (which may already carry proofs: the new one joins the proof
     * set, chained to {@link ProofOptions#previousProof()} if given). A {@code DataIntegrityProof}
     * suite appends the Data Integrity context when the document's contexts do not map its terms
     * (see {@link #withDataIntegrityContext}); a JCS suite copies the document's {@code @context}
     * into the proof (eddsa-jcs-2022 and ecdsa-jcs-2019, Create Proof step 2).
     *
     * @param unsecured the document without the new proof
     * @param options   suite, verification method, purpose, times, challenge and domain
     * @param signer    signs with the key of the verification method
     * @return the document with the new proof (appended to any existing ones)
     * @throws ProofException if the suite is unknown or not issuable, the key type does not fit the
     *                        suite, a chained proof is missing, or the transformation fails
     */
    public static JsonObject sign(JsonObject unsecured, ProofOptions options, Signer signer) throws ProofException {
        Cryptosuite suite = Cryptosuites.byName(options.cryptosuite())
                .orElseThrow(() -> new ProofException(ErrorType.PROOF_GENERATION_ERROR,
                        Cryptosuites.whyUnavailable(options.cryptosuite())));
        if (!suite.issuable()) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, suite.name() + " is supported for verification only");
        }
        if (!suite.keyTypes().contains(signer.keyType())) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, suite.name() + " cannot sign with a "
                    + signer.keyType().curve() + " key; it takes " + curves(suite.keyTypes()));
        }
        unsecured = withDataIntegrityContext(suite, unsecured);
        JsonObjectBuilder proof = JSON.createObjectBuilder();
        JsonValue docContext = unsecured.get("@context");
        if (isJcs(suite) && docContext != null) {
            // eddsa-jcs-2022 / ecdsa-jcs-2019 Create Proof step 2: proof.@context = unsecuredDocument.@context
            proof.add("@context", docContext);
        }
        proof.add("type", suite.proofType());
        options.id().ifPresent(v -> proof.add("id", v));
        if (suite.namedByCryptosuiteProperty()) {
            proof.add("cryptosuite", suite.name());
        }
        proof.add("created", format(options.created()));
        options.expires().ifPresent(v -> proof.add("expires", format(v)));
        proof.add("verificationMethod", options.verificationMethod());
        proof.add("proofPurpose", options.proofPurpose());
        options.challenge().ifPresent(v -> proof.add("challenge", v));
        options.domain().ifPresent(v -> proof.add("domain", v));
        if (options.previousProof().size() == 1) {
            proof.add("previousProof", options.previousProof().get(0));
        } else if (!options.previousProof().isEmpty()) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            options.previousProof().forEach(a::add);
            proof.add("previousProof", a);
        }
        JsonObject proofWithoutValue = proof.build();

        List<JsonObject> existing = proofs(unsecured);
        JsonObject toHash = documentForProof(unsecured, proofWithoutValue, existing, "");
        JsonObject proofConfig = isJcs(suite) ? proofWithoutValue : proofConfiguration(unsecured, proofWithoutValue);
        byte[] hashData = hashData(suite, signer.keyType(), toHash, proofConfig);
        String proofValue = Multibase.encode(Multibase.Base.BASE58BTC, signer.sign(hashData));
        JsonObject finished = JSON.createObjectBuilder(proofWithoutValue).add("proofValue", proofValue).build();

        JsonObjectBuilder out = JSON.createObjectBuilder(unsecured);
        if (existing.isEmpty()) {
            out.add("proof", finished);
        } else {
            JsonArrayBuilder all = JSON.createArrayBuilder();
            existing.forEach(all::add);
            all.add(finished);
            out.add("proof", all);
        }
        return out.build();
    }

    /**
     * Checks the shape of a proof before any key is resolved: type, cryptosuite known, proofPurpose,
     * verificationMethod, created/expires syntax, proofValue a base58btc multibase string.
     *
     * @param path JSON Pointer of the proof inside its document, for problem paths
     * @param proof the proof object
     * @return the problems found, empty when the shape is right
     */
    public static List<Problem> checkShape(JsonObject proof, String path) {
        List<Problem> problems = new ArrayList<>();
        Optional<String> type = string(proof, "type");
        if (type.isEmpty()) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof has no 'type' string", path + "/type"));
            return problems;
        }
        if (suiteOf(proof).isEmpty()) {
            String named = Cryptosuite.DATA_INTEGRITY_PROOF.equals(type.get()) ? string(proof, "cryptosuite").orElse("(missing)") : type.get();
            String name = Cryptosuite.DATA_INTEGRITY_PROOF.equals(type.get()) ? "cryptosuite '" + named + "'" : "proof type '" + type.get() + "'";
            String detail = Cryptosuites.PROVIDED_ELSEWHERE.containsKey(named) ? Cryptosuites.whyUnavailable(named)
                    : "unsupported " + name + "; supported: " + Cryptosuites.names();
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, detail,
                    path + (Cryptosuite.DATA_INTEGRITY_PROOF.equals(type.get()) ? "/cryptosuite" : "/type")));
        }
        for (String member : List.of("verificationMethod", "proofPurpose")) {
            if (string(proof, member).isEmpty()) {
                problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof has no '" + member + "' string", path + "/" + member));
            }
        }
        for (String member : List.of("created", "expires")) {
            JsonValue v = proof.get(member);
            if (v != null && !(v instanceof JsonString s && DateTimeStamp.isValid(s.getString()))) {
                problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "proof '" + member
                        + "' is not an XML Schema dateTimeStamp", path + "/" + member));
            }
        }
        JsonValue pv = proof.get("proofValue");
        if (!(pv instanceof JsonString s)) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof has no 'proofValue' string", path + "/proofValue"));
        } else if (!s.getString().startsWith("z")) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR,
                    "proofValue must be multibase base58btc (start with 'z')", path + "/proofValue"));
        }
        return problems;
    }

    /**
     * Verifies one proof of {@code secured} with the given key. {@link #checkShape} should have
     * passed first. Returns the problems found; empty means the signature is valid.
     *
     * @param path JSON Pointer of the proof, for problem paths
     * @param secured the secured document
     * @param proof   one of its proofs
     * @param key     the resolved verification method's key
     * @return the problems found, empty when the signature is valid
     */
    public static List<Problem> verifyProof(JsonObject secured, JsonObject proof, String path, SignatureVerifier key) {
        Optional<Cryptosuite> found = suiteOf(proof);
        if (found.isEmpty()) {
            return List.of(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "unsupported cryptosuite", path));
        }
        Cryptosuite suite = found.get();
        if (!suite.keyTypes().contains(key.keyType())) {
            return List.of(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, suite.name() + " does not take a "
                    + key.keyType().curve() + " key", path + "/verificationMethod"));
        }
        byte[] signature;
        try {
            signature = Multibase.decode(string(proof, "proofValue").orElse(""), Multibase.Base.BASE58BTC, 512);
        } catch (DecodingException e) {
            return List.of(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proofValue is not valid base58btc", path + "/proofValue"));
        }
        if (signature.length != key.keyType().signatureLength()) {
            return List.of(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "signature is " + signature.length
                    + " bytes; " + suite.name() + " with " + key.keyType().curve() + " needs "
                    + key.keyType().signatureLength(), path + "/proofValue"));
        }
        JsonObjectBuilder config = JSON.createObjectBuilder(proof);
        config.remove("proofValue");
        JsonObject proofWithoutValue = config.build();
        try {
            List<JsonObject> all = proofs(secured);
            JsonObject unsecured = JSON.createObjectBuilder(secured).remove("proof").build();
            JsonObject toHash = documentForProof(unsecured, proofWithoutValue, all, path);
            List<JsonObject> configs = proofConfigurations(suite, secured, proofWithoutValue, path);
            for (JsonObject proofConfig : configs) {
                if (key.verify(hashData(suite, key.keyType(), toHash, proofConfig), signature)) {
                    return List.of();
                }
            }
            Optional<Transformation> earlier = suite.transformation().earlierFor(key.keyType());
            if (earlier.isPresent()) {
                for (JsonObject proofConfig : configs) {
                    if (key.verify(hashData(earlier.get(), suite.digestAlgorithm(key.keyType()), toHash, proofConfig), signature)) {
                        return List.of();
                    }
                }
            }
            return List.of(new Problem(ErrorType.PROOF_VERIFICATION_ERROR,
                    "signature does not match the document (tampered, or signed by another key)", path + "/proofValue"));
        } catch (ProofException e) {
            return List.of(e.toProblem());
        }
    }

    /**
     * VC Data Integrity 1.0, section 2.4 (Contexts and Vocabularies): when a document with an
     * {@code @context} is secured and its contexts do not map the Data Integrity terms, the
     * {@code https://w3id.org/security/data-integrity/v2} context SHOULD be appended. The
     * {@code credentials/v2} context maps them; {@code credentials/v1} does not (so a VCDM 1.1
     * credential gets the context appended). A document without {@code @context} is not JSON-LD and
     * is left alone, as is a legacy proof type that names its own context, and so is a document that
     * already has proofs (changing its {@code @context} would break them).
     */
    static JsonObject withDataIntegrityContext(Cryptosuite suite, JsonObject unsecured) {
        JsonValue context = unsecured.get("@context");
        if (!suite.namedByCryptosuiteProperty() || context == null || unsecured.containsKey("proof")) {
            return unsecured;
        }
        List<JsonValue> entries = asList(context);
        for (JsonValue e : entries) {
            if (e instanceof JsonString s && (s.getString().equals(DATA_INTEGRITY_V2) || s.getString().equals(CREDENTIALS_V2))) {
                return unsecured;
            }
        }
        JsonArrayBuilder appended = JSON.createArrayBuilder();
        entries.forEach(appended::add);
        appended.add(DATA_INTEGRITY_V2);
        return JSON.createObjectBuilder(unsecured).add("@context", appended).build();
    }

    /** True for the JCS suites, whose proof carries the document's {@code @context} itself. */
    private static boolean isJcs(Cryptosuite suite) {
        return suite.transformation() == JcsCryptosuites.JCS;
    }

    /**
     * The proof configurations a proof may have been signed over, in the order to try them.
     *
     * <p>JCS suites (eddsa-jcs-2022 and ecdsa-jcs-2019 Verify Proof step 4): when the proof has an
     * {@code @context}, the document's {@code @context} must start with it. The specs then hash the
     * document with the proof's {@code @context} in place of its own, so contexts appended after
     * signing would verify while being covered by no signature; Mandate reads the document as
     * its verified view, so it refuses a document whose {@code @context} differs from the proof's in
     * any way. A JCS proof without {@code @context} is checked against the proof options as they are
     * (the specs' proof configuration) and, for proofs made by Mandate before it set
     * {@code proof.@context}, against the options with the document's {@code @context} added. Both
     * hash the whole document, {@code @context} included, so neither lets anything unsigned in.
     *
     * <p>RDFC and legacy suites: the proof options with the document's {@code @context}.
     */
    private static List<JsonObject> proofConfigurations(Cryptosuite suite, JsonObject document, JsonObject proofWithoutValue,
                                                        String path) throws ProofException {
        if (!isJcs(suite)) {
            return List.of(proofConfiguration(document, proofWithoutValue));
        }
        JsonValue docContext = document.get("@context");
        JsonValue proofContext = proofWithoutValue.get("@context");
        if (proofContext != null) {
            if (docContext == null || !startsWith(docContext, proofContext)) {
                throw new ProofException(ErrorType.PROOF_VERIFICATION_ERROR,
                        "the document's @context does not start with the proof's @context (" + suite.name()
                                + " Verify Proof step 4); the document was changed after signing", path + "/@context");
            }
            if (!asList(docContext).equals(asList(proofContext))) {
                throw new ProofException(ErrorType.PROOF_VERIFICATION_ERROR,
                        "the document's @context has entries after the proof's @context, which this " + suite.name()
                                + " proof does not cover; sign the document with its whole @context", path + "/@context");
            }
            return List.of(proofWithoutValue);
        }
        if (docContext == null) {
            return List.of(proofWithoutValue);
        }
        return List.of(proofWithoutValue, JSON.createObjectBuilder(proofWithoutValue).add("@context", docContext).build());
    }

    private static List<JsonValue> asList(JsonValue context) {
        return context instanceof JsonArray a ? a : List.of(context);
    }

    /**
     * {@return the suite a proof names (by {@code cryptosuite} for DataIntegrityProof, else by {@code type})}
     *
     * @param proof the proof object
     */
    public static Optional<Cryptosuite> suiteOf(JsonObject proof) {
        Optional<String> type = string(proof, "type");
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (Cryptosuite.DATA_INTEGRITY_PROOF.equals(type.get())) {
            return string(proof, "cryptosuite").flatMap(Cryptosuites::byName).filter(Cryptosuite::namedByCryptosuiteProperty);
        }
        return Cryptosuites.byName(type.get()).filter(s -> !s.namedByCryptosuiteProperty());
    }

    /**
     * {@return the proofs of a document as a list (an object becomes a one-element list)}
     *
     * @param document the secured document
     */
    public static List<JsonObject> proofs(JsonObject document) {
        JsonValue p = document.get("proof");
        List<JsonObject> out = new ArrayList<>();
        if (p instanceof JsonObject o) {
            out.add(o);
        } else if (p instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** hashData = H(canonical proof configuration) || H(canonical document), H by suite and key type. */
    static byte[] hashData(Cryptosuite suite, KeyType keyType, JsonObject document, JsonObject proofConfig) throws ProofException {
        Transformation t = suite.transformation();
        String algorithm = suite.digestAlgorithm(keyType);
        byte[] proofHash = digest(algorithm, t.canonicalize(proofConfig, keyType));
        byte[] docHash = digest(algorithm, t.canonicalize(document, keyType));
        return concat(proofHash, docHash);
    }

    private static byte[] hashData(Transformation t, String algorithm, JsonObject document, JsonObject proofConfig) throws ProofException {
        return concat(digest(algorithm, t.canonicalize(proofConfig)), digest(algorithm, t.canonicalize(document)));
    }

    private static byte[] concat(byte[] proofHash, byte[] docHash) {
        byte[] out = new byte[proofHash.length + docHash.length];
        System.arraycopy(proofHash, 0, out, 0, proofHash.length);
        System.arraycopy(docHash, 0, out, proofHash.length, docHash.length);
        return out;
    }

    /** The proof configuration: the proof without proofValue, with the document's {@code @context}. */
    static JsonObject proofConfiguration(JsonObject document, JsonObject proofWithoutValue) throws ProofException {
        JsonValue docContext = document.get("@context");
        JsonValue proofContext = proofWithoutValue.get("@context");
        if (proofContext != null) {
            if (docContext == null || !startsWith(docContext, proofContext)) {
                throw new ProofException(ErrorType.PROOF_VERIFICATION_ERROR,
                        "the proof's @context is not a prefix of the document's @context", "/proof/@context");
            }
            return proofWithoutValue;
        }
        if (docContext == null) {
            return proofWithoutValue;
        }
        return JSON.createObjectBuilder(proofWithoutValue).add("@context", docContext).build();
    }

    /**
     * The document a proof signs: the unsecured document, plus for a chained proof the proofs its
     * {@code previousProof} names (as a list under {@code proof}).
     */
    private static JsonObject documentForProof(JsonObject unsecured, JsonObject proof, List<JsonObject> all, String path)
            throws ProofException {
        JsonValue prev = proof.get("previousProof");
        JsonObject base = unsecured.containsKey("proof") ? JSON.createObjectBuilder(unsecured).remove("proof").build() : unsecured;
        if (prev == null) {
            return base;
        }
        Set<String> wanted = new HashSet<>();
        if (prev instanceof JsonString s) {
            wanted.add(s.getString());
        } else if (prev instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (!(v instanceof JsonString s)) {
                    throw new ProofException(ErrorType.MALFORMED_VALUE_ERROR, "previousProof must hold strings", path + "/previousProof");
                }
                wanted.add(s.getString());
            }
        } else {
            throw new ProofException(ErrorType.MALFORMED_VALUE_ERROR, "previousProof must be a string or a list of strings", path + "/previousProof");
        }
        JsonArrayBuilder matching = JSON.createArrayBuilder();
        Set<String> seen = new HashSet<>();
        for (JsonObject p : all) {
            Optional<String> id = string(p, "id");
            if (id.isPresent() && wanted.contains(id.get())) {
                matching.add(p);
                seen.add(id.get());
            }
        }
        if (!seen.containsAll(wanted)) {
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(seen);
            throw new ProofException(ErrorType.PROOF_VERIFICATION_ERROR, "previousProof names proofs that are not present: " + missing,
                    path + "/previousProof");
        }
        return JSON.createObjectBuilder(base).add("proof", matching).build();
    }

    private static boolean startsWith(JsonValue docContext, JsonValue prefix) {
        List<JsonValue> d = asList(docContext);
        List<JsonValue> p = asList(prefix);
        if (p.size() > d.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            if (!p.get(i).equals(d.get(i))) {
                return false;
            }
        }
        return true;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    static Optional<String> string(JsonObject o, String member) {
        JsonValue v = o.get(member);
        return v instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    /**
     * Formats an instant as an XML Schema dateTimeStamp in UTC, whole seconds.
     *
     * @param t the instant
     * @return e.g. {@code 2026-03-01T08:00:00Z}
     */
    public static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String curves(Set<KeyType> types) {
        List<String> names = new ArrayList<>();
        for (KeyType t : KeyType.values()) {
            if (types.contains(t)) {
                names.add(t.curve());
            }
        }
        return String.join(", ", names);
    }
}
