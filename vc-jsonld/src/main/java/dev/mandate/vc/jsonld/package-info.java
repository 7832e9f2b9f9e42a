/**
 * Offline JSON-LD: the bundled and user-registered contexts ({@link dev.mandate.vc.jsonld.ContextRegistry}),
 * the Titanium document loader that serves only them ({@link dev.mandate.vc.jsonld.OfflineDocumentLoader}),
 * expansion with Data Integrity's safe mode ({@link dev.mandate.vc.jsonld.Expander}) and the typed error
 * every operation reports ({@link dev.mandate.vc.jsonld.JsonLdException}). No network access, ever.
 */
package dev.mandate.vc.jsonld;
