package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Rules 1 and 2 of {@link JsonLdIntegrity}, applied to what its walk collected: each inline context object is checked
 * for refused keywords, {@code @vocab}s, keyword aliases, {@code @reverse}, protected term redefinitions and aliases
 * onto protected IRIs; each member name with a colon for being a protected IRI. Both expand compact IRIs and term
 * references with every prefix and term the document's inline contexts define, within a per-document bound.
 */
final class InlineContextRules {
    private static final Set<String> CONTEXT_KEYWORDS_ALLOWED = Set.of(
            "@version", "@language", "@direction", "@protected", "@propagate");
    private static final Set<String> PLAIN_DEFINITION_KEYS = Set.of("@id", "@protected");
    /** Bound on following prefixes and term references through one another. */
    private static final int EXPANSION_BUDGET = 8;
    /**
     * Bound on expansion steps per document: terms defined many times over in many contexts, through one
     * another, would otherwise fan out exponentially. Real documents take tens.
     */
    static final int MAX_EXPANSION_STEPS = 50_000;

    private final Map<String, List<String>> inlineTerms;
    private final BiConsumer<String, String> report;
    private int expansionSteps;

    /**
     * @param contexts every inline context of the document, whose terms and prefixes expansions follow
     * @param report   takes a JSON Pointer and a one-line message for each problem
     */
    InlineContextRules(List<JsonLdIntegrity.InlineContext> contexts, BiConsumer<String, String> report) {
        this.inlineTerms = inlineTerms(contexts);
        this.report = report;
    }

