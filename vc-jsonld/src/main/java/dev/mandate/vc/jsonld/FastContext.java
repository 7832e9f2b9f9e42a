package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.context.TermDefinition;
import jakarta.json.JsonValue;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A processed (immutable) Titanium {@link ActiveContext} with memo tables: IRI expansions of terms and the
 * contexts derived from it (type-scoped, property-scoped and embedded contexts). Derived contexts are
 * themselves memoized, so after warm-up a document whose contexts were seen before causes no context
 * processing at all. All tables are bounded; beyond their bound results are computed and not kept.
 * Thread-safe.
 */
final class FastContext {

    static final int MAX_IRIS = 4096;
    static final int MAX_DERIVED = 256;

    /** The kinds of derived context, each created by the expansion algorithm with different flags. */
    enum Kind {
        /** Type-scoped: propagate false (ObjectExpansion step 11). */
        TYPE,
        /** Property-scoped, for a map value: override protected (ObjectExpansion step 8). */
        PROPERTY_OF_MAP,
        /** Property-scoped, for a scalar value: plain (ScalarExpansion step 4.2). */
        PROPERTY_OF_SCALAR,
        /** An embedded {@code @context} (ObjectExpansion step 9). */
        EMBEDDED
    }

    private static final String NULL = new String("(no IRI)"); // an identity sentinel

    final ActiveContext ac;
    private final Map<String, String> vocabIris = new ConcurrentHashMap<>();
    private final Map<String, String> typeIris = new ConcurrentHashMap<>();
    private final Map<String, String> predicates = new ConcurrentHashMap<>();
    private final Map<DerivedKey, FastContext> derived = new ConcurrentHashMap<>();
    private volatile FastContext previous;

    FastContext(ActiveContext ac) {
        this.ac = Objects.requireNonNull(ac);
    }

    /** The term definition of {@code term}, or null. */
    TermDefinition term(String term) {
        return term == null ? null : ac.getTermsMapping().get(term);
    }

    /** IRI expansion with vocab=true, documentRelative=false (keys, and type detection). */
    String vocab(String value) throws JsonLdError {
        String r = vocabIris.get(value);
        if (r == null) {
            String e = ac.uriExpansion().vocab(true).documentRelative(false).expand(value);
            r = e == null ? NULL : e;
            if (vocabIris.size() < MAX_IRIS) {
                vocabIris.put(value, r);
            }
        }
        return r == NULL ? null : r;
    }

    /**
     * {@link #vocab} of a property key when that is an absolute IRI by {@link Iris#isAbsolute} (so a predicate),
     * else null; the test is made once per key and context, not once per property of every document.
     */
    String predicate(String key) throws JsonLdError {
        String r = predicates.get(key);
        if (r == null) {
            String e = vocab(key);
            r = e != null && Iris.isAbsolute(e) ? e : NULL;
            if (predicates.size() < MAX_IRIS) {
                predicates.put(key, r);
            }
        }
        return r == NULL ? null : r;
    }

    /** IRI expansion with vocab=true, documentRelative=true ({@code @type} values, {@code @vocab}-typed values). */
    String typeIri(String value) throws JsonLdError {
        String r = typeIris.get(value);
        if (r == null) {
            String e = ac.uriExpansion().vocab(true).documentRelative(true).expand(value);
            r = e == null ? NULL : e;
            if (typeIris.size() < MAX_IRIS) {
                typeIris.put(value, r);
            }
        }
        return r == NULL ? null : r;
    }

    /**
     * IRI expansion with vocab=false, documentRelative=true ({@code @id} values); not memoized. The common
     * cases (absolute IRIs, compact IRIs, blank node labels, no base IRI) are done here exactly as Titanium's
     * {@code UriExpansion} does them; the rest is delegated to it.
     */
    String idIri(String value) throws JsonLdError {
        int n = value.length();
        if (n == 0 || value.charAt(0) == '@' || ac.getBaseUri() != null || ac.getTermsMapping().containsKey(value)) {
            return titaniumIdIri(value);
        }
        int split = value.indexOf(':', 1);
        if (split < 0) {
            return value; // relative; with no base IRI it stays as it is
        }
        // 6.2: a blank node label, or an IRI with an authority
        if ((split == 1 && value.charAt(0) == '_')
                || (split + 2 < n && value.charAt(split + 1) == '/' && value.charAt(split + 2) == '/')) {
            return value;
        }
        // 6.4: a compact IRI whose prefix is a prefix term
        String result = value;
        TermDefinition prefix = ac.getTermsMapping().get(value.substring(0, split));
        if (prefix != null && prefix.isPrefix() && prefix.getUriMapping() != null) {
            result = prefix.getUriMapping().concat(value.substring(split + 1));
        }
        // 6.5, then step 8 with no base IRI: the result either way
        return result;
    }

    private String titaniumIdIri(String value) throws JsonLdError {
        return ac.uriExpansion().vocab(false).documentRelative(true).expand(value);
    }

    /** This context's previous context (a type-scoped context's context before it). */
    FastContext previous() {
        FastContext p = previous;
        if (p == null) {
            ActiveContext pa = ac.getPreviousContext();
            if (pa == null) {
                return null;
            }
            p = new FastContext(pa);
            previous = p;
        }
        return p;
    }

    /**
     * The context that results from processing {@code local} on top of this one, created as the expansion
     * algorithm creates it for {@code kind}. Scoped contexts are keyed by identity (they belong to term
     * definitions, which are shared and immutable); embedded contexts by value.
     */
    FastContext derive(Kind kind, JsonValue local, URI baseUrl) throws JsonLdError {
        DerivedKey key = new DerivedKey(kind, local, baseUrl);
        FastContext d = derived.get(key);
        if (d == null) {
            ActiveContext created;
            switch (kind) {
                case TYPE:
                    created = ac.newContext().propagate(false).create(local, baseUrl);
                    break;
                case PROPERTY_OF_MAP:
                    created = ac.newContext().overrideProtected(true).create(local, baseUrl);
                    break;
                default:
                    created = ac.newContext().create(local, baseUrl);
            }
            d = new FastContext(created);
            if (derived.size() < MAX_DERIVED) {
                FastContext raced = derived.putIfAbsent(key, d);
                if (raced != null) {
                    d = raced;
                }
            }
        }
        return d;
    }

    /** Key of a derived context. */
    private static final class DerivedKey {
        private final Kind kind;
        private final JsonValue local;
        private final URI baseUrl;
        private final int hash;

        DerivedKey(Kind kind, JsonValue local, URI baseUrl) {
            this.kind = kind;
            this.local = local;
            this.baseUrl = baseUrl;
            int h = kind == Kind.EMBEDDED ? local.hashCode() : System.identityHashCode(local);
            this.hash = 31 * (31 * kind.hashCode() + h) + Objects.hashCode(baseUrl);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof DerivedKey k) || k.kind != kind || !Objects.equals(k.baseUrl, baseUrl)) {
                return false;
            }
            return kind == Kind.EMBEDDED ? k.local.equals(local) : k.local == local;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
