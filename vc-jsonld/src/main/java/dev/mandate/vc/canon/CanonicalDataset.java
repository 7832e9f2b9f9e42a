package dev.mandate.vc.canon;

import java.util.Map;
import java.util.Objects;

/**
 * The result of canonicalizing an RDF dataset.
 *
 * @param nquads            the canonical N-Quads document (UTF-8 when hashed; every line ends with a newline)
 * @param issuedIdentifiers the RDFC-1.0 issued identifiers map: each input blank node label (without
 *                          {@code _:}) to its canonical label ({@code c14n0}, {@code c14n1}, ...)
 */
public record CanonicalDataset(String nquads, Map<String, String> issuedIdentifiers) {
    /**
     * Copies the identifier map.
     *
     * @param nquads            the canonical N-Quads; not null
     * @param issuedIdentifiers the issued identifiers (copied, unmodifiable)
     */
    public CanonicalDataset {
        Objects.requireNonNull(nquads, "nquads");
        issuedIdentifiers = Map.copyOf(issuedIdentifiers);
    }
}
