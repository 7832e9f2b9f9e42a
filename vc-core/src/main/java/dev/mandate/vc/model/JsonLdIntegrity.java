package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses credential and presentation JSON whose members might not mean what its signed ProtectedVocabulary.RDF graph says.
 *
 * <h2>Why</h2>
 * An ProtectedVocabulary.RDF Data Integrity proof (e.g. {@code eddsa-rdfc-2022}) signs the canonical ProtectedVocabulary.RDF graph, not the JSON.
 * Many JSON texts denote the same graph, and a verifier that reads JSON members ({@code validUntil},
 * {@code credentialStatus}, {@code issuer}, {@code proof.expires}...) can be shown a text where the member it
 * looks for is gone while the graph, and so the proof, is unchanged: an inline {@code @context} aliasing
 * {@code "vu"} to {@code https://www.w3.org/2018/credentials#validUntil}, the member written as that IRI or
 * as {@code cred:validUntil}, a keyword such as {@code @nest} or {@code @graph} moving it, or the value
 * wrapped in an array or a value object. The expired credential then verifies, the status check is skipped.
 * This class finds every such form statically, on the JSON alone (no JSON-LD processing, so that
 * {@code vc-core} needs no JSON-LD processor), and reports it as a problem; contexts that only add new
 * terms ({@code {"@vocab": "https://example.org/#"}}, {@code {"Foo": "https://example.org/Foo"}}) pass.
 *
 * <h2>The rule</h2>
 * <b>Protected IRIs</b> are those in the namespaces {@code https://www.w3.org/2018/credentials#},
 * {@code https://www.w3.org/ns/credentials/} (VC 2.0 and Bitstring Status List terms), {@code
 * https://w3id.org/security#}, {@code https://w3id.org/vc/status-list#} and Mandate's
 * {@code https://mandate.dev/ns/agent#}, plus {@code rdf:type} (a term onto it is a {@code type} alias) and
 * {@code http://purl.org/dc/terms/created} (what {@code proof.created} means). Three namespaces under
 * {@code https://www.w3.org/ns/credentials/} are not protected: {@code issuer-dependent#},
 * {@code undefined-term#} and {@code examples#}, the {@code @vocab} of the VC 2.0, undefined-terms and
 * examples contexts. No member the verifier reads maps there, so a term onto them hides nothing that an
 * application term onto {@code https://example.org/} would not.
 * <p><b>Protected terms</b> are the terms (top-level and scoped) that the bundled contexts of module
 * {@code vc-jsonld} define: credentials v1/v2, data-integrity v1/v2, Bitstring Status List, Status List
 * 2021, security v1/v2, multikey, JWK, ProtectedVocabulary.DID v1, Ed25519 2018/2020 and Mandate's agent context. They are
 * hard-coded here (see {@link #protectedTerms()}) because {@code vc-core} cannot read those files.
 * <ol>
 * <li><b>Inline contexts.</b> Every {@code @context} at any depth (top level, nested node objects, scoped
 * contexts in term definitions) is looked at; remote context URLs are not this rule's business. In each
 * inline context object:
 * <ul>
 * <li>{@code @base} and {@code @import} are refused, and so is any keyword other than {@code @version},
 * {@code @vocab}, {@code @language}, {@code @direction}, {@code @protected}, {@code @propagate} and the
 * JSON-LD 1.1 keyword definition {@code "@type": {"@container": "@set", "@protected": true}};</li>
 * <li>a {@code @vocab} that is relative, a protected IRI, or a proper prefix of a protected namespace
 * (or of a protected IRI other than by the term's own name) is refused;</li>
 * <li>a keyword alias is refused: a term whose value, or whose {@code @id}, is a keyword
 * ({@code "who": "@id"}, {@code "kind": {"@id": "@type"}}, {@code "wrap": "@nest"}) or a term that maps to
 * a keyword ({@code "who": "id"});</li>
 * <li>a definition with {@code @reverse} is refused;</li>
 * <li>a definition of a protected term is a protected term redefinition and is refused ({@code id} and
 * {@code type} included), except a <em>restatement</em>: a plain mapping ({@code "T": "iri"} or
 * {@code "T": {"@id": "iri"}}) of the term's own name to its own bundled IRI, when no other bundled term
 * maps to that IRI. A restatement introduces no new name for anything, so it can hide nothing (the W3C
 * data model suite's {@code credential-proof-ok.json} restates {@code Ed25519Signature2020} this way);</li>
 * <li>any other term whose IRI mapping is a protected IRI is an alias and is refused. The IRI mapping is
 * the value or {@code @id}, else the term itself when it is an IRI; compact IRIs are expanded with every
 * prefix any inline context of the document defines (scoping is ignored, which can only find more) and
 * with {@code cred}, {@code sec}, {@code dc}, {@code xsd} and {@code rdf}, and a term reference
 * ({@code "vu": "validUntil"}) is followed to the referenced term's IRI. A property-valued index
 * ({@code @index}) onto a protected IRI is refused the same way.</li>
 * </ul></li>
 * <li><b>Member names.</b> Outside {@code @context} values: a member whose name is an IRI in a protected
 * namespace, or a compact IRI expanding into one, is refused; so is any keyword member of a node object
 * other than {@code @context} ({@code @id}, {@code @type}, {@code @nest}, {@code @set}, {@code @graph},
 * {@code @included}, {@code @reverse}, {@code @index}...). Value objects (with {@code @value}: only
 * {@code @type}, {@code @language}, {@code @direction}, {@code @index} beside it) and list objects
 * ({@code @list}, {@code @index}) are allowed. The contents of {@code @value} and of the bundled
 * {@code @json} terms ({@code jsonSchema}, {@code _sd}, {@code jwk}, {@code publicKeyJwk},
 * {@code secretKeyJwk}) are JSON literals, not JSON-LD, and are not looked into.</li>
 * <li><b>Plain shapes.</b> The single-valued members the verifier reads must have their plain JSON shape,
 * since {@code ["2020-..."]} or {@code {"@value": "2020-...", "@type": "xsd:dateTime"}} is the same ProtectedVocabulary.RDF as
 * {@code "2020-..."} but a reader looking for a string skips it. {@link DataModelValidator} already
 * requires a string {@code id}, an {@code issuer} that is a string or an object with a string {@code id},
 * the same of {@code holder} (VC 2.0; a VC 1.1 holder object may have no {@code id}), a string
 * {@code credentialSubject.id}, string {@code validFrom}/{@code validUntil} in credentials and also
 * {@code issuanceDate}/{@code expirationDate} in VC 1.1 credentials, and a string {@code proof.id}. This
 * class adds the rest, without repeating those: {@code validFrom}, {@code validUntil},
 * {@code issuanceDate}, {@code expirationDate}, {@code created} and {@code expires} must be strings at the
 * top level of a presentation (and of any other document), of a credential (where the validator does not
 * already say so), of each credential in {@code verifiableCredential}, and in every {@code proof} object
 * of those; and a {@code proof} must not carry {@code expiration}, the security vocabulary's other name
 * for {@code expires}'s IRI, which would hide {@code expires} without any inline context.</li>
 * </ol>
 *
 * <p>All problems are {@link ErrorType#MALFORMED_VALUE_ERROR} with a one-line message naming the member
 * and the rule, and a JSON Pointer to the offending definition or member. At most 100 are reported. The
 * walk visits each value once and keeps its position on a small reused stack: for a document with no
 * inline context and no member name containing a colon it builds no strings and no collections that grow
 * with the document (pointers are made only for problems). Following prefixes and term references is
 * bounded per document; inline contexts too intricate for the bound are refused. Nothing here throws for
 * bad input.
 */
public final class JsonLdIntegrity {

    /** Bundled terms typed {@code @json}: their values are JSON literals. */
    private static final Set<String> JSON_LITERAL_TERMS = Set.of("jsonSchema", "_sd", "jwk", "publicKeyJwk", "secretKeyJwk");

    private static final Set<String> VALUE_OBJECT_KEYWORDS = Set.of("@value", "@type", "@language", "@direction", "@index");

    /** Deeper than any parse allows ({@link dev.mandate.vc.json.BoundedJson} stops at 512). */
    static final int MAX_DEPTH = 1000;

    /** An inline context object and where it is. */
    record InlineContext(JsonObject context, String path) {}

    /** A member name with a colon (an IRI or compact IRI) and where it is. */
    record IriKey(String key, String path) {}

    private Problems problems;
    private List<InlineContext> contexts;
    private List<IriKey> iriKeys;
    private boolean tooDeep;

    private String[] keys = new String[32];
    private int[] indexes = new int[32];
    private int depth;

    private JsonLdIntegrity() {}

    /**
     * Problems (empty when fine) for a credential/presentation JSON whose members might not mean what its signed graph says.
     *
     * @param document the verified view
     * @return the problems found, empty when fine
     */
    public static List<Problem> check(JsonObject document) {
        Objects.requireNonNull(document, "document");
        JsonLdIntegrity c = new JsonLdIntegrity();
        c.object(document);
        if (c.contexts != null || c.iriKeys != null) {
            InlineContextRules rules = new InlineContextRules(c.contexts == null ? List.of() : c.contexts, c::report);
            if (c.contexts != null) {
                for (InlineContext ctx : c.contexts) {
                    rules.checkContext(ctx);
                }
            }
            if (c.iriKeys != null) {
                for (IriKey k : c.iriKeys) {
                    rules.checkIriKey(k);
                }
            }
        }
        new PlainShapes(c::report).shapes(document);
        return c.problems == null ? List.of() : c.problems.toList();
    }

    /** The protected term names (all terms of the bundled contexts), for tests. */
    static Set<String> protectedTerms() {
        return ProtectedVocabulary.BUNDLED_TERMS.keySet();
    }

    /** The IRI mappings of the bundled terms, for tests. */
    static Map<String, Set<String>> bundledTermIris() {
        return ProtectedVocabulary.BUNDLED_TERMS;
    }

    // ---------------------------------------------------------------- the walk

    private void value(JsonValue v) {
        if (v.getValueType() == JsonValue.ValueType.NUMBER) {
            number((jakarta.json.JsonNumber) v, null);
        } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            object(v.asJsonObject());
        } else if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray a = v.asJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (push(i)) {
                    value(a.get(i));
                    pop();
                }
            }
        }
    }

    private void object(JsonObject o) {
        boolean valueObject = o.containsKey("@value");
        boolean listObject = !valueObject && o.containsKey("@list");
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            String key = e.getKey();
            if (!key.isEmpty() && key.charAt(0) == '@') {
                if (key.equals("@context")) {
                    if (push(key)) {
                        context(e.getValue());
                        pop();
                    }
                } else if (valueObject) {
                    if (key.equals("@value") && e.getValue() instanceof jakarta.json.JsonNumber n) {
                        number(n, key);
                    }
                    if (!VALUE_OBJECT_KEYWORDS.contains(key)) {
                        keywordMember(key, " is not allowed in a value object; only @value, @type, @language, @direction and @index are");
                    }
                } else if (listObject) {
                    if (key.equals("@list")) {
                        if (push(key)) {
                            value(e.getValue());
                            pop();
                        }
                    } else if (!key.equals("@index")) {
                        keywordMember(key, " is not allowed in a list object; only @list and @index are");
                    }
                } else {
                    keywordMember(key, keywordMemberRule(key));
                }
                continue;
            }
            if (key.indexOf(':') > 0) {
                if (iriKeys == null) {
                    iriKeys = new ArrayList<>();
                }
                iriKeys.add(new IriKey(key, childPath(key)));
            }
            if (valueObject || JSON_LITERAL_TERMS.contains(key)) {
                continue;
            }
            if (push(key)) {
                value(e.getValue());
                pop();
            }
        }
    }

    /**
     * JCS and JSON-LD both reduce a number to its IEEE 754 double, so a proof over {@code 2} also holds for
     * {@code 2.0000000000000001}: a number must be exactly the value its canonical form denotes.
     */
    private void number(jakarta.json.JsonNumber n, String member) {
        if (!dev.mandate.vc.jcs.Jcs.isCanonicalValue(n)) {
            String text = n.toString();
            report(member == null ? path() : childPath(member), "number " + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + " is not exactly an IEEE 754 double,"
                    + " so its signed canonical form stands for another number too; write the number the issuer meant");
        }
    }

    private static String keywordMemberRule(String key) {
        String use = key.equals("@id") ? " (write \"id\")" : key.equals("@type") ? " (write \"type\")" : "";
        return " is a JSON-LD keyword used as a member name; keyword members other than @context are refused on node objects"
                + use;
    }

    private void keywordMember(String key, String rule) {
        report(childPath(key), JsonValues.quote(key) + rule);
    }

    /** Collects the inline context objects of a {@code @context} value, and the scoped contexts inside them. */
    private void context(JsonValue ctx) {
        if (ctx.getValueType() == JsonValue.ValueType.OBJECT) {
            inlineContext(ctx.asJsonObject());
        } else if (ctx.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray a = ctx.asJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).getValueType() == JsonValue.ValueType.OBJECT && push(i)) {
                    inlineContext(a.get(i).asJsonObject());
                    pop();
                }
            }
        }
    }

    private void inlineContext(JsonObject ctx) {
        if (contexts == null) {
            contexts = new ArrayList<>();
        }
        contexts.add(new InlineContext(ctx, path()));
        for (Map.Entry<String, JsonValue> e : ctx.entrySet()) {
            JsonValue def = e.getValue();
            if (!e.getKey().startsWith("@") && def.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonValue scoped = def.asJsonObject().get("@context");
                if (scoped != null && push(e.getKey())) {
                    if (push("@context")) {
                        context(scoped);
                        pop();
                    }
                    pop();
                }
            }
        }
    }

    // ---------------------------------------------------------------- paths and problems

    private boolean push(String key) {
        if (!room()) {
            return false;
        }
        keys[depth] = key;
        depth++;
        return true;
    }

    private boolean push(int index) {
        if (!room()) {
            return false;
        }
        keys[depth] = null;
        indexes[depth] = index;
        depth++;
        return true;
    }

    private boolean room() {
        if (depth >= MAX_DEPTH) {
            if (!tooDeep) {
                tooDeep = true;
                report(path(), "document nests deeper than " + MAX_DEPTH + " levels; refused unchecked below this point");
            }
            return false;
        }
        if (depth == keys.length) {
            keys = java.util.Arrays.copyOf(keys, depth * 2);
            indexes = java.util.Arrays.copyOf(indexes, depth * 2);
        }
        return true;
    }

    private void pop() {
        depth--;
    }

    private String path() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append('/');
            if (keys[i] != null) {
                b.append(JsonPointers.escape(keys[i]));
            } else {
                b.append(indexes[i]);
            }
        }
        return b.toString();
    }

    private String childPath(String key) {
        return JsonPointers.child(path(), key);
    }

    private void report(String path, String message) {
        if (problems == null) {
            problems = new Problems();
        }
        problems.malformed(path, message);
    }

}
