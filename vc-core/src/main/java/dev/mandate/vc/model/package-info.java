/**
 * The credential and presentation model over JSON-P: read-only views
 * ({@link dev.mandate.vc.model.Credential}, {@link dev.mandate.vc.model.Presentation}), version and
 * kind detection, XML Schema date-times, URL syntax, the VC Data Model validator
 * ({@link dev.mandate.vc.model.DataModelValidator}), and the static check that a document's JSON members
 * mean what its signed RDF graph says ({@link dev.mandate.vc.model.JsonLdIntegrity}).
 */
package dev.mandate.vc.model;
