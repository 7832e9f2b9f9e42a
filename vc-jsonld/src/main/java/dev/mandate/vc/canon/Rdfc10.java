package dev.mandate.vc.canon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024), written for small datasets.
 *
 * <p>Quads are added with their terms already serialized in canonical N-Quads form ({@link #iri},
 * {@link #literal}, or a blank node label {@code _:x}); duplicates are ignored (an RDF dataset is a set).
 * The number of calls to the Hash N-Degree Quads algorithm is bounded; exceeding the bound aborts with
 * {@link WorkLimitExceeded}, which is how "poison" graphs are refused.
 *
 * <p>Strings are compared in Unicode code point order, as the specification requires.
 * Not thread-safe; one instance per canonicalization.
 */
final class Rdfc10 {

    /** Thrown when the bound on Hash N-Degree Quads calls is exceeded. */
    static final class WorkLimitExceeded extends Exception {
        private static final long serialVersionUID = 1L;

        WorkLimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final MessageDigest md;
    private final long maxCalls;
    private long calls;

    /** A quad of serialized terms; {@code g} is null for the default graph. Equal when all four terms are. */
    private record Quad(String s, String p, String o, String g) {
    }

    /** Quads that mention a blank node, each once. */
    private final List<Quad> quads = new ArrayList<>();
    /** The quads that mention a blank node, to drop their duplicates before any hashing. */
    private final Set<Quad> seen = new HashSet<>();
    /**
     * The final N-Quads lines of the quads without blank nodes (relabeling leaves them as they are), duplicates
     * included: they are dropped after sorting, where equal lines are neighbours, which costs less than hashing every
     * line on the way in.
     */
    private final List<String> groundLines = new ArrayList<>();
    /**
     * The ground lines seen, once there have been {@link #GROUND_LINES_BEFORE_HASHING}: from then on they are
     * de-duplicated by hashing on the way in, so a document that repeats one value many times (a long array of
     * {@code true}) does not keep (and sort) every repeat. Null until then.
     */
    private Set<String> groundSeen;
    static final int GROUND_LINES_BEFORE_HASHING = 256;
    /** blank node label (with _:) to the quads that mention it, in order of first appearance. */
    private final Map<String, List<Quad>> blankQuads = new LinkedHashMap<>();
    private final Map<String, String> firstDegree = new HashMap<>();
    private final Issuer canonical = new Issuer("_:c14n");
    /** Whether the lines of the last {@link #canonicalLines} are all ASCII. */
    private boolean ascii;
    /** ASCII lines on their way into the hash of a blank node. */
    private byte[] scratch = new byte[256];

    /**
     * @param hashAlgorithm {@code SHA-256} or {@code SHA-384}
     * @param maxCalls      most calls of Hash N-Degree Quads allowed in total
     */
    Rdfc10(String hashAlgorithm, long maxCalls) {
        try {
            this.md = MessageDigest.getInstance(hashAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported hash algorithm " + hashAlgorithm, e);
        }
        this.maxCalls = maxCalls;
    }

    // ------------------------------------------------------------------ input

    /** Adds a quad; {@code g} is null for the default graph. Terms are serialized (see class doc). */
    void add(String s, String p, String o, String g) {
        boolean blankS = NQuads.isBlank(s);
        boolean blankO = NQuads.isBlank(o);
        boolean blankG = g != null && NQuads.isBlank(g);
        if (!blankS && !blankO && !blankG) {
            addGround(NQuads.line(s, p, o, g));
            return;
        }
        Quad q = new Quad(s, p, o, g);
        if (!seen.add(q)) {
            return;
        }
        quads.add(q);
        if (blankS) {
            blankQuads.computeIfAbsent(s, k -> new ArrayList<>(4)).add(q);
        }
        if (blankO && !o.equals(s)) {
            blankQuads.computeIfAbsent(o, k -> new ArrayList<>(4)).add(q);
        }
        if (blankG && !g.equals(s) && !g.equals(o)) {
            blankQuads.computeIfAbsent(g, k -> new ArrayList<>(4)).add(q);
        }
    }

    /**
     * Adds the finished N-Quads line of a quad without blank nodes ({@link NQuads#groundLine}): relabeling leaves
     * it as it is.
     */
    void addGround(String line) {
        if (groundSeen == null && groundLines.size() >= GROUND_LINES_BEFORE_HASHING) {
            groundSeen = new HashSet<>(groundLines);
            groundLines.clear();
            groundLines.addAll(groundSeen);
        }
        if (groundSeen == null || groundSeen.add(line)) {
            groundLines.add(line);
        }
    }

    /** Lines of ground quads kept so far (repeats included until {@link #GROUND_LINES_BEFORE_HASHING}); for tests. */
    int groundLinesKept() {
        return groundLines.size();
    }

    /** Calls of Hash N-Degree Quads made so far. */
    long calls() {
        return calls;
    }

    // ------------------------------------------------------------------ algorithm

    /** Runs the canonicalization algorithm and returns the canonical N-Quads document. */
    String canonicalize() throws WorkLimitExceeded {
        return join(canonicalLines());
    }

    /**
     * Runs the canonicalization algorithm and returns the canonical N-Quads document as UTF-8, what the
     * cryptosuites hash: written straight into one array when it is ASCII (as credentials mostly are), instead of
     * a builder, a string and its encoding.
     */
    byte[] canonicalUtf8() throws WorkLimitExceeded {
        String[] lines = canonicalLines();
        if (!ascii) {
            return join(lines).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[length(lines)];
        int at = 0;
        for (String l : lines) {
            asciiInto(l, out, at);
            at += l.length();
        }
        return out;
    }

    @SuppressWarnings("deprecation") // exactly the copy wanted: each char's low 8 bits, the whole char for ASCII
    private static void asciiInto(String line, byte[] out, int at) {
        line.getBytes(0, line.length(), out, at);
    }

    private static String join(String[] lines) {
        StringBuilder b = new StringBuilder(length(lines));
        for (String l : lines) {
            b.append(l);
        }
        return b.toString();
    }

    private static int length(String[] lines) {
        int len = 0;
        for (String l : lines) {
            len += l.length();
        }
        return len;
    }

    /** The canonical lines, sorted, each once. */
    private String[] canonicalLines() throws WorkLimitExceeded {
        issueIdentifiers();
        String[] lines = new String[quads.size() + groundLines.size()];
        int i = 0;
        for (Quad q : quads) {
            lines[i++] = NQuads.line(relabel(q.s()), q.p(), relabel(q.o()), q.g() == null ? null : relabel(q.g()));
        }
        for (String l : groundLines) {
            lines[i++] = l;
        }
        ascii = NQuads.sort(lines);
        // an RDF dataset is a set: equal lines, now neighbours, are one quad (only ground quads can repeat here, and
        // relabeling maps distinct quads with blank nodes to distinct lines)
        int n = 0;
        String previous = null;
        for (String l : lines) {
            if (!l.equals(previous)) {
                lines[n++] = l;
            }
            previous = l;
        }
        return n == lines.length ? lines : Arrays.copyOf(lines, n);
    }

    /** The issued identifiers map (input label to canonical label, both without {@code _:}), after canonicalize. */
    Map<String, String> issuedIdentifiers() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : canonical.issued.entrySet()) {
            m.put(e.getKey().substring(2), e.getValue().substring(2));
        }
        return m;
    }

    private String relabel(String term) {
        return NQuads.isBlank(term) ? canonical.get(term) : term;
    }

    private void issueIdentifiers() throws WorkLimitExceeded {
        if (blankQuads.isEmpty()) {
            return;
        }
        // steps 3-4: first-degree hashes (they never change, so one pass suffices)
        TreeMap<String, List<String>> hashToBlank = new TreeMap<>();
        for (String id : blankQuads.keySet()) {
            String h = hashFirstDegree(id);
            firstDegree.put(id, h);
            hashToBlank.computeIfAbsent(h, k -> new ArrayList<>(2)).add(id);
        }
        // step 5: unique hashes get canonical identifiers in hash order
        List<List<String>> nonUnique = new ArrayList<>();
        for (List<String> ids : hashToBlank.values()) {
            if (ids.size() == 1) {
                canonical.issue(ids.get(0));
            } else {
                nonUnique.add(ids);
            }
        }
        // step 6: the rest, by Hash N-Degree Quads
        for (List<String> ids : nonUnique) {
            List<Result> paths = new ArrayList<>(ids.size());
            for (String id : ids) {
                if (canonical.has(id)) {
                    continue;
                }
                Issuer temp = new Issuer("_:b");
                temp.issue(id);
                paths.add(hashNDegree(id, temp));
            }
            paths.sort((x, y) -> x.hash.compareTo(y.hash)); // stable: equal hashes keep their order
            for (Result r : paths) {
                for (String existing : r.issuer.issued.keySet()) {
                    canonical.issue(existing);
                }
            }
        }
    }

    private String hashFirstDegree(String id) {
        List<Quad> qs = blankQuads.get(id);
        String[] lines = new String[qs.size()];
        for (int i = 0; i < lines.length; i++) {
            Quad q = qs.get(i);
            lines[i] = NQuads.line(mark(q.s(), id), q.p(), mark(q.o(), id), q.g() == null ? null : mark(q.g(), id));
        }
        boolean ascii = lines.length > 1 ? NQuads.sort(lines) : NQuads.isAscii(lines[0]);
        md.reset();
        for (String l : lines) {
            if (ascii) { // through one reused array instead of an encoded copy of every line
                if (scratch.length < l.length()) {
                    scratch = new byte[Math.max(l.length(), 2 * scratch.length)];
                }
                asciiInto(l, scratch, 0);
                md.update(scratch, 0, l.length());
            } else {
                md.update(l.getBytes(StandardCharsets.UTF_8));
            }
        }
        return NQuads.hex(md.digest());
    }

    private static String mark(String term, String id) {
        return NQuads.isBlank(term) ? (term.equals(id) ? "_:a" : "_:z") : term;
    }

    private record Result(String hash, Issuer issuer) {
    }

    private Result hashNDegree(String id, Issuer issuer) throws WorkLimitExceeded {
        if (++calls > maxCalls) {
            throw new WorkLimitExceeded("RDFC-1.0 aborted: more than " + maxCalls
                    + " calls of Hash N-Degree Quads (a blank-node structure too complex to canonicalize safely)");
        }
        // steps 1-3: hash to related blank nodes
        TreeMap<String, List<String>> related = new TreeMap<>();
        for (Quad q : blankQuads.get(id)) {
            addRelated(related, q, q.s(), "s", id, issuer);
            addRelated(related, q, q.o(), "o", id, issuer);
            if (q.g() != null) {
                addRelated(related, q, q.g(), "g", id, issuer);
            }
        }
        // steps 4-5
        StringBuilder dataToHash = new StringBuilder();
        for (Map.Entry<String, List<String>> e : related.entrySet()) {
            dataToHash.append(e.getKey());
            String chosenPath = null;
            Issuer chosenIssuer = null;
            Permutations perms = new Permutations(e.getValue());
            while (perms.hasNext()) {
                String[] permutation = perms.next();
                Issuer issuerCopy = issuer.copy();
                StringBuilder path = new StringBuilder();
                List<String> recursion = new ArrayList<>();
                boolean skip = false;
                for (String rel : permutation) {
                    if (canonical.has(rel)) {
                        path.append(canonical.get(rel));
                    } else {
                        if (!issuerCopy.has(rel)) {
                            recursion.add(rel);
                        }
                        path.append(issuerCopy.issue(rel));
                    }
                    if (chosenPath != null && NQuads.compareCodePoints(path, chosenPath) > 0) {
                        skip = true;
                        break;
                    }
                }
                if (skip) {
                    continue;
                }
                for (String rel : recursion) {
                    Result r = hashNDegree(rel, issuerCopy);
                    path.append(issuerCopy.issue(rel)).append('<').append(r.hash).append('>');
                    issuerCopy = r.issuer;
                    if (chosenPath != null && NQuads.compareCodePoints(path, chosenPath) > 0) {
                        skip = true;
                        break;
                    }
                }
                if (skip) {
                    continue;
                }
                if (chosenPath == null || NQuads.compareCodePoints(path, chosenPath) < 0) {
                    chosenPath = path.toString();
                    chosenIssuer = issuerCopy;
                }
            }
            dataToHash.append(chosenPath);
            issuer = chosenIssuer;
        }
        md.reset();
        return new Result(NQuads.hex(md.digest(dataToHash.toString().getBytes(StandardCharsets.UTF_8))), issuer);
    }

    private void addRelated(Map<String, List<String>> related, Quad q, String component, String position,
                            String id, Issuer issuer) {
        if (!NQuads.isBlank(component) || component.equals(id)) {
            return;
        }
        StringBuilder in = new StringBuilder(position);
        if (!"g".equals(position)) {
            in.append(q.p()); // the predicate, already serialized as <iri>
        }
        if (canonical.has(component)) {
            in.append(canonical.get(component));
        } else if (issuer.has(component)) {
            in.append(issuer.get(component));
        } else {
            in.append(firstDegree.get(component));
        }
        md.reset();
        String h = NQuads.hex(md.digest(in.toString().getBytes(StandardCharsets.UTF_8)));
        related.computeIfAbsent(h, k -> new ArrayList<>(2)).add(component);
    }

    /** An identifier issuer: issues prefix + counter, remembering the order of issue. */
    static final class Issuer {
        final String prefix;
        final LinkedHashMap<String, String> issued;
        int counter;

        Issuer(String prefix) {
            this.prefix = prefix;
            this.issued = new LinkedHashMap<>();
        }

        private Issuer(Issuer o) {
            this.prefix = o.prefix;
            this.issued = new LinkedHashMap<>(o.issued);
            this.counter = o.counter;
        }

        String issue(String existing) {
            String id = issued.get(existing);
            if (id == null) {
                id = prefix + counter++;
                issued.put(existing, id);
            }
            return id;
        }

        boolean has(String existing) {
            return issued.containsKey(existing);
        }

        String get(String existing) {
            return issued.get(existing);
        }

        Issuer copy() {
            return new Issuer(this);
        }
    }

    /**
     * All permutations of a list, in Steinhaus-Johnson-Trotter order starting from the sorted list (the order
     * decides which of several equally good paths is chosen, and so the issued identifiers; this is the order
     * other implementations use). Equal elements share one direction and never pass each other.
     */
    static final class Permutations {
        private final String[] items;
        private final Map<String, Boolean> left = new HashMap<>();
        private boolean done;

        Permutations(List<String> list) {
            this.items = list.toArray(new String[0]);
            Arrays.sort(items, NQuads::compareCodePoints);
            for (String s : items) {
                left.put(s, Boolean.TRUE);
            }
        }

        boolean hasNext() {
            return !done;
        }

        String[] next() {
            String[] current = items.clone();
            int n = items.length;
            String k = null;
            int pos = 0;
            for (int i = 0; i < n; i++) {
                String e = items[i];
                boolean l = left.get(e);
                if ((k == null || NQuads.compareCodePoints(e, k) > 0)
                        && ((l && i > 0 && NQuads.compareCodePoints(e, items[i - 1]) > 0)
                        || (!l && i < n - 1 && NQuads.compareCodePoints(e, items[i + 1]) > 0))) {
                    k = e;
                    pos = i;
                }
            }
            if (k == null) {
                done = true;
            } else {
                int swap = left.get(k) ? pos - 1 : pos + 1;
                items[pos] = items[swap];
                items[swap] = k;
                for (String e : items) {
                    if (NQuads.compareCodePoints(e, k) > 0) {
                        left.put(e, !left.get(e));
                    }
                }
            }
            return current;
        }
    }
}