    /** Raw IRI mappings of every term any inline context of the document defines. */
    private static Map<String, List<String>> inlineTerms(List<JsonLdIntegrity.InlineContext> contexts) {
        Map<String, List<String>> m = new HashMap<>();
        for (JsonLdIntegrity.InlineContext c : contexts) {
            for (Map.Entry<String, JsonValue> e : c.context().entrySet()) {
                String term = e.getKey();
                if (term.startsWith("@")) {
                    continue;
                }
                String raw = null;
                JsonValue v = e.getValue();
                if (v instanceof JsonString) {
                    raw = ((JsonString) v).getString();
                } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    JsonValue id = v.asJsonObject().get("@id");
                    if (id instanceof JsonString) {
                        raw = ((JsonString) id).getString();
                    } else if (id == null && term.indexOf(':') > 0) {
                        raw = term;
                    }
                }
                if (raw != null) {
                    m.computeIfAbsent(term, k -> new ArrayList<>(1)).add(raw);
                }
            }
        }
        return m;
    }

    /** Rule 1: checks one inline context object. */
    void checkContext(JsonLdIntegrity.InlineContext c) {
        for (Map.Entry<String, JsonValue> e : c.context().entrySet()) {
            String key = e.getKey();
            String at = JsonPointers.child(c.path(), key);
            if (key.startsWith("@")) {
                contextKeyword(key, e.getValue(), at);
            } else {
                term(key, e.getValue(), at);
            }
        }
    }

    private void contextKeyword(String key, JsonValue v, String at) {
        if (CONTEXT_KEYWORDS_ALLOWED.contains(key)) {
            return;
        }
        switch (key) {
            case "@vocab":
                vocab(v, at);
                return;
            case "@base":
            case "@import":
                report.accept(at, "inline @context uses " + key + "; @base and @import are refused in inline contexts, since they"
                        + " change what the document's terms and IRIs mean");
                return;
            case "@type":
                if (!keywordTypeDefinition(v)) {
                    report.accept(at, "inline @context redefines the keyword @type; only {\"@container\": \"@set\", \"@protected\": true}"
                            + " is allowed");
                }
                return;
            default:
                report.accept(at, "inline @context uses the keyword " + JsonValues.quote(key) + ", which is refused in inline contexts;"
                        + " only @version, @vocab, @language, @direction, @protected, @propagate and @type are allowed");
        }
    }

    private static boolean keywordTypeDefinition(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            return false;
        }
        JsonObject def = v.asJsonObject();
        for (String k : def.keySet()) {
            if (!k.equals("@container") && !k.equals("@protected")) {
                return false;
            }
        }
        JsonValue container = def.get("@container");
        return container == null || (container instanceof JsonString && ((JsonString) container).getString().equals("@set"));
    }

    private void vocab(JsonValue v, String at) {
        if (!(v instanceof JsonString)) {
            return; // null resets it; anything else is a JSON-LD error, not a way to hide a member
        }
        String s = ((JsonString) v).getString();
        List<String> iris = expansions(s);
        if (s.indexOf(':') <= 0 && iris.isEmpty()) {
            report.accept(at, "inline @context sets a relative @vocab " + JsonValues.quote(s) + "; a relative @vocab is refused,"
                    + " since what it means depends on the vocabulary in effect and the base IRI");
            return;
        }
        for (String iri : iris) {
            if (iri.startsWith("@") || ProtectedVocabulary.isProtected(iri) || ProtectedVocabulary.leadsIntoProtected(iri)) {
                report.accept(at, "inline @context sets @vocab to " + JsonValues.quote(s) + (iri.equals(s) ? "" : " (" + ProtectedVocabulary.label(iri) + ")")
                        + "; a @vocab in or leading into the VC, security, status or agent vocabularies is refused");
                return;
            }
        }
    }

    private void term(String term, JsonValue def, String at) {
        String q = JsonValues.quote(term);
        boolean bundled = ProtectedVocabulary.BUNDLED_TERMS.containsKey(term);
        List<String> iris = new ArrayList<>(2);
        String keyword = null;
        boolean plain;
        if (def.getValueType() == JsonValue.ValueType.NULL) {
            if (bundled) {
                redefinition(term, at);
            }
            return;
        } else if (def instanceof JsonString) {
            String s = ((JsonString) def).getString();
            if (s.startsWith("@")) {
                keyword = s;
            } else {
                iris.addAll(expansions(s));
            }
            plain = true;
        } else if (def.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject d = def.asJsonObject();
            if (d.containsKey("@reverse")) {
                report.accept(at, "inline @context defines " + q + " with @reverse; reverse properties are refused, since they move"
                        + " a statement about a node into another node's members");
                return;
            }
            JsonValue id = d.get("@id");
            if (id instanceof JsonString) {
                String s = ((JsonString) id).getString();
                if (s.startsWith("@")) {
                    keyword = s;
                } else {
                    iris.addAll(expansions(s));
                }
            } else if (id == null && term.indexOf(':') > 0) {
                iris.addAll(expansions(term));
            }
            JsonValue index = d.get("@index");
            if (index instanceof JsonString) {
                for (String iri : expansions(((JsonString) index).getString())) {
                    if (iri.startsWith("@") || ProtectedVocabulary.isProtected(iri)) {
                        report.accept(JsonPointers.child(at, "@index"), "inline @context indexes " + q + " by " + ProtectedVocabulary.label(iri)
                                + "; an @index onto the VC vocabularies is refused");
                        return;
                    }
                }
            }
            plain = PLAIN_DEFINITION_KEYS.containsAll(d.keySet());
        } else {
            return; // a JSON-LD error, not a way to hide a member
        }
        if (term.indexOf(':') > 0) {
            iris.addAll(expansions(term)); // a term spelled as an IRI also keeps that meaning for readers
        }
        if (bundled) {
            if (keyword != null || !plain || !restatement(term, iris)) {
                redefinition(term, at);
            }
            return;
        }
        if (keyword != null) {
            keywordAlias(term, keyword, at);
            return;
        }
        for (String iri : iris) {
            if (iri.startsWith("@")) {
                keywordAlias(term, iri, at);
                return;
            }
            if (ProtectedVocabulary.isProtected(iri)) {
                report.accept(at, "inline @context aliases " + q + " to " + ProtectedVocabulary.label(iri) + "; aliasing VC terms is refused");
                return;
            }
        }
    }

    /** True if the definition maps {@code term} to its own bundled IRI, which no other bundled term maps to. */
    private static boolean restatement(String term, List<String> iris) {
        boolean own = false;
        for (String iri : iris) {
            if (!iri.startsWith("@") && ProtectedVocabulary.BUNDLED_TERMS.get(term).contains(iri) && ProtectedVocabulary.BUNDLED_NAMES.get(iri).size() == 1) {
                own = true;
            } else if (iri.startsWith("@") || ProtectedVocabulary.isProtected(iri)) {
                return false;
            }
        }
        return own;
    }

    private void redefinition(String term, String at) {
        report.accept(at, "inline @context redefines the protected term " + JsonValues.quote(term)
                + "; protected term redefinition is refused");
    }

    private void keywordAlias(String term, String keyword, String at) {
        report.accept(at, "inline @context aliases " + JsonValues.quote(term) + " to the keyword " + keyword
                + "; keyword aliases are refused");
    }

    /**
     * The IRIs {@code value} may stand for as an IRI mapping or a member name: itself when it has a colon
     * (an absolute IRI), its expansions with each prefix known here, or, without a colon, the IRIs of the
     * term it names. Keyword results start with {@code @}.
     */
    private List<String> expansions(String value) {
        List<String> out = new ArrayList<>(2);
        expand(value, EXPANSION_BUDGET, out);
        return out;
    }

    private void expand(String value, int budget, List<String> out) {
        if (budget == 0 || value.isEmpty()) {
            return;
        }
        if (++expansionSteps > MAX_EXPANSION_STEPS) {
            if (expansionSteps == MAX_EXPANSION_STEPS + 1) {
                report.accept(JsonPointers.ROOT, "inline contexts define terms through one another too intricately to check (more than "
                        + MAX_EXPANSION_STEPS + " expansion steps); refused");
            }
            return;
        }
        if (value.charAt(0) == '@') {
            out.add(value);
            return;
        }
        int colon = value.indexOf(':');
        if (colon > 0) {
            out.add(value);
            String prefix = value.substring(0, colon);
            String suffix = value.substring(colon + 1);
            if (prefix.equals("_") || suffix.startsWith("//")) {
                return;
            }
            String standard = ProtectedVocabulary.STANDARD_PREFIXES.get(prefix);
            if (standard != null) {
                out.add(standard + suffix);
            }
            List<String> raws = inlineTerms.get(prefix);
            if (raws != null) {
                for (String raw : raws) {
                    List<String> sub = new ArrayList<>(2);
                    expand(raw, budget - 1, sub);
                    for (String s : sub) {
                        if (!s.startsWith("@")) {
                            out.add(s + suffix);
                        }
                    }
                }
            }
            return;
        }
        if (colon == 0) {
            return;
        }
        Set<String> bundled = ProtectedVocabulary.BUNDLED_TERMS.get(value);
        if (bundled != null) {
            out.addAll(bundled);
        }
        List<String> raws = inlineTerms.get(value);
        if (raws != null) {
            for (String raw : raws) {
                expand(raw, budget - 1, out);
            }
        }
    }

    /** Rule 2: refuses a member name that is, or expands to, a protected IRI. */
    void checkIriKey(JsonLdIntegrity.IriKey k) {
        for (String iri : expansions(k.key())) {
            if (!iri.startsWith("@") && ProtectedVocabulary.isProtected(iri)) {
                report.accept(k.path(), "member " + JsonValues.quote(k.key()) + " is the IRI " + ProtectedVocabulary.label(iri)
                        + "; naming VC terms by IRI or compact IRI is refused (use the term)");
                return;
            }
        }
    }
}
