/**
 * RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents and N-Quads: {@link dev.mandate.vc.canon.Rdfc}
 * with {@link dev.mandate.vc.canon.RdfcOptions}.
 */
package dev.mandate.vc.canon;
