/**
 * The credential and presentation model over JSON-P: read-only views
 * ({@link dev.mandate.vc.model.Credential}, {@link dev.mandate.vc.model.Presentation}), version and
 * kind detection, XML Schema date-times, URL syntax, and the VC Data Model validator
 * ({@link dev.mandate.vc.model.DataModelValidator}).
 */
package dev.mandate.vc.model;
